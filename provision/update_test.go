package provision_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// tmplICMP is "ICMP Ping" on the in-memory 7.0 server.
const tmplICMP = "10564"

func (w *world) update(ref netbox.Ref) (provision.Result, error) {
	w.t.Helper()
	return w.p.UpdateZabbixHost(w.t.Context(), provision.Request{Object: ref, User: "tester"})
}

func (w *world) mustUpdate(ref netbox.Ref) provision.Result {
	w.t.Helper()
	res, err := w.update(ref)
	if err != nil {
		w.t.Fatalf("UpdateZabbixHost(%v): %v", ref, err)
	}
	return res
}

// editDevice changes device id in NetBox as a user would.
func (w *world) editDevice(id int64, edit func(o *netbox.Object)) {
	w.t.Helper()
	objs, err := w.nb.Objects(context.Background(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{id}})
	if err != nil || len(objs) != 1 {
		w.t.Fatalf("read device %d: %v", id, err)
	}
	edit(objs[0])
	w.nb.PutObject(objs[0])
}

// host reads a Zabbix host that must exist.
func (w *world) host(id string) zabbix.Host {
	w.t.Helper()
	h, ok := w.zbx.Host(id)
	if !ok {
		w.t.Fatalf("Zabbix has no host %s", id)
	}
	return h
}

// zabbixWrites counts the Zabbix calls since the last ResetCalls that were
// not reads.
func (w *world) zabbixWrites() int {
	n := 0
	for _, c := range w.zbx.Calls() {
		if c.Method != memzabbix.MethodHosts && c.Method != memzabbix.MethodHostGroups {
			n++
		}
	}
	return n
}

func TestUpdateNothingChanged(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	w.zbx.ResetCalls()
	res := w.mustUpdate(netbox.DeviceRef(1))
	if res.Plan.Action != provision.ActionNone || res.Message != "web-01 is in step with NetBox; nothing to change" {
		t.Errorf("update of an unchanged object = %q, %+v", res.Message, res.Plan)
	}
	if n := w.zabbixWrites(); n != 0 {
		t.Errorf("%d Zabbix writes, want none", n)
	}
	if got := w.config(netbox.DeviceRef(1)); !got.Updated.Equal(hc.Updated) {
		t.Errorf("the config was written again")
	}
}

// TestUpdateFollowsNetBox: rename, a new primary address, another role (so
// another mapping) and another status all reach Zabbix in one update; the
// agent interface keeps its Zabbix ID.
func TestUpdateFollowsNetBox(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	ifaceID := first.Interfaces[0].InterfaceID
	w.editDevice(1, func(o *netbox.Object) {
		o.Name = "web-01-renamed"
		o.PrimaryIP4 = &netbox.NestedIP{ID: 12, Address: "192.0.2.12/24"}
		o.Role = &netbox.Nested{ID: 9, Name: "Database"}
		o.Status = netbox.Choice{Value: "offline", Label: "Offline"}
	})
	res := w.mustUpdate(netbox.DeviceRef(1))
	h := w.host(first.HostID)
	if h.Host != "web-01-renamed" || h.Name != "web-01-renamed" || h.Status != zabbix.StatusNotMonitored {
		t.Errorf("host %q / %q status %d; want renamed and not monitored", h.Host, h.Name, h.Status)
	}
	if len(h.Interfaces) != 1 || h.Interfaces[0].InterfaceID != ifaceID || h.Interfaces[0].IP != "192.0.2.12" {
		t.Errorf("interfaces %+v; want interface %s moved to 192.0.2.12", h.Interfaces, ifaceID)
	}
	if len(h.TemplateIDs) != 0 || !slices.Equal(h.GroupIDs, []string{groupLinux}) {
		t.Errorf("templates %v groups %v; want the default mapping's (no template, Linux servers)", h.TemplateIDs, h.GroupIDs)
	}
	if !slices.Contains(res.Plan.Update.TemplatesClear, tmplLinux) {
		t.Errorf("templates_clear = %v; want the old mapping's template cleared", res.Plan.Update.TemplatesClear)
	}
	hc := w.config(netbox.DeviceRef(1))
	if hc.Name != "z-web-01-renamed" || hc.Status != zabbix.StatusNotMonitored || hc.Interfaces[0].IPAddressID != 12 ||
		hc.Interfaces[0].InterfaceID != ifaceID || len(hc.Templates) != 0 {
		t.Errorf("stored config %+v", hc)
	}
	mustContain(t, "message", res.Message, "Updated web-01-renamed in Zabbix: host, name, status")
	w.checkInvariants()
	// Once in step, another update writes nothing.
	w.zbx.ResetCalls()
	if res := w.mustUpdate(netbox.DeviceRef(1)); res.Plan.Action != provision.ActionNone {
		t.Errorf("second update = %+v", res.Plan.Changes)
	}
}

