package provision_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// These tests run ProvisionAgent and CreateZabbixInterface with the
// in-memory NetBox and store and the REAL Zabbix client against the server
// of ZABBIX_URL (scripts/test.sh runs them on 6.0 and on 7.0). They run one
// after another: every host is in one host group made for the run, and
// Zabbix 7.0 can fail concurrent writes of hosts sharing their groups (see
// zabbix/integration_test.go).

// e2eHint says how to get the real servers.
const e2eHint = "run `sudo scripts/services.sh start`, `source /var/tmp/netbox-zabbix-services/env`, " +
	"then export ZABBIX_URL=$ZABBIX6_URL ZABBIX_TOKEN=$ZABBIX6_TOKEN ZABBIX_VERSION=$ZABBIX6_VERSION " +
	"(or the ZABBIX7_ values) — scripts/test.sh does all of it"

// IDs of the NetBox objects the e2e tests seed.
const (
	e2eDevice      = 1 // name needs sanitising: "e2e-<run>/web 01"
	e2eFailDevice  = 2
	e2eTakenDevice = 3
	e2eVM          = 1
	e2eMovedIPID   = 13 // device 1's second address, for the update path
)

var errE2E = errors.New("injected e2e failure")

// e2eZabbix is the real server with what the run created on it: a host
// group, a proxy, and the ID of "ICMP Ping".
type e2eZabbix struct {
	client  *zabbix.Client
	counter *e2eCounter
	version zabbix.Version
	run     string // random, in every name the run creates
	groupID string
	icmpID  string
	proxy   zabbix.Proxy
	psk     zabbix.Secret

	mu    sync.Mutex
	names []string // technical names of hosts that may exist
}

// e2eNeedZabbix connects to the server of ZABBIX_URL and prepares it; it
// skips the test without one, or fails it when NBZ_INTEGRATION=1.
func e2eNeedZabbix(t *testing.T) *e2eZabbix {
	t.Helper()
	url, token := os.Getenv("ZABBIX_URL"), os.Getenv("ZABBIX_TOKEN")
	if url == "" || token == "" {
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatalf("NBZ_INTEGRATION=1 but ZABBIX_URL or ZABBIX_TOKEN is not set: %s", e2eHint)
		}
		t.Skipf("ZABBIX_URL or ZABBIX_TOKEN is not set: %s", e2eHint)
	}
	counter := &e2eCounter{next: http.DefaultTransport}
	c, err := zabbix.New(zabbix.Config{URL: url, Token: zabbix.Secret(token),
		HTTPClient: &http.Client{Transport: counter, Timeout: time.Minute}})
	if err != nil {
		t.Fatalf("zabbix.New: %v", err)
	}
	ctx := t.Context()
	z := &e2eZabbix{client: c, counter: counter, run: e2eRandom(4), psk: zabbix.Secret(e2eRandom(32))}
	if z.version, err = c.Version(ctx); err != nil {
		t.Fatalf("Version: %v", err)
	}
	if s := os.Getenv("ZABBIX_VERSION"); s != "" && s != z.version.String() {
		t.Fatalf("server version %s, ZABBIX_VERSION says %s", z.version, s)
	}
	z.groupID = z.create(t, "hostgroup", map[string]any{"name": "nbz-e2e " + z.run}, "groupids")
	proxyName := "nbz-e2e-proxy-" + z.run
	if z.version.HasProxyGroups() {
		z.proxy = zabbix.Proxy{Name: proxyName, ProxyID: z.create(t, "proxy", map[string]any{"name": proxyName, "operating_mode": 0}, "proxyids")}
	} else {
		z.proxy = zabbix.Proxy{Name: proxyName, ProxyID: z.create(t, "proxy", map[string]any{"host": proxyName, "status": 5}, "proxyids")}
	}
	var tpl []struct {
		TemplateID string `json:"templateid"`
	}
	if err := c.Call(ctx, "template.get", map[string]any{"output": []string{"templateid"}, "filter": map[string]any{"host": []string{"ICMP Ping"}}}, &tpl); err != nil || len(tpl) != 1 {
		t.Fatalf("template.get ICMP Ping = %v, %v", tpl, err)
	}
	z.icmpID = tpl[0].TemplateID
	// Registered after the group and the proxy, so it runs before their
	// deletion: every host of the run goes first.
	t.Cleanup(func() { z.deleteHosts(t) })
	return z
}

