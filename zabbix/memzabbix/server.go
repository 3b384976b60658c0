package memzabbix

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// defaultVersion is 7.0.22, the 7.0 LTS release the project tests against.
func defaultVersion() zabbix.Version { return zabbix.V7_0 + 22 } // 7.0.22

// The first IDs handed out when the seeds leave room below them.
const (
	firstHostID      = 10600
	firstInterfaceID = 1
)

// Config is what a Server starts with. Seeds are copied; the Server never
// keeps a reference to them.
type Config struct {
	// Version is the Zabbix version the server behaves as: error texts and
	// what it accepts follow that version (6.0 rules below 7.0, 7.0 rules
	// from 7.0 on). Zero means 7.0.22.
	Version zabbix.Version

	// HostGroups, Templates, Proxies and ProxyGroups are the objects hosts
	// may refer to. Proxy groups are only usable from 7.0 on.
	HostGroups  []zabbix.HostGroup
	Templates   []zabbix.Template
	Proxies     []zabbix.Proxy
	ProxyGroups []zabbix.ProxyGroup

	// TemplateItems names, by template ID, an item of the template that
	// uses an interface of the given type: a host linked to the template
	// has that item bound to its main interface of that type, which an
	// update may then not remove ("Interface is linked to item …").
	TemplateItems map[string]TemplateItem

	// Hosts are stored as given, without validation, except that an empty
	// HostID or InterfaceID gets a fresh one, an empty Name becomes Host,
	// and a zero TLSConnect or TLSAccept becomes zabbix.TLSNone. New panics
	// when two seeded hosts share a HostID or a technical name, or two
	// interfaces share an InterfaceID: a broken seed is a bug in the test.
	Hosts []zabbix.Host
}

// DefaultConfig returns what a freshly installed Zabbix server of version v
// holds that tests need (v zero means 7.0.22):
//
//   - host groups "Linux servers" (2), "Zabbix servers" (4), "Discovered
//     hosts" (5), "Virtual machines" (6) and "Hypervisors" (7);
//   - templates "Linux by Zabbix agent" (10001, whose items use the agent
//     interface: the one Zabbix names when that is refused is "CPU idle
//     time" on 6.x and "Total memory" on 7.x), "Zabbix server health" (10047),
//     "ICMP Ping" (10186 on 6.x, 10564 on 7.x) and "Generic by SNMP"
//     (10204 on 6.x, 10563 on 7.x, whose item "SNMP agent availability"
//     uses the SNMP interface);
//   - the host "Zabbix server" (10084) in "Zabbix servers", linked to
//     "Linux by Zabbix agent" and "Zabbix server health", with an agent
//     interface (1) on 127.0.0.1:10050.
//
// The template IDs of "Linux by Zabbix agent", "ICMP Ping" and "Generic by
// SNMP" and the host ID were measured on 6.0.14 and 7.0.22; the group IDs
// and the ID of "Zabbix server health" on 7.x follow the 6.0 data set. Real
// code looks templates up by name, never by ID. A fresh server has no
// proxies or proxy groups.
func DefaultConfig(v zabbix.Version) Config {
	if v == 0 {
		v = defaultVersion()
	}
	icmp, snmp, item := "10564", "10563", "Total memory"
	if !v.AtLeast(zabbix.V7_0) {
		icmp, snmp, item = "10186", "10204", "CPU idle time"
	}
	return Config{
		Version: v,
		HostGroups: []zabbix.HostGroup{
			{GroupID: "2", Name: "Linux servers"},
			{GroupID: "4", Name: "Zabbix servers"},
			{GroupID: "5", Name: "Discovered hosts"},
			{GroupID: "6", Name: "Virtual machines"},
			{GroupID: "7", Name: "Hypervisors"},
		},
		Templates: []zabbix.Template{
			{TemplateID: "10001", Name: "Linux by Zabbix agent"},
			{TemplateID: "10047", Name: "Zabbix server health"},
			{TemplateID: icmp, Name: "ICMP Ping"},
			{TemplateID: snmp, Name: "Generic by SNMP"},
		},
		TemplateItems: map[string]TemplateItem{
			"10001": {Name: item, Interface: zabbix.InterfaceAgent},
			snmp:    {Name: "SNMP agent availability", Interface: zabbix.InterfaceSNMP},
		},
		Hosts: []zabbix.Host{{
			HostID:        "10084",
			Host:          "Zabbix server",
			Name:          "Zabbix server",
			GroupIDs:      []string{"4"},
			TemplateIDs:   []string{"10001", "10047"},
			InventoryMode: zabbix.InventoryDisabled,
			Interfaces: []zabbix.HostInterface{{
				InterfaceID: "1", Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1,
				IP: "127.0.0.1", Port: "10050",
			}},
			TLSConnect: zabbix.TLSNone,
			TLSAccept:  zabbix.TLSNone,
		}},
	}
}

// TemplateItem is an item of a template that uses a host interface.
type TemplateItem struct {
	Name      string               // e.g. "CPU idle time"
	Interface zabbix.InterfaceType // the interface type it uses
}