// TestUpdateKeepsWhatWasAddedByHand: a template, a host group, a tag and
// an interface added in Zabbix by hand survive an update; the library's
// own tags follow NetBox.
func TestUpdateKeepsWhatWasAddedByHand(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	before := w.host(hc.HostID)
	hand := zabbix.HostInterface{Type: zabbix.InterfaceAgent, UseIP: 1, IP: "198.51.100.7", Port: "10050"}
	if _, err := w.zbx.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: hc.HostID,
		TemplateIDs: append(slices.Clone(before.TemplateIDs), tmplICMP),
		GroupIDs:    append(slices.Clone(before.GroupIDs), "4"),
		Tags:        append(slices.Clone(before.Tags), zabbix.Tag{Tag: "owner", Value: "ops"}),
		Interfaces:  append(slices.Clone(before.Interfaces), hand),
	}); err != nil {
		t.Fatal(err)
	}
	w.editDevice(1, func(o *netbox.Object) { o.Platform = &netbox.Nested{ID: platformID, Name: "Debian 13"} })
	res := w.mustUpdate(netbox.DeviceRef(1))
	h := w.host(hc.HostID)
	if !slices.Contains(h.TemplateIDs, tmplICMP) || !slices.Contains(h.TemplateIDs, tmplLinux) || !slices.Contains(h.GroupIDs, "4") {
		t.Errorf("templates %v, groups %v; the hand-added template and group must stay", h.TemplateIDs, h.GroupIDs)
	}
	if !slices.Contains(h.Tags, zabbix.Tag{Tag: "owner", Value: "ops"}) || !slices.Contains(h.Tags, zabbix.Tag{Tag: "Platform", Value: "Debian 13"}) ||
		slices.Contains(h.Tags, zabbix.Tag{Tag: "Platform", Value: "Debian 12"}) {
		t.Errorf("tags %v; want owner=ops kept and Platform=Debian 13 instead of Debian 12", h.Tags)
	}
	if len(h.Interfaces) != 2 || h.Inventory["os"] != "Debian 13" {
		t.Errorf("interfaces %+v, inventory %v", h.Interfaces, h.Inventory)
	}
	if diff := cmp.Diff([]provision.Change{{Field: "tags"}, {Field: "inventory"}}, res.Plan.Changes,
		cmpopts.IgnoreFields(provision.Change{}, "Before", "After")); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}

	// When NetBox owns the whole host, what was added by hand goes.
	w2 := newWorld(t, withSettings(func(s *store.Settings) { s.OwnWholeHost = true }))
	hc2 := w2.mustProvision(netbox.DeviceRef(1)).HostConfig
	b2 := w2.host(hc2.HostID)
	if _, err := w2.zbx.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: hc2.HostID,
		TemplateIDs: append(slices.Clone(b2.TemplateIDs), tmplICMP), Interfaces: append(slices.Clone(b2.Interfaces), hand),
		Tags: append(slices.Clone(b2.Tags), zabbix.Tag{Tag: "owner", Value: "ops"})}); err != nil {
		t.Fatal(err)
	}
	w2.mustUpdate(netbox.DeviceRef(1))
	if h := w2.host(hc2.HostID); slices.Contains(h.TemplateIDs, tmplICMP) || len(h.Interfaces) != 1 ||
		slices.Contains(h.Tags, zabbix.Tag{Tag: "owner", Value: "ops"}) {
		t.Errorf("with OwnWholeHost: templates %v, interfaces %d, tags %v; want the hand-added ones gone", h.TemplateIDs, len(h.Interfaces), h.Tags)
	}
}