// create calls <api>.create, registers the deletion, and returns the ID.
func (z *e2eZabbix) create(t *testing.T, api string, params map[string]any, key string) string {
	t.Helper()
	var res map[string][]string
	if err := z.client.Call(t.Context(), api+".create", params, &res); err != nil || len(res[key]) != 1 {
		t.Fatalf("%s.create = %v, %v", api, res, err)
	}
	id := res[key][0]
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := z.client.Call(ctx, api+".delete", []string{id}, nil); err != nil {
			t.Errorf("cleanup: %s.delete %s: %v", api, id, err)
		}
	})
	return id
}

// hostName is the technical name of a NetBox object name, remembered for
// the cleanup.
func (z *e2eZabbix) hostName(name string) string {
	h := flow.HostName(name)
	z.mu.Lock()
	defer z.mu.Unlock()
	z.names = append(z.names, h)
	return h
}

// deleteHosts deletes every host the run may have created.
func (z *e2eZabbix) deleteHosts(t *testing.T) {
	z.mu.Lock()
	names := slices.Clone(z.names)
	z.mu.Unlock()
	if len(names) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hosts, err := z.client.Hosts(ctx, zabbix.HostQuery{Names: names})
	if err != nil {
		t.Errorf("cleanup: read the run's hosts: %v", err)
		return
	}
	var ids []string
	for _, h := range hosts {
		ids = append(ids, h.HostID)
	}
	if err := z.client.DeleteHosts(ctx, ids...); err != nil {
		t.Errorf("cleanup: delete hosts %v: %v", ids, err)
	}
}

// host reads one host from the real server by ID.
func (z *e2eZabbix) host(t *testing.T, id string) zabbix.Host {
	t.Helper()
	hosts, err := z.client.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{id}})
	if err != nil || len(hosts) != 1 {
		t.Fatalf("Hosts(%s) = %d hosts, %v; want 1", id, len(hosts), err)
	}
	return hosts[0]
}

// e2eWorld is the in-memory NetBox and store over the real Zabbix.
type e2eWorld struct {
	z        *e2eZabbix
	nb       *memnetbox.NetBox
	st       *memstore.Store
	p        *provision.Provisioner
	c        *iface.Pusher
	settings store.Settings
}

// world returns a fresh NetBox and store: devices and a VM named after the
// run, settings asking for a proxy, manual inventory and PSK both ways,
// and default mappings applying the run's group, ICMP Ping and proxy.
func (z *e2eZabbix) world(t *testing.T) *e2eWorld {
	t.Helper()
	s := store.DefaultSettings()
	s.MonitoredBy = zabbix.MonitoredByProxy
	s.InventoryMode = zabbix.InventoryManual
	s.TLSConnect, s.TLSAccept = zabbix.TLSPSK, zabbix.TLSPSK
	s.TLSPSKIdentity = "nbz-e2e " + z.run // unique per run: 7.0 binds an identity to one key
	s.TLSPSK = z.psk
	s.UseIP = store.UseIP
	mapping := func(t netbox.ObjectType, name string) store.Mapping {
		return store.Mapping{ObjectType: t, Name: name, Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: z.groupID, Name: "nbz-e2e " + z.run}},
			Templates:  []zabbix.Template{{TemplateID: z.icmpID, Name: "ICMP Ping"}},
			Proxy:      &z.proxy}
	}
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s, Mappings: []store.Mapping{
		mapping(netbox.TypeDevice, "E2E devices"), mapping(netbox.TypeVirtualMachine, "E2E VMs"),
	}}})
	w := &e2eWorld{z: z, nb: memnetbox.New(z.netboxSeed()), st: st, settings: s}
	var err error
	if w.p, err = provision.New(provision.Config{NetBox: w.nb, Zabbix: z.client, Store: st}); err != nil {
		t.Fatal(err)
	}
	if w.c, err = iface.New(iface.Config{Zabbix: z.client, Store: st}); err != nil {
		t.Fatal(err)
	}
	return w
}

