package zabbix

import (
	"maps"
	"slices"
)

// InterfaceType is the type of a Zabbix host interface.
type InterfaceType int

// Host interface types, as Zabbix numbers them. InterfaceAny is not a
// Zabbix type: a mapping with it applies whatever interface is asked for.
const (
	InterfaceAny   InterfaceType = 0
	InterfaceAgent InterfaceType = 1
	InterfaceSNMP  InterfaceType = 2
	InterfaceIPMI  InterfaceType = 3
	InterfaceJMX   InterfaceType = 4
)

// String returns the name Zabbix uses in its messages ("agent", "SNMP"),
// or "any".
func (t InterfaceType) String() string {
	switch t {
	case InterfaceAny:
		return "any"
	case InterfaceAgent:
		return "agent"
	case InterfaceSNMP:
		return "SNMP"
	case InterfaceIPMI:
		return "IPMI"
	case InterfaceJMX:
		return "JMX"
	}
	return "unknown"
}

// MonitoredBy is what monitors a host (monitored_by, in Zabbix 7.0's
// terms; before 7.0 a host is monitored by a proxy when it has a
// proxy_hostid, else by the server).
type MonitoredBy int

// Monitoring sources of a host.
const (
	MonitoredByServer     MonitoredBy = 0
	MonitoredByProxy      MonitoredBy = 1
	MonitoredByProxyGroup MonitoredBy = 2
)

// String returns "server", "proxy" or "proxy group".
func (m MonitoredBy) String() string {
	switch m {
	case MonitoredByServer:
		return "server"
	case MonitoredByProxy:
		return "proxy"
	case MonitoredByProxyGroup:
		return "proxy group"
	}
	return "unknown"
}

// TLSMode is a TLS connection mode (tls_connect); tls_accept is a bit mask
// of them.
type TLSMode int

// TLS connection modes.
const (
	TLSNone TLSMode = 1
	TLSPSK  TLSMode = 2
	TLSCert TLSMode = 4
)

// InventoryMode is how a host's inventory is filled.
type InventoryMode int

// Inventory modes.
const (
	InventoryDisabled  InventoryMode = -1
	InventoryManual    InventoryMode = 0
	InventoryAutomatic InventoryMode = 1
)

// Status is whether Zabbix monitors a host.
type Status int

// Host status.
const (
	StatusMonitored    Status = 0
	StatusNotMonitored Status = 1
)

// String returns "monitored" or "not monitored".
func (s Status) String() string {
	switch s {
	case StatusMonitored:
		return "monitored"
	case StatusNotMonitored:
		return "not monitored"
	}
	return "unknown"
}

// HostInterface is one interface of a Zabbix host. Zabbix IDs are strings.
type HostInterface struct {
	InterfaceID string        `json:"interfaceid,omitempty"`
	HostID      string        `json:"hostid,omitempty"`
	Type        InterfaceType `json:"type"`
	Main        int           `json:"main"`
	UseIP       int           `json:"useip"`
	IP          string        `json:"ip"`
	DNS         string        `json:"dns"`
	Port        string        `json:"port"`
	// Details is set for SNMP interfaces only.
	Details *SNMPDetails `json:"details,omitempty"`
}

// SNMPDetails are the SNMP settings of an SNMP interface.
type SNMPDetails struct {
	Version        int    `json:"version"`
	Bulk           int    `json:"bulk"`
	Community      Secret `json:"community,omitempty"`
	MaxRepetitions int    `json:"max_repetitions,omitempty"`
	ContextName    string `json:"contextname"`
	SecurityName   string `json:"securityname,omitempty"`
	SecurityLevel  int    `json:"securitylevel"`
	AuthProtocol   int    `json:"authprotocol"`
	AuthPassphrase Secret `json:"authpassphrase,omitempty"`
	PrivProtocol   int    `json:"privprotocol"`
	PrivPassphrase Secret `json:"privpassphrase,omitempty"`
}

// Tag is a host tag.
type Tag struct {
	Tag   string `json:"tag"`
	Value string `json:"value"`
}

