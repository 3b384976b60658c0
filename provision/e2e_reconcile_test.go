package provision_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// reconcileWorld is n devices provisioned on the real Zabbix, with a
// default mapping (ICMP Ping), a "Database" mapping (role 9, no template)
// and a "Broken" mapping (role 77) naming a template Zabbix does not have.
// The default tag is the run's own, so that the orphans of other tests on
// the same server are not this world's.
type reconcileWorld struct {
	*e2eWorld
	tag   string
	names []string
	hosts []string // host IDs, by device (index i is device i+1)
}

func (z *e2eZabbix) reconcileWorld(t *testing.T, label string, n int) *reconcileWorld {
	t.Helper()
	rw := &reconcileWorld{tag: "nbz_e2e_" + z.run + "_" + label}
	s := store.DefaultSettings()
	s.UseIP = store.UseIP
	s.DefaultTag = rw.tag
	group := []zabbix.HostGroup{{GroupID: z.groupID}}
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s, Mappings: []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default", Default: true, HostGroups: group,
			Templates: []zabbix.Template{{TemplateID: z.icmpID}}},
		{ObjectType: netbox.TypeDevice, Name: "Database", Roles: []int64{9}, HostGroups: group},
		{ObjectType: netbox.TypeDevice, Name: "Broken", Roles: []int64{77}, HostGroups: group,
			Templates: []zabbix.Template{{TemplateID: "999999999", Name: "gone"}}},
	}}})
	var cfg memnetbox.Config
	var refs []netbox.Ref
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("e2e-rc-%s-%s-%d", label, z.run, i)
		rw.names = append(rw.names, name)
		z.hostName(name)
		z.hostName(name + "-new")
		addr := fmt.Sprintf("192.0.2.%d/24", 100+i)
		cfg.Objects = append(cfg.Objects, &netbox.Object{Type: netbox.TypeDevice, ID: int64(i), Name: name,
			Status: netbox.Choice{Value: "active"}, Role: &netbox.Nested{ID: 2, Name: "Web server"},
			PrimaryIP4: &netbox.NestedIP{ID: int64(i), Address: addr}})
		cfg.IPAddresses = append(cfg.IPAddresses, &netbox.IPAddress{ID: int64(i), Address: addr,
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: int64(100 + i)})
		refs = append(refs, netbox.DeviceRef(int64(i)))
	}
	nb := memnetbox.New(cfg)
	rw.e2eWorld = &e2eWorld{z: z, nb: nb, st: st, settings: s}
	var err error
	if rw.p, err = provision.New(provision.Config{NetBox: nb, Zabbix: z.client, Store: st}); err != nil {
		t.Fatal(err)
	}
	res, err := rw.p.ProvisionAgents(t.Context(), provision.BulkRequest{Objects: refs, User: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("provision %v: %v", r.Object, r.Err)
		}
		rw.hosts = append(rw.hosts, r.Result.HostConfig.HostID)
	}
	return rw
}

func (rw *reconcileWorld) edit(t *testing.T, id int64, f func(o *netbox.Object)) {
	t.Helper()
	o := rw.object(t, netbox.DeviceRef(id))
	f(o)
	rw.nb.PutObject(o)
}

// reconcile runs Reconcile and returns its report and the Zabbix requests
// it made.
func (rw *reconcileWorld) reconcile(t *testing.T, req provision.ReconcileRequest) (provision.ReconcileReport, int) {
	t.Helper()
	var rep provision.ReconcileReport
	var err error
	n := rw.z.requests(func() { rep, err = rw.p.Reconcile(t.Context(), req) })
	if err != nil {
		t.Fatalf("Reconcile: %v", err)
	}
	return rep, n
}