// netboxSeed: device 1 (a name Zabbix refuses, so it gets a visible
// name), devices 2 and 3, VM 1, each with a primary IPv4 address, and a
// spare address for device 1.
func (z *e2eZabbix) netboxSeed() memnetbox.Config {
	site := &netbox.Nested{ID: 1, Name: "DC1", Slug: "dc1", Attrs: map[string]any{
		"region": map[string]any{"id": 1, "name": "Europe"}, "latitude": 59.33,
	}}
	device := func(id int64, name string, ipID int64) *netbox.Object {
		return &netbox.Object{Type: netbox.TypeDevice, ID: id, Status: netbox.Choice{Value: "active"}, Name: name, Site: site,
			Role:       &netbox.Nested{ID: 2, Name: "Web server"},
			Platform:   &netbox.Nested{ID: 3, Name: "Debian 12"},
			PrimaryIP4: &netbox.NestedIP{ID: ipID, Address: fmt.Sprintf("192.0.2.%d/24", ipID)},
			Tags:       []netbox.Tag{{ID: 1, Name: "Production", Slug: "production"}}}
	}
	ip := func(id int64, t netbox.ObjectType, iface int64) *netbox.IPAddress {
		return &netbox.IPAddress{ID: id, Address: fmt.Sprintf("192.0.2.%d/24", id), AssignedObjectType: t, AssignedObjectID: iface}
	}
	return memnetbox.Config{
		Objects: []*netbox.Object{
			device(e2eDevice, "e2e-"+z.run+"/web 01", 10),
			device(e2eFailDevice, "e2e-"+z.run+"-fail-01", 11),
			device(e2eTakenDevice, "e2e-"+z.run+"-taken-01", 12),
			{Type: netbox.TypeVirtualMachine, ID: e2eVM, Name: "e2e-" + z.run + "-app-01", Site: site, Status: netbox.Choice{Value: "active"},
				Cluster:    &netbox.Nested{ID: 5, Name: "cluster-a"},
				PrimaryIP4: &netbox.NestedIP{ID: 20, Address: "192.0.2.20/24"}},
		},
		IPAddresses: []*netbox.IPAddress{
			ip(10, netbox.TypeInterface, 100), ip(11, netbox.TypeInterface, 101), ip(12, netbox.TypeInterface, 102),
			ip(e2eMovedIPID, netbox.TypeInterface, 103), ip(20, netbox.TypeVMInterface, 200),
		},
	}
}

func (w *e2eWorld) object(t *testing.T, ref netbox.Ref) *netbox.Object {
	t.Helper()
	objs, err := w.nb.Objects(context.Background(), netbox.Query{Type: ref.Type, IDs: []int64{ref.ID}})
	if err != nil || len(objs) != 1 {
		t.Fatalf("NetBox object %v: %v", ref, err)
	}
	return objs[0]
}

func (w *e2eWorld) provision(t *testing.T, ref netbox.Ref) (provision.Result, error) {
	t.Helper()
	w.z.hostName(w.object(t, ref).Name)
	return w.p.ProvisionAgent(t.Context(), provision.Request{Object: ref, User: "e2e", RequestID: "e2e-" + w.z.run})
}