// Host is a Zabbix host: what host.create takes (CreateHosts), and what
// the library reads back (Hosts, and the results of CreateHosts and
// UpdateHost). Changes to an existing host are a HostUpdate. It is
// version-neutral: the client puts the monitoring source on the wire the
// way the server's version wants it (proxy_hostid before 7.0; monitored_by
// with proxyid or proxy_groupid from 7.0).
//
// In a host.create, empty fields are left out and Zabbix's defaults apply,
// except Host, Status, InventoryMode and MonitoredBy, which are always
// sent. ProxyID counts only when monitored by a proxy and ProxyGroupID
// only when by a proxy group; TemplatesClear is not used.
//
// A host read back carries its interfaces with their HostID, its groups,
// templates and tags in no particular order, the visible name (the
// technical name when it has none), the non-empty inventory fields (none
// when inventory is disabled), and never the PSK identity or key, which
// Zabbix does not return.
//
// The JSON field names are for display (events, logs); backends put hosts
// on the wire in the form the server's version wants.
type Host struct {
	HostID         string            `json:"hostid,omitempty"`
	Host           string            `json:"host"`           // technical name
	Name           string            `json:"name,omitempty"` // visible name
	Status         Status            `json:"status"`
	Description    string            `json:"description,omitempty"`
	GroupIDs       []string          `json:"groupids,omitempty"`
	TemplateIDs    []string          `json:"templateids,omitempty"`
	TemplatesClear []string          `json:"templates_clear,omitempty"`
	Tags           []Tag             `json:"tags,omitempty"`
	InventoryMode  InventoryMode     `json:"inventory_mode"`
	Inventory      map[string]string `json:"inventory,omitempty"`
	Interfaces     []HostInterface   `json:"interfaces,omitempty"`
	MonitoredBy    MonitoredBy       `json:"monitored_by"`
	ProxyID        string            `json:"proxyid,omitempty"`
	ProxyGroupID   string            `json:"proxy_groupid,omitempty"`
	TLSConnect     TLSMode           `json:"tls_connect,omitempty"`
	TLSAccept      TLSMode           `json:"tls_accept,omitempty"`
	TLSPSKIdentity string            `json:"tls_psk_identity,omitempty"`
	TLSPSK         Secret            `json:"tls_psk,omitempty"`
}

// HostUpdate is a host.update of host HostID: it changes the parts it sets
// and leaves the rest of the host as it is.
//
//   - Host and Name change the technical and visible name when not empty.
//   - Status, Description and InventoryMode change when not nil.
//   - GroupIDs, TemplateIDs, Tags and Interfaces replace the whole list
//     when not nil, even when empty: Interfaces is the host's new interface
//     set (keep an interface by passing its InterfaceID; one without gets a
//     new ID), TemplateIDs the new set of linked templates (unlinked ones
//     keep what they brought). TemplatesClear unlinks templates and clears
//     what they brought.
//   - Inventory sets the fields it lists ("" clears one) and keeps the
//     others, as Zabbix's host.update does.
//   - MonitoredBy, when not nil, moves the host, to ProxyID when by proxy
//     and to ProxyGroupID when by proxy group.
//   - TLSConnect and TLSAccept change when not nil; TLSPSKIdentity and
//     TLSPSK are sent when not empty (Zabbix wants them with a PSK mode).
type HostUpdate struct {
	HostID         string            `json:"hostid"`
	Host           string            `json:"host,omitempty"`
	Name           string            `json:"name,omitempty"`
	Status         *Status           `json:"status,omitempty"`
	Description    *string           `json:"description,omitempty"`
	GroupIDs       []string          `json:"groupids,omitempty"`
	TemplateIDs    []string          `json:"templateids,omitempty"`
	TemplatesClear []string          `json:"templates_clear,omitempty"`
	Tags           []Tag             `json:"tags,omitempty"`
	InventoryMode  *InventoryMode    `json:"inventory_mode,omitempty"`
	Inventory      map[string]string `json:"inventory,omitempty"`
	Interfaces     []HostInterface   `json:"interfaces,omitempty"`
	MonitoredBy    *MonitoredBy      `json:"monitored_by,omitempty"`
	ProxyID        string            `json:"proxyid,omitempty"`
	ProxyGroupID   string            `json:"proxy_groupid,omitempty"`
	TLSConnect     *TLSMode          `json:"tls_connect,omitempty"`
	TLSAccept      *TLSMode          `json:"tls_accept,omitempty"`
	TLSPSKIdentity string            `json:"tls_psk_identity,omitempty"`
	TLSPSK         Secret            `json:"tls_psk,omitempty"`
}

// Empty reports whether u changes nothing.
func (u HostUpdate) Empty() bool {
	return u.Host == "" && u.Name == "" && u.Status == nil && u.Description == nil &&
		u.GroupIDs == nil && u.TemplateIDs == nil && len(u.TemplatesClear) == 0 && u.Tags == nil &&
		u.InventoryMode == nil && u.Inventory == nil && u.Interfaces == nil && u.MonitoredBy == nil &&
		u.TLSConnect == nil && u.TLSAccept == nil && u.TLSPSKIdentity == "" && u.TLSPSK.IsZero()
}

