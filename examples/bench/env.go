package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// env is one benchmark run's backends: N synthetic devices in NetBox (in
// memory, or the fixture server of a NetBox version), an in-memory store
// with one default mapping, and Zabbix.
type env struct {
	nb       *netboxEnv
	kind     string // Zabbix: "memory", "http", or "none" (-mode reads)
	version  zabbix.Version
	zbx      provision.ZabbixClient
	client   *zabbix.Client // the real one, when kind is "http"
	requests atomic.Int64   // HTTP requests to the real Zabbix
	objs     []*netbox.Object
	refs     []netbox.Ref
	st       *memstore.Store
	p        *provision.Provisioner
	groupID  string
	template *zabbix.Template
	prefix   string
	// events counts the events the runs record; a real deployment keeps
	// them in its SQL store, not in this process's memory.
	events eventCounter
	// The real Zabbix's URL, token and HTTP client, for raw requests.
	url, token string
	http       *http.Client
}

// counter counts the HTTP requests that pass through it.
type counter struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (c counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

func newEnv(ctx context.Context, cfg config) (*env, error) {
	e := &env{prefix: "bench-" + strconv.FormatInt(time.Now().UnixNano()%1_000_000_000, 36)}
	if cfg.mode == "reads" {
		e.kind = "none"
	} else if err := e.zabbix(ctx, cfg); err != nil {
		return nil, err
	}
	var err error
	if e.nb, e.objs, err = newNetBox(ctx, cfg, e.prefix, cfg.n); err != nil {
		return nil, err
	}
	for _, o := range e.objs {
		e.refs = append(e.refs, o.Ref())
	}
	if cfg.mode == "reads" {
		return e, nil
	}
	m := store.Mapping{ObjectType: netbox.TypeDevice, Name: "bench", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: e.groupID}}}
	if e.template != nil {
		m.Templates = []zabbix.Template{*e.template}
	}
	e.st = memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: []store.Mapping{m}}})
	e.p, err = provision.New(provision.Config{NetBox: e.nb.reader, Zabbix: e.zbx, Store: e.st, Logger: cfg.log, Events: &e.events})
	return e, err
}

// zabbix connects to the real Zabbix (or makes the in-memory one) and finds
// the host group "Linux servers" and the template asked for.
func (e *env) zabbix(ctx context.Context, cfg config) error {
	if cfg.url == "" {
		srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
		e.kind, e.zbx, e.version, e.groupID = "memory", srv, srv.Version(), "2"
		if cfg.template != "" {
			for _, t := range memzabbix.DefaultConfig(zabbix.V7_0).Templates {
				if t.Name == cfg.template {
					e.template = &t
				}
			}
			if e.template == nil {
				return fmt.Errorf("the in-memory Zabbix has no template %q", cfg.template)
			}
		}
		return nil
	}
	if cfg.token == "" {
		return errors.New("-zabbix-url needs -zabbix-token (or ZABBIX_TOKEN)")
	}
	hc := &http.Client{Timeout: 10 * time.Minute, Transport: counter{base: http.DefaultTransport, n: &e.requests}}
	c, err := zabbix.New(zabbix.Config{URL: cfg.url, Token: zabbix.Secret(cfg.token), HTTPClient: hc, Logger: cfg.log})
	if err != nil {
		return err
	}
	e.kind, e.zbx, e.client = "http", c, c
	e.url, e.token, e.http = cfg.url, cfg.token, hc
	if e.version, err = c.Version(ctx); err != nil {
		return err
	}
	var groups []struct{ GroupID string }
	if err := c.Call(ctx, "hostgroup.get", map[string]any{"output": []string{"groupid"}, "filter": map[string]any{"name": []string{"Linux servers"}}}, &groups); err != nil {
		return err
	}
	if len(groups) != 1 {
		return errors.New(`the Zabbix server has no host group "Linux servers"`)
	}
	e.groupID = groups[0].GroupID
	if cfg.template != "" {
		var ts []struct{ TemplateID, Host string }
		if err := c.Call(ctx, "template.get", map[string]any{"output": []string{"templateid", "host"}, "filter": map[string]any{"host": []string{cfg.template}}}, &ts); err != nil {
			return err
		}
		if len(ts) != 1 {
			return fmt.Errorf("the Zabbix server has no template %q", cfg.template)
		}
		e.template = &zabbix.Template{TemplateID: ts[0].TemplateID, Name: ts[0].Host}
	}
	return nil
}

// memObjects makes n devices at one site with one role and platform, each
// with a primary IPv4 address, for the in-memory NetBox.
func memObjects(prefix string, n int) []*netbox.Object {
	site := &netbox.Nested{ID: 1, Name: "DC1", Slug: "dc1"}
	role := &netbox.Nested{ID: 1, Name: "Server", Slug: "server"}
	platform := &netbox.Nested{ID: 1, Name: "Debian 12", Slug: "debian-12"}
	var objs []*netbox.Object
	for i := range n {
		id := int64(i + 1)
		addr := fmt.Sprintf("10.%d.%d.%d/8", id>>16&255, id>>8&255, id&255)
		objs = append(objs, &netbox.Object{Type: netbox.TypeDevice, ID: id, Status: netbox.Choice{Value: "active"}, Name: fmt.Sprintf("%s-%d", prefix, id),
			Site: site, Role: role, Platform: platform, PrimaryIP4: &netbox.NestedIP{ID: id, Address: addr}})
	}
	return objs
}

