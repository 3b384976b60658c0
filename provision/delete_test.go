package provision_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

func (w *world) delete(ref netbox.Ref) (provision.Result, error) {
	w.t.Helper()
	return w.p.DeleteZabbixHost(w.t.Context(), provision.Request{Object: ref, User: "tester"})
}

func TestDeleteHard(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withSettings(func(s *store.Settings) { s.DeleteMode = store.DeleteHard }))
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	w.zbx.ResetCalls()
	res, err := w.delete(netbox.DeviceRef(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.zbx.Host(hc.HostID); ok || len(w.configs()) != 0 {
		t.Errorf("after a hard delete: host there %v, %d configs", ok, len(w.configs()))
	}
	if res.Plan.Action != provision.ActionDelete || res.Plan.Delete != hc.HostID {
		t.Errorf("plan %+v", res.Plan)
	}
	if n := len(w.zbx.Calls()); n != 2 {
		t.Errorf("%d Zabbix calls, want 2 (read, delete)", n)
	}
	ev := w.events()[0]
	if ev.Name != "DeleteZabbixHost" || !strings.Contains(string(ev.PreData), `"host":"web-01"`) {
		t.Errorf("event %s %s", ev.Name, ev.PreData)
	}
	// Nothing left to delete.
	if _, err := w.delete(netbox.DeviceRef(1)); !errors.Is(err, provision.ErrNotProvisioned) {
		t.Errorf("second delete: %v, want ErrNotProvisioned", err)
	}
}

// TestDeleteSoftTwice: two objects whose hosts get the same archived name
// (the first device is deleted, re-created under the same name,
// provisioned and deleted again) end as web-01_archived and
// web-01_archived-1, disabled, in the graveyard group (created once),
// without the default tag.
func TestDeleteSoftTwice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	if _, err := w.delete(netbox.DeviceRef(1)); err != nil {
		t.Fatal(err)
	}
	second := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	w.zbx.ResetCalls()
	res, err := w.delete(netbox.DeviceRef(1))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "message", res.Message, "as web-01_archived-1 in host group graveyard")
	if n := len(w.zbx.Calls()); n != 2 {
		t.Errorf("%d Zabbix calls for the second soft delete, want 2 (read, update): the graveyard group is known", n)
	}
	groups, _ := w.zbx.HostGroups(t.Context(), "graveyard")
	if len(groups) != 1 {
		t.Fatalf("graveyard groups: %v", groups)
	}
	for id, name := range map[string]string{first.HostID: "web-01_archived", second.HostID: "web-01_archived-1"} {
		h := w.host(id)
		if h.Host != name || h.Name != name || h.Status != zabbix.StatusNotMonitored || !slices.Equal(h.GroupIDs, []string{groups[0].GroupID}) ||
			slices.ContainsFunc(h.Tags, func(t zabbix.Tag) bool { return t.Tag == "netbox_id" }) {
			t.Errorf("archived host %s: %q / %q status %d groups %v tags %v", id, h.Host, h.Name, h.Status, h.GroupIDs, h.Tags)
		}
	}
	if len(w.configs()) != 0 {
		t.Errorf("%d configs left", len(w.configs()))
	}
}

// TestDeleteHostAlreadyGone: a host deleted in Zabbix by hand is not an
// error; the config goes.
func TestDeleteHostAlreadyGone(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	if err := w.zbx.DeleteHosts(t.Context(), hc.HostID); err != nil {
		t.Fatal(err)
	}
	res, err := w.delete(netbox.DeviceRef(1))
	if err != nil || len(w.configs()) != 0 {
		t.Fatalf("delete = %v, %d configs left", err, len(w.configs()))
	}
	mustContain(t, "message", res.Message, "already gone")
}

// TestDeleteRefusesAnotherObjectsHost: a config pointing at a host that
// carries another object's default tag is refused, and nothing changes.
func TestDeleteRefusesAnotherObjectsHost(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	web := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	db := w.mustProvision(netbox.DeviceRef(2)).HostConfig
	db.HostID = web.HostID + "x"
	wrong := w.config(netbox.DeviceRef(2))
	wrong.HostID, wrong.Interfaces = web.HostID, nil
	if err := w.st.DeleteHostConfig(t.Context(), web.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.UpdateHostConfig(t.Context(), wrong); err != nil {
		t.Fatal(err)
	}
	_, err := w.delete(netbox.DeviceRef(2))
	if err == nil || !strings.Contains(err.Error(), "not this object's host") {
		t.Fatalf("delete = %v, want a refusal", err)
	}
	if _, ok := w.zbx.Host(web.HostID); !ok || len(w.configs()) != 1 {
		t.Error("the refused delete changed something")
	}
}

func TestDeleteDryRun(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	before := w.host(hc.HostID)
	res, err := w.p.DeleteZabbixHost(t.Context(), provision.Request{Object: netbox.DeviceRef(1), DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Update == nil || res.Plan.Update.Host != "web-01_archived" || !strings.HasPrefix(res.Message, "Would archive") {
		t.Errorf("dry run: %q %+v", res.Message, res.Plan)
	}
	if h := w.host(hc.HostID); h.Host != before.Host || len(w.configs()) != 1 {
		t.Error("a dry run changed something")
	}
	if groups, _ := w.zbx.HostGroups(t.Context(), "graveyard"); len(groups) != 0 {
		t.Error("a dry run created the graveyard group")
	}
}

func TestProvisionSNMP(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withSettings(func(s *store.Settings) {
		s.SNMP.Version, s.SNMP.Community = 2, "s3cret-community"
	}))
	res, err := w.p.ProvisionSNMP(t.Context(), provision.Request{Object: netbox.DeviceRef(2)})
	if err != nil {
		t.Fatal(err)
	}
	in := res.HostConfig.Interfaces[0]
	if in.Name != "db-01-snmp" || in.Type != zabbix.InterfaceSNMP || in.Port != 161 || in.SNMP == nil ||
		in.SNMP.Version != 2 || in.SNMP.Community.Reveal() != "s3cret-community" || !in.Linked() {
		t.Errorf("interface %+v %+v", in, in.SNMP)
	}
	h := w.host(res.HostConfig.HostID)
	if len(h.Interfaces) != 1 || h.Interfaces[0].Details == nil || h.Interfaces[0].Details.Community.Reveal() != "s3cret-community" {
		t.Errorf("Zabbix interfaces %+v", h.Interfaces)
	}
	// The agent interface joins the SNMP one; the SNMP one stays main.
	res = w.mustProvision(netbox.DeviceRef(2))
	if len(res.HostConfig.Interfaces) != 2 || res.HostConfig.Interfaces[0].Main != 1 || res.HostConfig.Interfaces[1].Main != 1 {
		t.Errorf("interfaces after ProvisionAgent: %+v", res.HostConfig.Interfaces)
	}
	if _, err := w.p.ProvisionSNMP(t.Context(), provision.Request{Object: netbox.DeviceRef(2)}); !errors.Is(err, provision.ErrInterfaceExists) {
		t.Errorf("second ProvisionSNMP: %v, want ErrInterfaceExists", err)
	}
	for _, e := range w.events() {
		if strings.Contains(string(e.Data), "s3cret") || strings.Contains(w.logs.String(), "s3cret") {
			t.Errorf("the community leaked into an event or a log")
		}
	}
	if s := w.zbx.Calls(); len(s) == 0 || s[0].Method != memzabbix.MethodCreateHosts {
		t.Errorf("calls %v", s)
	}
}
