package provision_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// Fixed IDs of the test world.
const (
	siteID     = 1
	roleWeb    = 2
	platformID = 3
	groupLinux = "2"
	groupVMs   = "6"
	tmplLinux  = "10001"
	proxyID    = "20001"
	psk        = "1f87b595725ac58dd977beef14b97461a7c1045b9a1c963065002c5473194952"
)

var errInjected = errors.New("injected failure")

// world is one set of in-memory backends with a Provisioner and a Creator
// over them.
type world struct {
	t    testing.TB
	nb   *memnetbox.NetBox
	zbx  *memzabbix.Server
	st   *memstore.Store
	p    *provision.Provisioner
	c    *iface.Pusher
	logs *syncBuffer
	hcID int64 // a host config the scenario works on
	// ifaces is the interface list a scenario asks for.
	ifaces []store.Interface
}

type worldOption func(*worldConfig)

type worldConfig struct {
	quiet    bool // no diagnostic logs
	version  zabbix.Version
	settings *store.Settings
	mappings []store.Mapping
}

func withVersion(v zabbix.Version) worldOption {
	return func(c *worldConfig) { c.version = v }
}

func withSettings(f func(*store.Settings)) worldOption {
	return func(c *worldConfig) {
		s := store.DefaultSettings()
		f(&s)
		c.settings = &s
	}
}

// quiet discards diagnostic logs (benchmarks measure the library, not a
// text handler).
func quiet() worldOption {
	return func(c *worldConfig) { c.quiet = true }
}

func withMappings(ms ...store.Mapping) worldOption {
	return func(c *worldConfig) { c.mappings = ms }
}

// defaultMappings: a default device mapping, a specific one for web
// servers (agent), and a default VM mapping.
func defaultMappings() []store.Mapping {
	return []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: groupLinux, Name: "Linux servers"}}},
		{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{roleWeb}, InterfaceType: zabbix.InterfaceAgent,
			HostGroups: []zabbix.HostGroup{{GroupID: groupLinux, Name: "Linux servers"}},
			Templates:  []zabbix.Template{{TemplateID: tmplLinux, Name: "Linux by Zabbix agent"}},
			Proxy:      &zabbix.Proxy{ProxyID: proxyID, Name: "proxy-1"}},
		{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: groupVMs, Name: "Virtual machines"}}},
	}
}

