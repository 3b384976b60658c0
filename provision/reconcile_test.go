package provision_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

func (w *world) reconcile(req provision.ReconcileRequest) provision.ReconcileReport {
	w.t.Helper()
	rep, err := w.p.Reconcile(w.t.Context(), req)
	if err != nil {
		w.t.Fatalf("Reconcile: %v", err)
	}
	return rep
}

// outcome is a reconcile result in short: the state, "updated" or the
// error's sentinel, for comparison.
func outcome(r provision.ReconcileResult) string {
	switch {
	case r.Err != nil:
		return "failed: " + r.Err.Error()
	case r.Updated:
		return "updated"
	}
	return string(r.State)
}

func outcomes(rep provision.ReconcileReport) map[netbox.Ref]string {
	out := make(map[netbox.Ref]string)
	for _, r := range rep.Results {
		out[r.Object] = outcome(r)
	}
	return out
}

// mixedWorld provisions web-01, db-01, app-01 and devices 100-105, then
// changes them as NetBox and Zabbix users would: 100 renamed, 101 given
// another address, 102 another role (another mapping), 103 taken offline,
// 104 deleted from NetBox, 105 given a template and a tag by hand in
// Zabbix (not the library's), web-01's visible name changed by hand (the
// library's), db-01's host deleted by hand; app-01 stays as it is. Zabbix
// also holds an orphan: a host with the default tag that no config links.
func mixedWorld(t *testing.T) (*world, map[netbox.Ref]provision.Result, string) {
	w := newWorld(t, quiet())
	refs := append([]netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(2), netbox.VMRef(1)},
		w.addObjects(netbox.TypeDevice, 100, 6, "r")...)
	before := make(map[netbox.Ref]provision.Result)
	for _, ref := range refs {
		before[ref] = w.mustProvision(ref)
	}
	w.editDevice(100, func(o *netbox.Object) { o.Name = "r-100-new" })
	w.nb.PutIPAddress(&netbox.IPAddress{ID: 5101, Address: "198.51.100.101/24"})
	w.editDevice(101, func(o *netbox.Object) { o.PrimaryIP4 = &netbox.NestedIP{ID: 5101, Address: "198.51.100.101/24"} })
	w.editDevice(102, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: 9, Name: "Database"} })
	w.editDevice(103, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "offline", Label: "Offline"} })
	w.nb.DeleteObject(netbox.DeviceRef(104))

	hand := w.host(before[netbox.DeviceRef(105)].HostConfig.HostID).AsUpdate()
	hand.TemplateIDs = append(hand.TemplateIDs, tmplICMP)
	hand.Tags = append(hand.Tags, zabbix.Tag{Tag: "owner", Value: "ops"})
	if _, err := w.zbx.UpdateHost(t.Context(), hand); err != nil {
		t.Fatal(err)
	}
	web := before[netbox.DeviceRef(1)].HostConfig.HostID
	if _, err := w.zbx.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: web, Name: "web-01 (renamed by hand)"}); err != nil {
		t.Fatal(err)
	}
	if err := w.zbx.DeleteHosts(t.Context(), before[netbox.DeviceRef(2)].HostConfig.HostID); err != nil {
		t.Fatal(err)
	}
	orphan, err := w.zbx.CreateHosts(t.Context(), []zabbix.Host{{Host: "left-behind", GroupIDs: []string{groupLinux},
		Tags: []zabbix.Tag{{Tag: "netbox_id", Value: "999"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return w, before, orphan[0].HostID
}

// TestReconcileMixed: one reconcile reports each object as expected and
// leaves Zabbix as NetBox says, keeping what was added by hand; a second
// one writes nothing; deleting the orphans is asked for separately.
func TestReconcileMixed(t *testing.T) {
	t.Parallel()
	w, before, orphanID := mixedWorld(t)
	w.zbx.ResetCalls()
	var last provision.Progress
	rep := w.reconcile(provision.ReconcileRequest{User: "tester", Progress: func(p provision.Progress) { last = p }})

	want := map[netbox.Ref]string{
		netbox.DeviceRef(1): "updated", netbox.DeviceRef(2): "host missing", netbox.VMRef(1): "in sync",
		netbox.DeviceRef(100): "updated", netbox.DeviceRef(101): "updated", netbox.DeviceRef(102): "updated",
		netbox.DeviceRef(103): "updated", netbox.DeviceRef(104): "object gone", netbox.DeviceRef(105): "in sync",
	}
	if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if rep.Updated != 5 || rep.InSync != 2 || rep.HostMissing != 1 || rep.ObjectGone != 1 || rep.Failed != 0 || rep.Drifted != 0 {
		t.Errorf("counts %+v", rep)
	}
	if last != (provision.Progress{Done: 9, Total: 9}) {
		t.Errorf("last progress %+v", last)
	}
	if len(rep.Orphans) != 1 || rep.Orphans[0].Host.HostID != orphanID || rep.Orphans[0].Deleted || rep.OrphansErr != nil {
		t.Errorf("orphans %+v (%v); want %s, not deleted", rep.Orphans, rep.OrphansErr, orphanID)
	}
	// Calls: the hosts, the orphans, and one batch of updates (no read
	// back: the moved interface kept its ID, and no interface was added).
	calls := map[memzabbix.Method]int{}
	for _, c := range w.zbx.Calls() {
		calls[c.Method]++
	}
	if diff := cmp.Diff(map[memzabbix.Method]int{memzabbix.MethodHosts: 2, memzabbix.MethodUpdateHosts: 1}, calls); diff != "" {
		t.Errorf("Zabbix calls (-want +got):\n%s", diff)
	}

	hostOf := func(id int64) zabbix.Host { return w.host(before[netbox.DeviceRef(id)].HostConfig.HostID) }
	if h := hostOf(1); h.Name != "web-01" {
		t.Errorf("web-01's visible name %q, want it back", h.Name)
	}
	if h := hostOf(100); h.Host != "r-100-new" || w.config(netbox.DeviceRef(100)).Name != "z-r-100-new" {
		t.Errorf("renamed host %q, config %q", h.Host, w.config(netbox.DeviceRef(100)).Name)
	}
	was := before[netbox.DeviceRef(101)].HostConfig.Interfaces[0].InterfaceID
	if h := hostOf(101); len(h.Interfaces) != 1 || h.Interfaces[0].InterfaceID != was || h.Interfaces[0].IP != "198.51.100.101" {
		t.Errorf("re-addressed host's interfaces %+v; want interface %s on 198.51.100.101", h.Interfaces, was)
	}
	if h := hostOf(102); len(h.TemplateIDs) != 0 {
		t.Errorf("re-mapped host keeps templates %v", h.TemplateIDs)
	}
	if h := hostOf(103); h.Status != zabbix.StatusNotMonitored {
		t.Errorf("offline device's host status %v", h.Status)
	}
	if h := hostOf(105); !slices.Contains(h.TemplateIDs, tmplICMP) || !slices.Contains(h.Tags, zabbix.Tag{Tag: "owner", Value: "ops"}) {
		t.Errorf("hand-added template or tag lost: %v %v", h.TemplateIDs, h.Tags)
	}
	if _, ok := w.zbx.Host(before[netbox.DeviceRef(104)].HostConfig.HostID); !ok {
		t.Error("the host of the object gone from NetBox was deleted")
	}

	// Nothing changed since: nothing is written.
	w.zbx.ResetCalls()
	stored := w.configs()
	again := w.reconcile(provision.ReconcileRequest{})
	if again.Updated != 0 || again.InSync != 7 || again.Failed != 0 {
		t.Errorf("second reconcile: %+v", outcomes(again))
	}
	if n := w.zabbixWrites(); n != 0 {
		t.Errorf("second reconcile: %d Zabbix writes", n)
	}
	if diff := cmp.Diff(stored, w.configs()); diff != "" {
		t.Errorf("second reconcile changed the store:\n%s", diff)
	}

	del := w.reconcile(provision.ReconcileRequest{DeleteOrphans: true})
	if len(del.Orphans) != 1 || !del.Orphans[0].Deleted {
		t.Errorf("orphans %+v; want deleted", del.Orphans)
	}
	if _, ok := w.zbx.Host(orphanID); ok {
		t.Error("the orphan is still in Zabbix")
	}
}

// TestReconcileDryRun plans and writes nothing.
func TestReconcileDryRun(t *testing.T) {
	t.Parallel()
	w, _, orphanID := mixedWorld(t)
	before := w.backends()
	rep := w.reconcile(provision.ReconcileRequest{DryRun: true, DeleteOrphans: true})
	if rep.Drifted != 5 || rep.Updated != 0 || rep.Failed != 0 {
		t.Errorf("dry run counts %+v", rep)
	}
	for _, r := range rep.Results {
		if r.State == provision.StateDrifted && (r.Plan == nil || len(r.Plan.Changes) == 0 || !strings.HasPrefix(r.Message, "Would update")) {
			t.Errorf("%v: %q, plan %+v", r.Object, r.Message, r.Plan)
		}
	}
	w.checkUnchanged(before)
	if len(rep.Orphans) != 1 || rep.Orphans[0].Deleted || rep.Orphans[0].Host.HostID != orphanID {
		t.Errorf("dry run orphans %+v", rep.Orphans)
	}
}

// TestReconcileRefusedHost: a host Zabbix refuses fails alone; the others
// of its batch are updated.
func TestReconcileRefusedHost(t *testing.T) {
	t.Parallel()
	bad := store.Mapping{ObjectType: netbox.TypeDevice, Name: "Broken", Roles: []int64{77}, InterfaceType: zabbix.InterfaceAgent,
		HostGroups: []zabbix.HostGroup{{GroupID: groupLinux}}, Templates: []zabbix.Template{{TemplateID: "999999", Name: "gone"}}}
	w := newWorld(t, quiet(), withMappings(append(defaultMappings(), bad)...))
	refs := w.addObjects(netbox.TypeDevice, 100, 3, "r")
	var before []store.HostConfig
	for _, ref := range refs {
		before = append(before, w.mustProvision(ref).HostConfig)
	}
	for _, id := range []int64{100, 101, 102} {
		w.editDevice(id, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "offline"} })
	}
	w.editDevice(101, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: 77, Name: "Broken"} })
	rep := w.reconcile(provision.ReconcileRequest{})
	got := outcomes(rep)
	if got[refs[0]] != "updated" || got[refs[2]] != "updated" || rep.Failed != 1 {
		t.Fatalf("outcomes %v", got)
	}
	r := rep.Results[1]
	var perr *provision.Error
	if !errors.As(r.Err, &perr) || perr.Op != "Reconcile" || !errors.Is(r.Err, zabbix.ErrNoObject) || r.State != provision.StateDrifted {
		t.Errorf("refused host: %v (state %q); want a Reconcile *Error matching ErrNoObject", r.Err, r.State)
	}
	mustContain(t, "error", r.Err.Error(), `mapping "Broken" names host groups 2; templates 999999`)
	if h := w.host(before[1].HostID); h.Status != zabbix.StatusMonitored {
		t.Error("the refused host was changed")
	}
	if diff := cmp.Diff(before[1], w.config(refs[1])); diff != "" {
		t.Errorf("the refused host's config changed:\n%s", diff)
	}
	w.checkInvariants()
}