func ips(objs []*netbox.Object) []*netbox.IPAddress {
	out := make([]*netbox.IPAddress, len(objs))
	for i, o := range objs {
		out[i] = &netbox.IPAddress{ID: o.PrimaryIP4.ID, Address: o.PrimaryIP4.Address,
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: o.ID}
	}
	return out
}

// baseline times one array host.create of hosts shaped as the library's
// (same group, template, tags, inventory and interface; other names), then
// deletes them.
func (e *env) baseline(ctx context.Context) (float64, error) {
	s := store.DefaultSettings()
	hosts := make([]zabbix.Host, len(e.objs))
	for i, o := range e.objs {
		addr, _ := (&netbox.IPAddress{Address: o.PrimaryIP4.Address}).IP()
		hosts[i] = zabbix.Host{
			Host:          o.Name + "-raw",
			GroupIDs:      []string{e.groupID},
			Tags:          mapping.Tags(s, mapping.DefaultTagMapping(o.Type), o),
			InventoryMode: zabbix.InventoryManual,
			Inventory:     mapping.Inventory(mapping.DefaultInventoryMapping(o.Type), o),
			Interfaces:    []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: addr.String(), Port: "10050"}},
			TLSConnect:    zabbix.TLSNone, TLSAccept: zabbix.TLSNone,
		}
		if e.template != nil {
			hosts[i].TemplateIDs = []string{e.template.TemplateID}
		}
	}
	start := time.Now()
	var ids []string
	if e.client != nil {
		params := make([]map[string]any, len(hosts))
		for i, h := range hosts {
			params[i] = rawHost(h)
		}
		var res struct{ HostIDs []string }
		if err := e.client.Call(ctx, "host.create", params, &res); err != nil {
			return 0, err
		}
		ids = res.HostIDs
	} else {
		created, err := e.zbx.CreateHosts(ctx, hosts)
		if err != nil {
			return 0, err
		}
		for _, h := range created {
			ids = append(ids, h.HostID)
		}
	}
	secs := time.Since(start).Seconds()
	return secs, e.deleteHosts(ctx, ids)
}

// rawHost is h in host.create's wire form (every version this program
// meets takes these fields alike).
func rawHost(h zabbix.Host) map[string]any {
	groups := make([]map[string]string, len(h.GroupIDs))
	for i, g := range h.GroupIDs {
		groups[i] = map[string]string{"groupid": g}
	}
	templates := make([]map[string]string, len(h.TemplateIDs))
	for i, t := range h.TemplateIDs {
		templates[i] = map[string]string{"templateid": t}
	}
	return map[string]any{"host": h.Host, "groups": groups, "templates": templates, "tags": h.Tags,
		"inventory_mode": h.InventoryMode, "inventory": h.Inventory, "interfaces": h.Interfaces,
		"tls_connect": h.TLSConnect, "tls_accept": h.TLSAccept}
}

// provision runs the library and returns the per-object latencies, how
// many failed, and the seconds it took.
func (e *env) provision(ctx context.Context, cfg config) (lat []time.Duration, failed int, secs float64, err error) {
	start := time.Now()
	if cfg.mode == "single" {
		for _, ref := range e.refs {
			t0 := time.Now()
			if _, err := e.p.ProvisionAgent(ctx, provision.Request{Object: ref, User: "bench"}); err != nil {
				failed++
			}
			lat = append(lat, time.Since(t0))
		}
		return lat, failed, time.Since(start).Seconds(), nil
	}
	var mu sync.Mutex
	req := provision.BulkRequest{Objects: e.refs}
	if cfg.sel != "" {
		req = provision.BulkRequest{Select: []netbox.Query{cfg.selection()}}
	}
	res, err := e.p.ProvisionAgents(ctx, provision.BulkRequest{Objects: req.Objects, Select: req.Select, User: "bench", BatchSize: cfg.batch,
		Concurrency: cfg.concurrency, Progress: func(provision.Progress) {
			mu.Lock()
			lat = append(lat, time.Since(start))
			mu.Unlock()
		}})
	secs = time.Since(start).Seconds()
	if err != nil {
		return nil, 0, 0, err
	}
	for _, r := range res {
		if r.Err != nil {
			failed++
			if failed == 1 {
				fmt.Fprintln(os.Stderr, "first failure:", r.Err)
			}
		}
	}
	return lat, failed, secs, nil
}

// cleanUp deletes the hosts the run created.
func (e *env) cleanUp(ctx context.Context) error {
	cs, err := e.st.FindHostConfigs(ctx, store.HostConfigFilter{})
	if err != nil {
		return err
	}
	var ids []string
	for _, hc := range cs {
		if hc.HostID != "" {
			ids = append(ids, hc.HostID)
		}
	}
	return e.deleteHosts(ctx, ids)
}

func (e *env) deleteHosts(ctx context.Context, ids []string) error {
	for chunk := range slices.Chunk(ids, 500) {
		if err := e.zbx.DeleteHosts(ctx, chunk...); err != nil {
			return fmt.Errorf("delete hosts: %w", err)
		}
	}
	return nil
}

func (e *env) close(ctx context.Context) {
	if e.client != nil {
		_ = e.client.Close(ctx)
	}
	if e.nb != nil {
		e.nb.close()
	}
}

// percentile returns the p-th percentile of ds in milliseconds.
func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return float64(s[max(i-1, 0)].Microseconds()) / 1000
}

// eventCounter is an eventlog.Sink that counts events and keeps none.
type eventCounter struct{ n atomic.Int64 }

func (c *eventCounter) RecordEvent(context.Context, eventlog.Event) error {
	c.n.Add(1)
	return nil
}