// TestE2EReconcile: against the real Zabbix, a reconcile of unchanged,
// renamed, re-addressed, re-mapped, status-changed, deleted-in-NetBox and
// hand-edited hosts reports each as expected in 3 requests and leaves
// Zabbix as NetBox says, with what was added by hand; a second reconcile
// writes nothing; the orphan is deleted only when asked.
func TestE2EReconcile(t *testing.T) {
	z := e2eNeedZabbix(t)
	rw := z.reconcileWorld(t, "mix", 7)
	ctx := t.Context()
	rw.edit(t, 2, func(o *netbox.Object) { o.Name += "-new" })
	rw.nb.PutIPAddress(&netbox.IPAddress{ID: 99, Address: "198.51.100.3/24"})
	rw.edit(t, 3, func(o *netbox.Object) { o.PrimaryIP4 = &netbox.NestedIP{ID: 99, Address: "198.51.100.3/24"} })
	rw.edit(t, 4, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: 9, Name: "Database"} })
	rw.edit(t, 5, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "offline"} })
	rw.nb.DeleteObject(netbox.DeviceRef(6))
	// Device 7: a template and a tag added by hand (not the library's),
	// and its visible name changed by hand (the library's).
	h7 := z.host(t, rw.hosts[6])
	templates, err := z.client.Templates(ctx, "Zabbix agent")
	if err != nil || len(templates) != 1 {
		t.Fatal(templates, err)
	}
	if _, err := z.client.UpdateHost(ctx, zabbix.HostUpdate{HostID: rw.hosts[6], Name: "changed by hand",
		TemplateIDs: append(slices.Clone(h7.TemplateIDs), templates[0].TemplateID),
		Tags:        append(slices.Clone(h7.Tags), zabbix.Tag{Tag: "owner", Value: "ops"})}); err != nil {
		t.Fatal(err)
	}
	orphanName := z.hostName("e2e-rc-orphan-" + z.run)
	orphan, err := z.client.CreateHosts(ctx, []zabbix.Host{{Host: orphanName, GroupIDs: []string{z.groupID},
		Tags: []zabbix.Tag{{Tag: rw.tag, Value: "999"}}}})
	if err != nil {
		t.Fatal(err)
	}
	ifaceBefore := z.host(t, rw.hosts[2]).Interfaces[0].InterfaceID

	rep, n := rw.reconcile(t, provision.ReconcileRequest{User: "e2e"})
	want := map[netbox.Ref]string{
		netbox.DeviceRef(1): "in sync", netbox.DeviceRef(2): "updated", netbox.DeviceRef(3): "updated",
		netbox.DeviceRef(4): "updated", netbox.DeviceRef(5): "updated", netbox.DeviceRef(6): "object gone",
		netbox.DeviceRef(7): "updated",
	}
	if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	// The hosts, the orphans, one batch of updates.
	if n != 3 {
		t.Errorf("%d Zabbix requests, want 3", n)
	}
	if len(rep.Orphans) != 1 || rep.Orphans[0].Host.HostID != orphan[0].HostID || rep.Orphans[0].Deleted {
		t.Errorf("orphans %+v, err %v", rep.Orphans, rep.OrphansErr)
	}
	for _, r := range rep.Results {
		if r.Updated {
			t.Logf("%v: %s", r.Object, r.Message)
		}
	}
	if h := z.host(t, rw.hosts[1]); h.Host != rw.names[1]+"-new" {
		t.Errorf("renamed host is %q", h.Host)
	}
	if h := z.host(t, rw.hosts[2]); len(h.Interfaces) != 1 || h.Interfaces[0].InterfaceID != ifaceBefore || h.Interfaces[0].IP != "198.51.100.3" {
		t.Errorf("re-addressed host's interfaces %+v; want %s on 198.51.100.3", h.Interfaces, ifaceBefore)
	}
	if h := z.host(t, rw.hosts[3]); len(h.TemplateIDs) != 0 {
		t.Errorf("re-mapped host keeps templates %v", h.TemplateIDs)
	}
	if h := z.host(t, rw.hosts[4]); h.Status != zabbix.StatusNotMonitored {
		t.Errorf("offline device's host has status %v", h.Status)
	}
	z.host(t, rw.hosts[5]) // the host of the object gone stays
	h7 = z.host(t, rw.hosts[6])
	if h7.Name != rw.names[6] || !slices.Contains(h7.TemplateIDs, templates[0].TemplateID) ||
		!slices.Contains(h7.Tags, zabbix.Tag{Tag: "owner", Value: "ops"}) {
		t.Errorf("hand-edited host: name %q, templates %v, tags %v; want the name back and the hand-added parts kept", h7.Name, h7.TemplateIDs, h7.Tags)
	}

	again, n := rw.reconcile(t, provision.ReconcileRequest{})
	if again.InSync != 6 || again.ObjectGone != 1 || again.Updated != 0 || again.Failed != 0 {
		t.Errorf("second reconcile: %v", outcomes(again))
	}
	if n != 2 {
		t.Errorf("second reconcile: %d Zabbix requests, want 2 reads and no write", n)
	}

	del, _ := rw.reconcile(t, provision.ReconcileRequest{DeleteOrphans: true})
	if len(del.Orphans) != 1 || !del.Orphans[0].Deleted {
		t.Errorf("orphans %+v, err %v", del.Orphans, del.OrphansErr)
	}
	if hs, err := z.client.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{orphan[0].HostID}}); err != nil || len(hs) != 0 {
		t.Errorf("the orphan is still there: %v, %v", hs, err)
	}
}

// TestE2EReconcileRefusedHost: the real Zabbix refuses the update of one
// host (its new mapping names a template Zabbix does not have); the
// others of the same batch are updated.
func TestE2EReconcileRefusedHost(t *testing.T) {
	z := e2eNeedZabbix(t)
	rw := z.reconcileWorld(t, "ref", 3)
	for id := int64(1); id <= 3; id++ {
		rw.edit(t, id, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "offline"} })
	}
	rw.edit(t, 2, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: 77, Name: "Broken"} })
	rep, n := rw.reconcile(t, provision.ReconcileRequest{})
	got := outcomes(rep)
	if got[netbox.DeviceRef(1)] != "updated" || got[netbox.DeviceRef(3)] != "updated" || rep.Failed != 1 || n != 3 {
		t.Fatalf("outcomes %v in %d requests", got, n)
	}
	t.Logf("refused: %v", rep.Results[1].Err)
	if h := z.host(t, rw.hosts[1]); h.Status != zabbix.StatusMonitored {
		t.Error("the refused host changed")
	}
	for _, i := range []int{0, 2} {
		if h := z.host(t, rw.hosts[i]); h.Status != zabbix.StatusNotMonitored {
			t.Errorf("host %s not updated", h.Host)
		}
	}
}
