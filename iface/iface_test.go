package iface_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

var errInjected = errors.New("injected failure")

type world struct {
	t   *testing.T
	zbx *memzabbix.Server
	st  *memstore.Store
	c   *iface.Pusher
	hc  store.HostConfig // the provisioned config of device 1
}

// newWorld provisions device 1 ("web-01", agent on 192.0.2.10) and
// returns its config, ready for new interfaces.
func newWorld(t *testing.T) *world {
	t.Helper()
	nb := memnetbox.New(memnetbox.Config{
		Objects: []*netbox.Object{{Type: netbox.TypeDevice, ID: 1, Name: "web-01", Status: netbox.Choice{Value: "active"},
			PrimaryIP4: &netbox.NestedIP{ID: 10, Address: "192.0.2.10/24"}}},
		IPAddresses: []*netbox.IPAddress{{ID: 10, Address: "192.0.2.10/24"}},
	})
	zbx := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: []store.Mapping{{
		ObjectType: netbox.TypeDevice, Name: "default", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: "2"}},
		Templates:  []zabbix.Template{{TemplateID: "10564", Name: "ICMP Ping"}},
	}}}})
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := iface.New(iface.Config{Zabbix: zbx, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, zbx: zbx, st: st, c: c, hc: res.HostConfig}
}

func snmp(name, ip string) store.Interface {
	return store.Interface{Name: name, Type: zabbix.InterfaceSNMP, IP: ip, UseIP: store.UseIP, Main: 1, Port: 161,
		SNMP: &store.SNMPInterface{Version: 3, Bulk: 1, SecurityName: "{$SNMPV3_USER}", SecurityLevel: 2,
			AuthProtocol: 1, AuthPassphrase: "auth-secret-1", PrivProtocol: 1, PrivPassphrase: "priv-secret-1"}}
}

func agent(name, ip string, port int) store.Interface {
	return store.Interface{Name: name, Type: zabbix.InterfaceAgent, IP: ip, UseIP: store.UseIP, Main: 0, Port: port}
}

// add stores new interfaces in the config, as an operator would.
func (w *world) add(ins ...store.Interface) store.HostConfig {
	w.t.Helper()
	hc, err := w.st.HostConfig(w.t.Context(), w.hc.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	hc.Interfaces = append(hc.Interfaces, ins...)
	if hc, err = w.st.UpdateHostConfig(w.t.Context(), hc); err != nil {
		w.t.Fatal(err)
	}
	return hc
}

func (w *world) run() (iface.Result, error) {
	return w.c.CreateZabbixInterface(w.t.Context(), iface.Request{HostConfigID: w.hc.ID, User: "tester", RequestID: "r-2"})
}

func (w *world) stored() store.HostConfig {
	w.t.Helper()
	hc, err := w.st.HostConfig(w.t.Context(), w.hc.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return hc
}

// checkLinked checks that every interface of the stored config is linked to
// a distinct interface of the Zabbix host with the same type, address and
// port.
func (w *world) checkLinked() {
	w.t.Helper()
	hc := w.stored()
	host, ok := w.zbx.Host(hc.HostID)
	if !ok {
		w.t.Fatalf("host %s missing", hc.HostID)
	}
	seen := make(map[string]bool)
	for _, in := range hc.Interfaces {
		var z *zabbix.HostInterface
		for i := range host.Interfaces {
			if host.Interfaces[i].InterfaceID == in.InterfaceID {
				z = &host.Interfaces[i]
			}
		}
		if z == nil || seen[in.InterfaceID] {
			w.t.Errorf("interface %q linked to %q: missing on the host or linked twice", in.Name, in.InterfaceID)
			continue
		}
		seen[in.InterfaceID] = true
		if z.Type != in.Type || z.IP != in.IP || z.Port != strconv.Itoa(in.Port) {
			w.t.Errorf("interface %q linked to a different Zabbix interface %+v", in.Name, *z)
		}
	}
	if len(host.Interfaces) != len(hc.Interfaces) {
		w.t.Errorf("host has %d interfaces, config %d", len(host.Interfaces), len(hc.Interfaces))
	}
}

// TestCreateZabbixInterfaceLinksEveryUnlinked is the plugin's linking
// defect: the original links only the first unlinked interface. Two new
// interfaces are pushed and both are linked.
func TestCreateZabbixInterfaceLinksEveryUnlinked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"), agent("web-01-agent-2", "192.0.2.11", 10051))
	res, err := w.run()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"web-01-snmp", "web-01-agent-2"}, res.Linked); diff != "" {
		t.Errorf("Linked (-want +got):\n%s", diff)
	}
	if res.Message != "Created interface(s) web-01-snmp, web-01-agent-2 of z-web-01 in Zabbix host "+w.hc.HostID {
		t.Errorf("Message = %q", res.Message)
	}
	w.checkLinked()

	// The agent interface linked before keeps its ID: it was kept, not
	// re-created.
	if got := w.stored().Interfaces[0].InterfaceID; got != w.hc.Interfaces[0].InterfaceID {
		t.Errorf("first interface ID %s changed to %s", w.hc.Interfaces[0].InterfaceID, got)
	}
	// The SNMP interface is main for SNMP; it does not demote the agent's
	// main interface (docs/behaviour.md, last section).
	host, _ := w.zbx.Host(w.hc.HostID)
	mains := map[zabbix.InterfaceType]int{}
	for _, z := range host.Interfaces {
		mains[z.Type] += z.Main
		if z.Type == zabbix.InterfaceSNMP && (z.Details == nil || z.Details.ContextName != "") {
			t.Errorf("SNMP details = %+v, want a context name of \"\"", z.Details)
		}
	}
	if mains[zabbix.InterfaceAgent] != 1 || mains[zabbix.InterfaceSNMP] != 1 {
		t.Errorf("main interfaces per type = %v, want one each", mains)
	}
	// The event holds the before and after, and no SNMP passphrase.
	evs, _ := w.st.Events(t.Context(), eventlog.Query{})
	ev := evs[0]
	if ev.Name != "CreateZabbixInterface" || len(ev.PreData) == 0 || len(ev.PostData) == 0 || len(ev.Data) == 0 {
		t.Errorf("event = %+v", ev)
	}
	for _, s := range []string{string(ev.Data), string(ev.PreData), string(ev.PostData)} {
		if strings.Contains(s, "auth-secret-1") || strings.Contains(s, "priv-secret-1") {
			t.Errorf("event holds an SNMP passphrase: %s", s)
		}
	}
}

func TestCreateZabbixInterfaceNothingMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.zbx.ResetCalls()
	res, err := w.run()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Message, "already in Zabbix") || len(res.Linked) != 0 {
		t.Errorf("result = %+v", res)
	}
	for _, c := range w.zbx.Calls() {
		if c.Method != "Hosts" {
			t.Errorf("nothing to push, yet Zabbix got %s", c.Method)
		}
	}
}

// TestCreateZabbixInterfaceRepushesStale: an interface deleted in Zabbix
// by hand is pushed again and re-linked.
func TestCreateZabbixInterfaceRepushesStale(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"))
	if _, err := w.run(); err != nil {
		t.Fatal(err)
	}
	// Remove the SNMP interface in Zabbix behind the library's back.
	host, _ := w.zbx.Host(w.hc.HostID)
	keep := []zabbix.HostInterface{}
	for _, z := range host.Interfaces {
		if z.Type == zabbix.InterfaceAgent {
			keep = append(keep, z)
		}
	}
	if _, err := w.zbx.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: host.HostID, Interfaces: keep}); err != nil {
		t.Fatal(err)
	}
	res, err := w.run()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"web-01-snmp"}, res.Linked); diff != "" {
		t.Errorf("Linked (-want +got):\n%s", diff)
	}
	w.checkLinked()
}

func TestCreateZabbixInterfaceNotProvisioned(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	saved, err := w.st.CreateHostConfigs(t.Context(), []store.HostConfig{{Name: "z-db-01", Object: netbox.DeviceRef(2)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.c.CreateZabbixInterface(t.Context(), iface.Request{HostConfigID: saved[0].ID})
	var pe *provision.Error
	if !errors.Is(err, iface.ErrNotProvisioned) || !errors.As(err, &pe) || pe.Object != netbox.DeviceRef(2) {
		t.Fatalf("err = %v, want ErrNotProvisioned about device 2", err)
	}
	if !strings.Contains(err.Error(), `cannot create interfaces for device 2: host config "z-db-01" has no Zabbix host ID; run ProvisionAgent for it first`) {
		t.Errorf("error text = %q", err)
	}
}

func TestCreateZabbixInterfaceBadRequests(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.c.CreateZabbixInterface(t.Context(), iface.Request{HostConfigID: 0}); !errors.Is(err, provision.ErrInvalidRequest) {
		t.Errorf("ID 0: err = %v, want ErrInvalidRequest", err)
	}
	_, err := w.c.CreateZabbixInterface(t.Context(), iface.Request{HostConfigID: 999})
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "999") {
		t.Errorf("missing config: err = %v, want store.ErrNotFound naming 999", err)
	}
	if _, err := iface.New(iface.Config{}); err == nil {
		t.Error("New with no backends succeeded")
	}
}

func TestCreateZabbixInterfaceHostMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"))
	if err := w.zbx.DeleteHosts(t.Context(), w.hc.HostID); err != nil {
		t.Fatal(err)
	}
	_, err := w.run()
	if !errors.Is(err, provision.ErrHostMissing) || !strings.Contains(err.Error(), w.hc.HostID) {
		t.Fatalf("err = %v, want ErrHostMissing naming the host", err)
	}
}

// TestCreateZabbixInterfaceNoMatch: when Zabbix does not keep the pushed
// interface (here: the update's answer carries none), the error carries both
// sides and the host is restored.
func TestCreateZabbixInterfaceNoMatch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"))
	before, _ := w.zbx.Host(w.hc.HostID)
	c, err := iface.New(iface.Config{Zabbix: dropInterfaces{w.zbx}, Store: w.st})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateZabbixInterface(t.Context(), iface.Request{HostConfigID: w.hc.ID})
	var nm *provision.NoMatchError
	if !errors.Is(err, provision.ErrNoMatch) || !errors.As(err, &nm) {
		t.Fatalf("err = %v, want a NoMatchError", err)
	}
	if nm.Interface.Name != "web-01-snmp" || nm.Config != "z-web-01" {
		t.Errorf("NoMatchError = %+v", nm)
	}
	after, _ := w.zbx.Host(w.hc.HostID)
	if diff := cmp.Diff(before.Interfaces, after.Interfaces); diff != "" {
		t.Errorf("host not restored (-before +after):\n%s", diff)
	}
	if w.stored().Interfaces[1].Linked() {
		t.Error("the store was changed")
	}
}

