package iface_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

func (w *world) updateIfaces(ins []store.Interface) (iface.Result, error) {
	return w.c.UpdateZabbixInterface(w.t.Context(), iface.UpdateRequest{HostConfigID: w.hc.ID, Interfaces: ins, User: "tester"})
}

// TestUpdateZabbixInterface changes an interface in place, removes one and
// adds one, in one update; a hand-added Zabbix interface stays.
func TestUpdateZabbixInterface(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.add(snmp("web-01-snmp", "192.0.2.10"), agent("web-01-agent-2", "192.0.2.11", 10050))
	if _, err := w.run(); err != nil {
		t.Fatal(err)
	}
	hc := w.stored()
	host, _ := w.zbx.Host(hc.HostID)
	hand := zabbix.HostInterface{Type: zabbix.InterfaceAgent, UseIP: 1, IP: "198.51.100.9", Port: "10050"}
	if _, err := w.zbx.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: hc.HostID, Interfaces: append(slices.Clone(host.Interfaces), hand)}); err != nil {
		t.Fatal(err)
	}
	snmpID := hc.Interfaces[1].InterfaceID
	moved := hc.Interfaces[1]
	moved.IP, moved.Port = "192.0.2.20", 1161
	want := []store.Interface{hc.Interfaces[0], moved, agent("web-01-agent-3", "192.0.2.12", 10051)}
	res, err := w.updateIfaces(want)
	if err != nil {
		t.Fatal(err)
	}
	mustContainText(t, res.Message, "changed web-01-snmp; removed web-01-agent-2; added web-01-agent-3")
	got := w.stored()
	if len(got.Interfaces) != 3 || got.Interfaces[1].InterfaceID != snmpID || got.Interfaces[1].IP != "192.0.2.20" || !got.Interfaces[2].Linked() {
		t.Fatalf("stored interfaces %+v", got.Interfaces)
	}
	after, _ := w.zbx.Host(hc.HostID)
	if len(after.Interfaces) != 4 || !slices.ContainsFunc(after.Interfaces, func(z zabbix.HostInterface) bool { return z.IP == "198.51.100.9" }) ||
		slices.ContainsFunc(after.Interfaces, func(z zabbix.HostInterface) bool { return z.IP == "192.0.2.11" }) {
		t.Errorf("Zabbix interfaces %+v; want the three of the config and the hand-added one", after.Interfaces)
	}
	// Once in step: nothing to update.
	w.zbx.ResetCalls()
	res, err = w.updateIfaces(nil)
	if err != nil || res.Plan.Action != provision.ActionNone || len(w.zbx.Calls()) != 1 {
		t.Errorf("second update = %+v, %v, %d calls", res.Plan, err, len(w.zbx.Calls()))
	}
}

// TestUpdateZabbixInterfaceInUse: Zabbix refuses to remove an interface
// that items use; the error names it, and nothing changes.
func TestUpdateZabbixInterfaceInUse(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.stored()
	if _, err := w.zbx.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: hc.HostID, TemplateIDs: []string{"10001"}}); err != nil {
		t.Fatal(err) // "Linux by Zabbix agent": its items use the agent interface
	}
	before, _ := w.zbx.Host(hc.HostID)
	replacement := agent("web-01-agent-9", "192.0.2.19", 10050)
	replacement.Main = 1
	_, err := w.updateIfaces([]store.Interface{replacement})
	var inUse *iface.InterfaceInUseError
	if !errors.Is(err, iface.ErrInterfaceInUse) || !errors.As(err, &inUse) || !slices.Equal(inUse.Interfaces, []string{"web-01-agent"}) ||
		!errors.Is(err, zabbix.ErrInterfaceInUse) {
		t.Fatalf("err = %v, want an InterfaceInUseError naming web-01-agent", err)
	}
	mustContainText(t, err.Error(), `Interface is linked to item "Total memory"`)
	if after, _ := w.zbx.Host(hc.HostID); len(after.Interfaces) != len(before.Interfaces) || after.Interfaces[0] != before.Interfaces[0] {
		t.Errorf("Zabbix changed: %+v", after.Interfaces)
	}
	if got := w.stored(); len(got.Interfaces) != 1 || got.Interfaces[0].Name != "web-01-agent" {
		t.Errorf("the store changed: %+v", got.Interfaces)
	}
}

// TestUpdateZabbixInterfaceRefusals: an interface ID of another config,
// and a config without a host, are refused before any write.
func TestUpdateZabbixInterfaceRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.zbx.ResetCalls()
	stranger := agent("x", "192.0.2.30", 10050)
	stranger.ID = 999
	if _, err := w.updateIfaces([]store.Interface{stranger}); !errors.Is(err, provision.ErrInvalidRequest) {
		t.Errorf("unknown interface ID: %v, want ErrInvalidRequest", err)
	}
	for _, c := range w.zbx.Calls() {
		if c.Method != memzabbix.MethodHosts {
			t.Errorf("a refused request wrote to Zabbix: %v", c.Method)
		}
	}
}

func mustContainText(t *testing.T, s, sub string) {
	t.Helper()
	if !containsText(s, sub) {
		t.Errorf("%q does not contain %q", s, sub)
	}
}

func containsText(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s[:len(sub)] == sub || containsText(s[1:], sub))
}