// TestReconcileFailures: a lost answer to the batch, a batch not sent and
// a config the store refuses leave every host as it was (restored where
// it had changed) and every config as stored.
func TestReconcileFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		inject func(w *world)
		failed int
	}{
		{"answer lost", func(w *world) { w.zbx.FailCallAfterApply(memzabbix.MethodUpdateHosts, 1, errInjected) }, 3},
		{"not sent", func(w *world) { w.zbx.FailCall(memzabbix.MethodUpdateHosts, 1, errInjected) }, 3},
		{"store refuses one", func(w *world) { w.st.FailCall(memstore.MethodUpdateHostConfig, 2, errInjected) }, 1},
		{"hosts unreadable", func(w *world) { w.zbx.FailCall(memzabbix.MethodHosts, 1, errInjected) }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, quiet())
			refs := w.addObjects(netbox.TypeDevice, 100, 3, "r")
			var hosts []zabbix.Host
			for _, ref := range refs {
				hosts = append(hosts, w.host(w.mustProvision(ref).HostConfig.HostID))
				w.editDevice(ref.ID, func(o *netbox.Object) { o.Name += "-new" })
			}
			configs := w.configs()
			tc.inject(w)
			// The objects named: no orphan look-up, whose host.get would
			// race the batch's for the injected failure.
			rep := w.reconcile(provision.ReconcileRequest{Objects: refs})
			if rep.Failed != tc.failed || rep.Updated != 3-tc.failed {
				t.Fatalf("outcomes %v", outcomes(rep))
			}
			for i, r := range rep.Results {
				if r.Err == nil {
					continue
				}
				if !errors.Is(r.Err, errInjected) || errors.Is(r.Err, provision.ErrUndoFailed) {
					t.Errorf("%v: %v", r.Object, r.Err)
				}
				if h := w.host(hosts[i].HostID); h.Host != hosts[i].Host {
					t.Errorf("%v: host %q after a failure, want %q restored", r.Object, h.Host, hosts[i].Host)
				}
				if diff := cmp.Diff(configs[i], w.config(r.Object)); diff != "" {
					t.Errorf("%v: config changed:\n%s", r.Object, diff)
				}
			}
			w.checkInvariants()
		})
	}
}