func newWorld(t testing.TB, opts ...worldOption) *world {
	t.Helper()
	cfg := worldConfig{version: zabbix.V7_0, mappings: defaultMappings()}
	for _, o := range opts {
		o(&cfg)
	}
	zcfg := memzabbix.DefaultConfig(cfg.version)
	zcfg.Proxies = []zabbix.Proxy{{ProxyID: proxyID, Name: "proxy-1"}}
	if cfg.version.AtLeast(zabbix.V7_0) {
		zcfg.ProxyGroups = []zabbix.ProxyGroup{{ProxyGroupID: "1", Name: "group-1"}}
	}
	st := memstore.New(memstore.Config{
		Now:  func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) },
		Seed: memstore.Seed{Settings: cfg.settings, Mappings: cfg.mappings},
	})
	w := &world{t: t, nb: memnetbox.New(netboxSeed()), zbx: memzabbix.New(zcfg), st: st, logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.quiet {
		logger = slog.New(slog.DiscardHandler)
	}
	now := func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
	var err error
	w.p, err = provision.New(provision.Config{NetBox: w.nb, Zabbix: w.zbx, Store: st, Logger: logger, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w.c, err = iface.New(iface.Config{Zabbix: w.zbx, Store: st, Logger: logger, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// netboxSeed: device 1 "web-01" (web server role, IP 10), device 2
// "db-01" (no role match, IP 11 with a DNS name), device 3 "no-ip-01"
// without a primary IP, VM 1 "app-01" (IP 20), and IP 12 for moving
// web-01 to a second address.
func netboxSeed() memnetbox.Config {
	site := &netbox.Nested{ID: siteID, Name: "DC1", Slug: "dc1", Attrs: map[string]any{
		"region":   map[string]any{"id": 1, "name": "Europe"},
		"latitude": 59.33,
	}}
	active := netbox.Choice{Value: "active", Label: "Active"}
	return memnetbox.Config{
		Objects: []*netbox.Object{
			{Type: netbox.TypeDevice, ID: 1, Name: "web-01", Site: site, Status: active,
				Role:       &netbox.Nested{ID: roleWeb, Name: "Web server"},
				Platform:   &netbox.Nested{ID: platformID, Name: "Debian 12"},
				PrimaryIP4: &netbox.NestedIP{ID: 10, Address: "192.0.2.10/24"},
				Tags:       []netbox.Tag{{ID: 1, Name: "Production", Slug: "production"}}},
			{Type: netbox.TypeDevice, ID: 2, Name: "db-01", Site: site, Status: active,
				Role:       &netbox.Nested{ID: 9, Name: "Database"},
				PrimaryIP4: &netbox.NestedIP{ID: 11, Address: "192.0.2.11/24"}},
			{Type: netbox.TypeDevice, ID: 3, Name: "no-ip-01", Site: site, Status: active},
			{Type: netbox.TypeVirtualMachine, ID: 1, Name: "app-01", Site: site, Status: active,
				Cluster:    &netbox.Nested{ID: 5, Name: "cluster-a"},
				PrimaryIP4: &netbox.NestedIP{ID: 20, Address: "192.0.2.20/24"}},
		},
		IPAddresses: []*netbox.IPAddress{
			{ID: 10, Address: "192.0.2.10/24", AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100},
			{ID: 11, Address: "192.0.2.11/24", DNSName: "db-01.example.net", AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 101},
			{ID: 12, Address: "192.0.2.12/24", AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 102},
			{ID: 20, Address: "192.0.2.20/24", AssignedObjectType: netbox.TypeVMInterface, AssignedObjectID: 200},
		},
	}
}

func (w *world) provision(ref netbox.Ref) (provision.Result, error) {
	w.t.Helper()
	return w.p.ProvisionAgent(w.t.Context(), provision.Request{Object: ref, User: "tester", RequestID: "req-1"})
}

func (w *world) mustProvision(ref netbox.Ref) provision.Result {
	w.t.Helper()
	res, err := w.provision(ref)
	if err != nil {
		w.t.Fatalf("ProvisionAgent(%v): %v", ref, err)
	}
	return res
}

// moveIP gives device 1 another primary IP address (as a NetBox user
// would), so that the next ProvisionAgent adds a second interface.
func (w *world) moveIP(ipID int64, addr string) {
	objs, err := w.nb.Objects(context.Background(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1}})
	if err != nil || len(objs) != 1 {
		w.t.Fatalf("read device 1: %v", err)
	}
	objs[0].PrimaryIP4 = &netbox.NestedIP{ID: ipID, Address: addr}
	w.nb.PutObject(objs[0])
}

func (w *world) config(ref netbox.Ref) store.HostConfig {
	w.t.Helper()
	hc, err := w.st.HostConfigByObject(context.Background(), ref)
	if err != nil {
		w.t.Fatalf("host config of %v: %v", ref, err)
	}
	return hc
}

func (w *world) events() []eventlog.Event {
	w.t.Helper()
	evs, err := w.st.Events(context.Background(), eventlog.Query{})
	if err != nil {
		w.t.Fatal(err)
	}
	return evs
}

// configs returns every stored host config.
func (w *world) configs() []store.HostConfig {
	w.t.Helper()
	cs, err := w.st.FindHostConfigs(context.Background(), store.HostConfigFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	return cs
}

// checkInvariants checks the invariants of docs/behaviour.md between Zabbix and the store: every host
// the library made (it carries the default tag netbox_id; soft deletes
// take it off) belongs to exactly one config, every config
// with a host ID points at an existing host, and every linked interface ID
// is an interface of that host.
func (w *world) checkInvariants() {
	w.t.Helper()
	owned := make(map[string]int)
	for _, hc := range w.configs() {
		if hc.HostID == "" {
			continue
		}
		owned[hc.HostID]++
		host, ok := w.zbx.Host(hc.HostID)
		if !ok {
			w.t.Errorf("config %q points at Zabbix host %s, which does not exist", hc.Name, hc.HostID)
			continue
		}
		for _, in := range hc.Interfaces {
			if !in.Linked() {
				continue
			}
			found := false
			for _, z := range host.Interfaces {
				found = found || z.InterfaceID == in.InterfaceID
			}
			if !found {
				w.t.Errorf("config %q interface %q is linked to %s, which host %s does not have", hc.Name, in.Name, in.InterfaceID, hc.HostID)
			}
		}
	}
	for _, h := range w.zbx.AllHosts() {
		if !slices.ContainsFunc(h.Tags, func(t zabbix.Tag) bool { return t.Tag == "netbox_id" }) {
			continue
		}
		if owned[h.HostID] != 1 {
			w.t.Errorf("Zabbix host %s %q is known to %d configs, want 1", h.HostID, h.Host, owned[h.HostID])
		}
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (log output).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mustContain fails when s lacks any of subs.
func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s %q does not contain %q", what, s, sub)
		}
	}
}