func (w *e2eWorld) configs(t *testing.T) []store.HostConfig {
	t.Helper()
	cs, err := w.st.FindHostConfigs(context.Background(), store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestE2EZabbixProvision provisions a device and a VM on the real server
// and checks the hosts there; then adds an interface to the device through
// ProvisionAgent's update path, and an SNMP and a second agent interface
// to the VM through CreateZabbixInterface. It counts the HTTP requests of
// each (after the version probe).
func TestE2EZabbixProvision(t *testing.T) {
	z := e2eNeedZabbix(t)
	w := z.world(t)
	ctx := t.Context()

	// (a) create paths, one HTTP request each.
	before := z.counter.count()
	devRes, err := w.provision(t, netbox.DeviceRef(e2eDevice))
	if err != nil {
		t.Fatalf("ProvisionAgent(device): %v", err)
	}
	createRequests := z.counter.count() - before
	t.Logf("ProvisionAgent create path on Zabbix %s: %d HTTP request(s) %v", z.version, createRequests, z.counter.methodsSince(before))
	if createRequests != 1 {
		t.Errorf("ProvisionAgent (create) made %d HTTP requests, want exactly 1", createRequests)
	}
	vmRes, err := w.provision(t, netbox.VMRef(e2eVM))
	if err != nil {
		t.Fatalf("ProvisionAgent(VM): %v", err)
	}
	w.checkHost(t, netbox.DeviceRef(e2eDevice), devRes)
	w.checkHost(t, netbox.VMRef(e2eVM), vmRes)

	// Update path: the device moves to a second address.
	obj := w.object(t, netbox.DeviceRef(e2eDevice))
	obj.PrimaryIP4 = &netbox.NestedIP{ID: e2eMovedIPID, Address: fmt.Sprintf("192.0.2.%d/24", e2eMovedIPID)}
	w.nb.PutObject(obj)
	before = z.counter.count()
	upd, err := w.provision(t, netbox.DeviceRef(e2eDevice))
	if err != nil {
		t.Fatalf("ProvisionAgent(device, second address): %v", err)
	}
	updateRequests := z.counter.count() - before
	t.Logf("ProvisionAgent update path: %d HTTP request(s) %v", updateRequests, z.counter.methodsSince(before))
	if updateRequests != 2 {
		t.Errorf("ProvisionAgent (update) made %d HTTP requests, want 2 (read, update+read)", updateRequests)
	}
	w.checkLinked(t, upd.HostConfig, 2)

	// (b) CreateZabbixInterface: an SNMP interface and a second agent
	// interface on another address and port, added to the VM's config.
	hc := vmRes.HostConfig
	hc.Interfaces = append(hc.Interfaces,
		store.Interface{Name: hc.Interfaces[0].Name + "-snmp", Type: zabbix.InterfaceSNMP, IP: "192.0.2.21",
			UseIP: store.UseIP, Main: 1, Port: 161,
			SNMP: &store.SNMPInterface{Version: 2, Community: "{$SNMP_COMMUNITY}", Bulk: 1, MaxRepetitions: 10}},
		store.Interface{Name: hc.Interfaces[0].Name + "-2", Type: zabbix.InterfaceAgent, IP: "192.0.2.22",
			UseIP: store.UseIP, Main: 0, Port: 10051},
	)
	if _, err := w.st.UpdateHostConfig(ctx, hc); err != nil {
		t.Fatalf("add interfaces to the VM's config: %v", err)
	}
	before = z.counter.count()
	res, err := w.c.CreateZabbixInterface(ctx, iface.Request{HostConfigID: hc.ID, User: "e2e"})
	if err != nil {
		t.Fatalf("CreateZabbixInterface: %v", err)
	}
	ifaceRequests := z.counter.count() - before
	t.Logf("CreateZabbixInterface: %d HTTP request(s) %v", ifaceRequests, z.counter.methodsSince(before))
	if ifaceRequests != 2 {
		t.Errorf("CreateZabbixInterface made %d HTTP requests, want 2 (read, update+read)", ifaceRequests)
	}
	host := w.checkLinked(t, res.HostConfig, 3)
	for _, in := range host.Interfaces {
		if in.Type == zabbix.InterfaceSNMP && (in.Details == nil || in.Details.Community != "{$SNMP_COMMUNITY}" || in.Details.Version != 2) {
			t.Errorf("SNMP interface reads back with details %+v", in.Details)
		}
	}
}

// checkHost checks the real host of a provisioned object: names, groups,
// templates, tags, inventory, TLS, proxy and its one interface.
func (w *e2eWorld) checkHost(t *testing.T, ref netbox.Ref, res provision.Result) {
	t.Helper()
	z, obj := w.z, w.object(t, ref)
	hc := res.HostConfig
	if hc.HostID == "" || len(hc.Interfaces) != 1 || !hc.Interfaces[0].Linked() {
		t.Fatalf("%v: stored config = %+v, want a host ID and one linked interface", ref, hc)
	}
	got := z.host(t, hc.HostID)
	if got.Host != flow.HostName(obj.Name) || got.Name != obj.Name {
		t.Errorf("%v: host %q, visible name %q; want %q, %q", ref, got.Host, got.Name, flow.HostName(obj.Name), obj.Name)
	}
	if ref.Type == netbox.TypeDevice && got.Host == obj.Name {
		t.Errorf("device name %q was not sanitised", obj.Name)
	}
	if diff := cmp.Diff([]string{z.groupID}, got.GroupIDs); diff != "" {
		t.Errorf("%v: groups (-want +got):\n%s", ref, diff)
	}
	if diff := cmp.Diff([]string{z.icmpID}, got.TemplateIDs); diff != "" {
		t.Errorf("%v: templates (-want +got):\n%s", ref, diff)
	}
	sortTags := cmpopts.SortSlices(func(a, b zabbix.Tag) bool { return a.Tag+"\x00"+a.Value < b.Tag+"\x00"+b.Value })
	if diff := cmp.Diff(res.Plan.Create.Tags, got.Tags, sortTags); diff != "" {
		t.Errorf("%v: tags (-sent +read):\n%s", ref, diff)
	}
	if !slices.Contains(got.Tags, zabbix.Tag{Tag: "netbox_id", Value: fmt.Sprint(ref.ID)}) {
		t.Errorf("%v: no default tag netbox_id=%d in %v", ref, ref.ID, got.Tags)
	}
	if got.InventoryMode != zabbix.InventoryManual || got.Inventory["name"] != obj.Name {
		t.Errorf("%v: inventory mode %d, inventory %v; want manual with the name", ref, got.InventoryMode, got.Inventory)
	}
	if diff := cmp.Diff(res.Plan.Create.Inventory, got.Inventory, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%v: inventory (-sent +read):\n%s", ref, diff)
	}
	if got.TLSConnect != zabbix.TLSPSK || got.TLSAccept != zabbix.TLSPSK {
		t.Errorf("%v: tls_connect/tls_accept = %d/%d, want 2/2", ref, got.TLSConnect, got.TLSAccept)
	}
	if got.MonitoredBy != zabbix.MonitoredByProxy || got.ProxyID != z.proxy.ProxyID {
		t.Errorf("%v: monitored by %d, proxy %q; want the proxy %s", ref, got.MonitoredBy, got.ProxyID, z.proxy.ProxyID)
	}
	in := hc.Interfaces[0]
	if len(got.Interfaces) != 1 || got.Interfaces[0].InterfaceID != in.InterfaceID || got.Interfaces[0].IP != in.IP {
		t.Errorf("%v: Zabbix interfaces %+v, want the one linked as %s on %s", ref, got.Interfaces, in.InterfaceID, in.IP)
	}
}

// checkLinked checks that every interface of hc is linked, n in all, and
// that the real host has exactly those interfaces; it returns the host.
func (w *e2eWorld) checkLinked(t *testing.T, hc store.HostConfig, n int) zabbix.Host {
	t.Helper()
	host := w.z.host(t, hc.HostID)
	var want, have []string
	for _, in := range hc.Interfaces {
		if !in.Linked() || in.HostID != hc.HostID {
			t.Errorf("interface %q is not linked to host %s: %+v", in.Name, hc.HostID, in)
		}
		want = append(want, in.InterfaceID+" "+in.IP)
	}
	for _, in := range host.Interfaces {
		have = append(have, in.InterfaceID+" "+in.IP)
	}
	slices.Sort(want)
	slices.Sort(have)
	if len(want) != n {
		t.Errorf("config has %d interfaces, want %d", len(want), n)
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("interface IDs (-config +Zabbix):\n%s", diff)
	}
	return host
}

// TestE2EZabbixUndo fails the store write after the host was created: the
// host is deleted from the real server and the store stays empty.
func TestE2EZabbixUndo(t *testing.T) {
	z := e2eNeedZabbix(t)
	w := z.world(t)
	name := z.hostName(w.object(t, netbox.DeviceRef(e2eFailDevice)).Name)
	w.st.FailCall("CreateHostConfigs", 1, errE2E)
	_, err := w.provision(t, netbox.DeviceRef(e2eFailDevice))
	if !errors.Is(err, errE2E) {
		t.Fatalf("ProvisionAgent error = %v, want the injected failure", err)
	}
	hosts, err := z.client.Hosts(t.Context(), zabbix.HostQuery{Names: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 0 {
		t.Errorf("host %q (%s) is still in Zabbix after the failed run", name, hosts[0].HostID)
	}
	if cs := w.configs(t); len(cs) != 0 {
		t.Errorf("the store holds %d configs after the failed run", len(cs))
	}
}

// TestE2EZabbixNameTaken provisions an object whose host name a host made
// outside the library has: ErrHostNameTaken, nothing changed in Zabbix,
// nothing stored.
func TestE2EZabbixNameTaken(t *testing.T) {
	z := e2eNeedZabbix(t)
	w := z.world(t)
	name := z.hostName(w.object(t, netbox.DeviceRef(e2eTakenDevice)).Name)
	created, err := z.client.CreateHosts(t.Context(), []zabbix.Host{{
		Host: name, Description: "made outside the library", GroupIDs: []string{z.groupID},
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces:    []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.99", Port: "10050"}},
	}})
	if err != nil {
		t.Fatalf("create the stranger host: %v", err)
	}
	before := z.host(t, created[0].HostID)
	_, err = w.provision(t, netbox.DeviceRef(e2eTakenDevice))
	if !errors.Is(err, provision.ErrHostNameTaken) {
		t.Fatalf("ProvisionAgent error = %v, want ErrHostNameTaken", err)
	}
	if diff := cmp.Diff(before, z.host(t, created[0].HostID)); diff != "" {
		t.Errorf("the stranger host changed (-before +after):\n%s", diff)
	}
	if cs := w.configs(t); len(cs) != 0 {
		t.Errorf("the store holds %d configs after the refused run", len(cs))
	}
}

// e2eCounter is an http.RoundTripper counting requests and the JSON-RPC
// methods they carry.
type e2eCounter struct {
	next http.RoundTripper

	mu      sync.Mutex
	methods []string // one entry per request: "host.create+host.get"
}

func (c *e2eCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	label := "?"
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			label = e2eMethods(body)
		}
	}
	c.mu.Lock()
	c.methods = append(c.methods, label)
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

func (c *e2eCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.methods)
}

func (c *e2eCounter) methodsSince(n int) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.methods[n:])
}

func e2eRandom(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// e2eMethods names the JSON-RPC methods of a request body.
func e2eMethods(body io.ReadCloser) string {
	defer body.Close()
	raw, err := io.ReadAll(body)
	if err != nil {
		return "?"
	}
	var calls []struct {
		Method string `json:"method"`
	}
	if err := json.Unmarshal(raw, &calls); err != nil {
		var one struct {
			Method string `json:"method"`
		}
		if json.Unmarshal(raw, &one) != nil {
			return "?"
		}
		return one.Method
	}
	names := make([]string, len(calls))
	for i, c := range calls {
		names[i] = c.Method
	}
	return strings.Join(names, "+")
}