// Server is an in-memory Zabbix server. It implements the calls of
// provision.ZabbixClient and enforces the rules a real server of its
// version does, answering with the same *zabbix.APIError texts.
type Server struct {
	version zabbix.Version

	mu          sync.Mutex
	groups      map[string]zabbix.HostGroup
	templates   map[string]zabbix.Template
	proxies     map[string]zabbix.Proxy
	proxyGroups map[string]zabbix.ProxyGroup
	items       map[string]TemplateItem // by template ID
	hosts       map[string]zabbix.Host  // stored whole, TLS secrets included
	nextHost    uint64
	nextIface   uint64
	calls       []Call
	counts      map[Method]int // calls so far, per method
	faults      []fault
}

// New returns a Server seeded from cfg. See Config for what it panics on.
func New(cfg Config) *Server {
	s := &Server{
		version:     cfg.Version,
		groups:      make(map[string]zabbix.HostGroup),
		templates:   make(map[string]zabbix.Template),
		proxies:     make(map[string]zabbix.Proxy),
		proxyGroups: make(map[string]zabbix.ProxyGroup),
		items:       maps.Clone(cfg.TemplateItems),
		hosts:       make(map[string]zabbix.Host),
		nextHost:    firstHostID,
		nextIface:   firstInterfaceID,
		counts:      make(map[Method]int),
	}
	if s.version == 0 {
		s.version = defaultVersion()
	}
	for _, g := range cfg.HostGroups {
		s.groups[g.GroupID] = g
	}
	for _, t := range cfg.Templates {
		s.templates[t.TemplateID] = t
	}
	for _, p := range cfg.Proxies {
		s.proxies[p.ProxyID] = p
		s.nextHost = max(s.nextHost, idAfter(p.ProxyID)) // 6.x proxies share the host sequence
	}
	for _, g := range cfg.ProxyGroups {
		s.proxyGroups[g.ProxyGroupID] = g
	}
	s.seedHosts(cfg.Hosts)
	return s
}

// seedHosts stores the seeded hosts, first reserving every given ID so that
// generated ones never collide with them.
func (s *Server) seedHosts(seed []zabbix.Host) {
	ifaceIDs := make(map[string]bool)
	names := make(map[string]bool)
	for _, h := range seed {
		s.nextHost = max(s.nextHost, idAfter(h.HostID))
		for _, in := range h.Interfaces {
			s.nextIface = max(s.nextIface, idAfter(in.InterfaceID))
		}
	}
	for _, h := range seed {
		h = h.Clone()
		if h.HostID == "" {
			h.HostID = s.newHostID()
		}
		if _, dup := s.hosts[h.HostID]; dup {
			panic(fmt.Sprintf("memzabbix: two seeded hosts have host ID %q", h.HostID))
		}
		if names[h.Host] {
			panic(fmt.Sprintf("memzabbix: two seeded hosts are named %q", h.Host))
		}
		names[h.Host] = true
		if h.Name == "" {
			h.Name = h.Host
		}
		h.TLSConnect = cmp.Or(h.TLSConnect, zabbix.TLSNone)
		h.TLSAccept = cmp.Or(h.TLSAccept, zabbix.TLSNone)
		h.TemplatesClear = nil
		for i := range h.Interfaces {
			in := &h.Interfaces[i]
			if in.InterfaceID == "" {
				in.InterfaceID = s.newInterfaceID()
			}
			if ifaceIDs[in.InterfaceID] {
				panic(fmt.Sprintf("memzabbix: two seeded interfaces have interface ID %q", in.InterfaceID))
			}
			ifaceIDs[in.InterfaceID] = true
			in.HostID = h.HostID
		}
		s.hosts[h.HostID] = h
	}
}

// Version returns the Zabbix version the server behaves as.
func (s *Server) Version() zabbix.Version { return s.version }

// Host returns the stored host with the given ID, TLS PSK identity and key
// included (unlike Hosts, which reads as the API does).
func (s *Server) Host(hostID string) (zabbix.Host, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.hosts[hostID]
	return h.Clone(), ok
}

// HostCount returns the number of stored hosts, seeded ones included.
func (s *Server) HostCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hosts)
}

// AllHosts returns every stored host as Host does, ordered by host ID.
func (s *Server) AllHosts() []zabbix.Host {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]zabbix.Host, 0, len(s.hosts))
	for _, id := range s.sortedHostIDs() {
		out = append(out, s.hosts[id].Clone())
	}
	return out
}

func (s *Server) sortedHostIDs() []string {
	ids := make([]string, 0, len(s.hosts))
	for id := range s.hosts {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, zabbix.CompareIDs)
	return ids
}

func (s *Server) newHostID() string {
	id := strconv.FormatUint(s.nextHost, 10)
	s.nextHost++
	return id
}

func (s *Server) newInterfaceID() string {
	id := strconv.FormatUint(s.nextIface, 10)
	s.nextIface++
	return id
}

// v7 reports whether the server follows 7.0 rules.
func (s *Server) v7() bool { return s.version.AtLeast(zabbix.V7_0) }

// idAfter returns the numeric ID after id, or 0 when id is not numeric.
func idAfter(id string) uint64 {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return 0
	}
	return n + 1
}