// dropInterfaces answers UpdateHost with the SNMP interfaces left out, as
// if Zabbix had not kept them.
type dropInterfaces struct{ *memzabbix.Server }

func (d dropInterfaces) UpdateHost(ctx context.Context, h zabbix.HostUpdate) (zabbix.Host, error) {
	got, err := d.Server.UpdateHost(ctx, h)
	var keep []zabbix.HostInterface
	for _, z := range got.Interfaces {
		if z.Type != zabbix.InterfaceSNMP {
			keep = append(keep, z)
		}
	}
	got.Interfaces = keep
	return got, err
}

// TestCreateZabbixInterfaceUndo: the store write fails after the update;
// the host gets its interfaces back and the store is unchanged. When the
// restore fails too, the error names the host.
func TestCreateZabbixInterfaceUndo(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"))
	before, _ := w.zbx.Host(w.hc.HostID)
	stored := w.stored()

	w.st.FailCall("UpdateHostConfig", 1, errInjected)
	if _, err := w.run(); !errors.Is(err, errInjected) {
		t.Fatalf("err = %v, want the injected store failure", err)
	}
	after, _ := w.zbx.Host(w.hc.HostID)
	if diff := cmp.Diff(before.Interfaces, after.Interfaces); diff != "" {
		t.Errorf("host not restored (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(stored, w.stored()); diff != "" {
		t.Errorf("store changed (-before +after):\n%s", diff)
	}

	w.st.FailCall("UpdateHostConfig", 1, errInjected)
	w.zbx.FailCall("UpdateHost", 2, errors.New("connection reset"))
	_, err := w.run()
	var ue *provision.UndoError
	if !errors.Is(err, provision.ErrUndoFailed) || !errors.As(err, &ue) || ue.HostID != w.hc.HostID {
		t.Fatalf("err = %v, want an UndoError naming host %s", err, w.hc.HostID)
	}
}

func TestCreateZabbixInterfaceDryRun(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"))
	before, stored := w.zbx.AllHosts(), w.stored()
	w.zbx.ResetCalls()
	res, err := w.c.CreateZabbixInterface(t.Context(), iface.Request{HostConfigID: w.hc.ID, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range w.zbx.Calls() {
		if c.Method != "Hosts" {
			t.Errorf("dry run called Zabbix %s", c.Method)
		}
	}
	if diff := cmp.Diff(before, w.zbx.AllHosts()); diff != "" {
		t.Errorf("Zabbix changed:\n%s", diff)
	}
	if diff := cmp.Diff(stored, w.stored()); diff != "" {
		t.Errorf("store changed:\n%s", diff)
	}
	if res.Plan == nil || res.Plan.Action != provision.ActionUpdate || res.Event != nil {
		t.Fatalf("result = %+v", res)
	}
	if res.Message != "Would create interface(s) web-01-snmp of z-web-01 in Zabbix host "+w.hc.HostID {
		t.Errorf("Message = %q", res.Message)
	}
	if len(res.Plan.Changes) != 1 || res.Plan.Changes[0].Field != "interfaces[+]" || !strings.HasPrefix(res.Plan.Changes[0].After, "SNMP 192.0.2.10:161") {
		t.Errorf("changes = %v", res.Plan.Changes)
	}
	// The real run then does what was planned.
	real, err := w.run()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res.Plan.Update, real.Plan.Update); diff != "" {
		t.Errorf("real payload differs from the plan (-plan +real):\n%s", diff)
	}
	// With nothing missing, the plan says so.
	res, err = w.c.CreateZabbixInterface(t.Context(), iface.Request{HostConfigID: w.hc.ID, DryRun: true})
	if err != nil || res.Plan == nil || res.Plan.Action != provision.ActionNone {
		t.Errorf("dry run with nothing missing = %+v, %v", res.Plan, err)
	}
}