// TestReconcileBatches: each batch costs one host.get and, when hosts
// drifted, one JSON-RPC batch of host.update; the selection by Objects
// reads only those configs and looks for no orphans.
func TestReconcileBatches(t *testing.T) {
	t.Parallel()
	w := newWorld(t, quiet())
	refs := w.addObjects(netbox.TypeDevice, 100, 25, "r")
	if res, err := w.p.ProvisionAgents(t.Context(), provision.BulkRequest{Objects: refs}); err != nil || len(res) != 25 {
		t.Fatal(err)
	}
	for _, ref := range refs {
		w.editDevice(ref.ID, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "offline"} })
	}
	w.zbx.ResetCalls()
	rep := w.reconcile(provision.ReconcileRequest{BatchSize: 10, Concurrency: 3})
	if rep.Updated != 25 {
		t.Fatalf("outcomes %v", outcomes(rep))
	}
	calls := map[memzabbix.Method]int{}
	for _, c := range w.zbx.Calls() {
		calls[c.Method]++
	}
	if calls[memzabbix.MethodHosts] != 3+1 || calls[memzabbix.MethodUpdateHosts] != 3 {
		t.Errorf("Zabbix calls %v; want 3 host reads + 1 for orphans, 3 update batches", calls)
	}

	w.zbx.ResetCalls()
	some := w.reconcile(provision.ReconcileRequest{Objects: refs[:4]})
	if len(some.Results) != 4 || some.InSync != 4 || some.Orphans != nil {
		t.Errorf("reconcile of 4 objects: %v, orphans %v", outcomes(some), some.Orphans)
	}
	for _, bad := range []provision.ReconcileRequest{
		{Objects: []netbox.Ref{{Type: netbox.TypeIPAddress, ID: 1}}},
		{Select: []netbox.Query{{Type: netbox.TypeDevice}}},
		{BatchSize: -1},
	} {
		if _, err := w.p.Reconcile(t.Context(), bad); !errors.Is(err, provision.ErrInvalidRequest) {
			t.Errorf("%+v: %v, want ErrInvalidRequest", bad, err)
		}
	}
	sel := w.reconcile(provision.ReconcileRequest{Select: []netbox.Query{{Type: netbox.TypeDevice, Filter: "name=r-100"}}})
	if len(sel.Results) != 1 || sel.Results[0].Object != refs[0] {
		t.Errorf("reconcile of a selection: %v", outcomes(sel))
	}
}