// TestUpdateHandEdited: a config marked as edited by hand keeps its own
// templates and groups when the mapping changes.
func TestUpdateHandEdited(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	hc.HandEdited = true
	hc.Templates = append(hc.Templates, zabbix.Template{TemplateID: tmplICMP, Name: "ICMP Ping"})
	if _, err := w.st.UpdateHostConfig(t.Context(), hc); err != nil {
		t.Fatal(err)
	}
	w.editDevice(1, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: 9, Name: "Database"} })
	w.mustUpdate(netbox.DeviceRef(1))
	h := w.host(hc.HostID)
	if !sameIDs(h.TemplateIDs, []string{tmplLinux, tmplICMP}) {
		t.Errorf("templates %v; want the config's own (Linux, ICMP)", h.TemplateIDs)
	}
	if got := w.config(netbox.DeviceRef(1)); !got.HandEdited || len(got.Templates) != 2 {
		t.Errorf("stored config %+v", got)
	}
}

func sameIDs(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestUpdateRefusals: an object gone from NetBox, one without a primary
// address and one never provisioned are refused, and nothing changes.
func TestUpdateRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	before := w.host(hc.HostID)
	w.editDevice(1, func(o *netbox.Object) { o.PrimaryIP4 = nil })
	if _, err := w.update(netbox.DeviceRef(1)); !errors.Is(err, provision.ErrNoPrimaryIP) {
		t.Errorf("no primary address: %v, want ErrNoPrimaryIP", err)
	}
	if _, err := w.update(netbox.DeviceRef(2)); !errors.Is(err, provision.ErrNotProvisioned) {
		t.Errorf("never provisioned: %v, want ErrNotProvisioned", err)
	}
	w.nb.DeleteObject(netbox.DeviceRef(1))
	_, err := w.update(netbox.DeviceRef(1))
	if !errors.Is(err, provision.ErrObjectNotFound) {
		t.Errorf("object gone: %v, want ErrObjectNotFound", err)
	}
	mustContain(t, "error", err.Error(), "DeleteZabbixHost")
	if diff := cmp.Diff(before, w.host(hc.HostID)); diff != "" {
		t.Errorf("Zabbix changed (-before +after):\n%s", diff)
	}
}

func TestValidateHost(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
	validate := func() provision.Validation {
		t.Helper()
		v, err := w.p.ValidateHost(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := validate(); v.State != provision.StateInSync {
		t.Errorf("just provisioned: %+v", v)
	}
	w.editDevice(1, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "planned"} })
	w.zbx.ResetCalls()
	v := validate()
	if v.State != provision.StateDrifted || len(v.Plan.Changes) != 1 || v.Plan.Changes[0] != (provision.Change{Field: "status", Before: "0", After: "1"}) {
		t.Errorf("drifted: %+v", v)
	}
	if calls := w.zbx.Calls(); len(calls) != 1 || w.zabbixWrites() != 0 {
		t.Errorf("ValidateHost made %d Zabbix calls (%d writes), want one read", len(calls), w.zabbixWrites())
	}
	if err := w.zbx.DeleteHosts(t.Context(), hc.HostID); err != nil {
		t.Fatal(err)
	}
	if v := validate(); v.State != provision.StateHostMissing {
		t.Errorf("host deleted: %+v", v)
	}
	w.nb.DeleteObject(netbox.DeviceRef(1))
	if v := validate(); v.State != provision.StateObjectGone {
		t.Errorf("object deleted: %+v", v)
	}
	if len(w.events()) != 1 {
		t.Errorf("%d events; ValidateHost must record none", len(w.events()))
	}
}