// Clone returns a deep copy of u.
func (u HostUpdate) Clone() HostUpdate {
	c := u
	c.Status = clonePtr(u.Status)
	c.Description = clonePtr(u.Description)
	c.GroupIDs = slices.Clone(u.GroupIDs)
	c.TemplateIDs = slices.Clone(u.TemplateIDs)
	c.TemplatesClear = slices.Clone(u.TemplatesClear)
	c.Tags = slices.Clone(u.Tags)
	c.InventoryMode = clonePtr(u.InventoryMode)
	c.Inventory = maps.Clone(u.Inventory)
	c.Interfaces = cloneInterfaces(u.Interfaces)
	c.MonitoredBy = clonePtr(u.MonitoredBy)
	c.TLSConnect = clonePtr(u.TLSConnect)
	c.TLSAccept = clonePtr(u.TLSAccept)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneInterfaces(ins []HostInterface) []HostInterface {
	if ins == nil {
		return nil
	}
	out := make([]HostInterface, len(ins))
	for i, in := range ins {
		out[i] = in.Clone()
	}
	return out
}

// Clone returns a deep copy of h.
func (h Host) Clone() Host {
	c := h
	c.GroupIDs = slices.Clone(h.GroupIDs)
	c.TemplateIDs = slices.Clone(h.TemplateIDs)
	c.TemplatesClear = slices.Clone(h.TemplatesClear)
	c.Tags = slices.Clone(h.Tags)
	c.Inventory = maps.Clone(h.Inventory)
	c.Interfaces = cloneInterfaces(h.Interfaces)
	return c
}

// Clone returns a deep copy of in.
func (in HostInterface) Clone() HostInterface {
	if in.Details != nil {
		d := *in.Details
		in.Details = &d
	}
	return in
}

// HostQuery selects hosts to read. Hosts match any of its parts: one of
// the listed IDs, technical names or visible names, a technical name that
// starts with NamePrefix (case and all), the tag Tag, or an agent
// interface on one of AgentIPs. An empty query matches nothing.
type HostQuery struct {
	HostIDs      []string
	Names        []string
	VisibleNames []string
	NamePrefix   string
	// Tag selects the hosts that carry a tag of this name: with any value,
	// or with one of TagValues when it is not empty.
	Tag       string
	TagValues []string
	// AgentIPs selects the hosts with an agent interface on one of these
	// addresses.
	AgentIPs []string
	// Brief reads each host's ID, names, status and tags only: no
	// interfaces, groups, templates or inventory, a fraction of a whole
	// read for thousands of hosts.
	Brief bool
}

// Empty reports whether q selects nothing.
func (q HostQuery) Empty() bool {
	return len(q.HostIDs) == 0 && len(q.Names) == 0 && len(q.VisibleNames) == 0 && q.NamePrefix == "" && q.Tag == "" &&
		len(q.AgentIPs) == 0
}

// AsUpdate returns the host.update that sets every part of h a HostUpdate
// can set to what h has: names, status, description, groups, templates,
// tags, inventory mode and fields, interfaces (by ID where they have one),
// monitoring source and TLS modes. Parts of the target host that h lacks
// stay as they are: inventory fields h has no value for, and the PSK,
// which a host read back never carries.
func (h Host) AsUpdate() HostUpdate {
	u := HostUpdate{
		HostID:         h.HostID,
		Host:           h.Host,
		Name:           h.Name,
		Status:         &h.Status,
		Description:    &h.Description,
		GroupIDs:       slices.Clone(h.GroupIDs),
		TemplateIDs:    slices.Clone(h.TemplateIDs),
		TemplatesClear: slices.Clone(h.TemplatesClear),
		Tags:           slices.Clone(h.Tags),
		InventoryMode:  &h.InventoryMode,
		Inventory:      maps.Clone(h.Inventory),
		Interfaces:     cloneInterfaces(h.Interfaces),
		MonitoredBy:    &h.MonitoredBy,
		ProxyID:        h.ProxyID,
		ProxyGroupID:   h.ProxyGroupID,
		TLSPSKIdentity: h.TLSPSKIdentity,
		TLSPSK:         h.TLSPSK,
	}
	if u.GroupIDs == nil {
		u.GroupIDs = []string{}
	}
	if u.TemplateIDs == nil {
		u.TemplateIDs = []string{}
	}
	if u.Tags == nil {
		u.Tags = []Tag{}
	}
	if u.Interfaces == nil {
		u.Interfaces = []HostInterface{}
	}
	if h.TLSConnect != 0 {
		u.TLSConnect = &h.TLSConnect
	}
	if h.TLSAccept != 0 {
		u.TLSAccept = &h.TLSAccept
	}
	return u
}
