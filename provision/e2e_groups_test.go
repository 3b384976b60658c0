package provision_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestE2EGroups provisions devices of three sites and two roles on the
// real server with the mapping pattern "nbz-e2e <run>/Sites/{site}/{role}"
// and the settings creating host groups: a dry run plans the nested groups
// and creates none; ProvisionAgents creates them with their parents, one
// hostgroup.get and at most one hostgroup.create per batch, and puts each
// host in its group; runs at once needing the same new group all land;
// UpdateZabbixHost moves a host whose role changed to a group it creates.
// Every group the test made is deleted at the end.
func TestE2EGroups(t *testing.T) {
	z := e2eNeedZabbix(t)
	ctx := t.Context()
	root := "nbz-e2e " + z.run
	t.Cleanup(func() { z.deleteGroupsUnder(t, root+"/") })

	const n, batch = 30, 10
	var objs []*netbox.Object
	var ips []*netbox.IPAddress
	var refs []netbox.Ref
	roles := []*netbox.Nested{{ID: 1, Name: "Web"}, {ID: 2, Name: "Database"}}
	for i := 1; i <= n+4; i++ {
		name := fmt.Sprintf("e2e-%s-grp-%02d", z.run, i)
		z.hostName(name)
		addr := fmt.Sprintf("198.18.2.%d/24", i)
		site := &netbox.Nested{ID: int64(1 + i%3), Name: fmt.Sprintf("DC%d", 1+i%3)}
		role := roles[i%2]
		if i > n { // for the concurrent runs: a site of their own
			site, role = &netbox.Nested{ID: 9, Name: "DC9"}, roles[0]
		}
		objs = append(objs, &netbox.Object{Type: netbox.TypeDevice, ID: int64(i), Status: netbox.Choice{Value: "active"}, Name: name,
			Site: site, Role: role, PrimaryIP4: &netbox.NestedIP{ID: int64(i), Address: addr}})
		ips = append(ips, &netbox.IPAddress{ID: int64(i), Address: addr})
		if i <= n {
			refs = append(refs, netbox.DeviceRef(int64(i)))
		}
	}
	s := store.DefaultSettings()
	s.CreateHostGroups = true
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s, Mappings: []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "grouped", Default: true, HostGroups: []zabbix.HostGroup{{GroupID: z.groupID, Name: root}},
			HostGroupNames: []string{root + "/Sites/{site}/{role}"}},
	}}})
	nb := memnetbox.New(memnetbox.Config{Objects: objs, IPAddresses: ips})
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: z.client, Store: st})
	if err != nil {
		t.Fatal(err)
	}

	// A dry run plans the groups and creates none.
	dry, err := p.ProvisionAgent(ctx, provision.Request{Object: refs[0], DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{root + "/Sites", root + "/Sites/DC2", root + "/Sites/DC2/Database"}
	if !slices.Equal(dry.Plan.CreateGroups, want) {
		t.Errorf("dry run CreateGroups = %q; want %q", dry.Plan.CreateGroups, want)
	}
	if got := z.groupsUnder(t, root+"/"); len(got) != 0 {
		t.Fatalf("the dry run created %v", got)
	}

	// ProvisionAgents: one look-up and one creation per batch at most.
	before := z.counter.count()
	start := time.Now()
	res, err := p.ProvisionAgents(ctx, provision.BulkRequest{Objects: refs, BatchSize: batch, Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	methods := z.counter.methodsSince(before)
	t.Logf("Zabbix %s: %d objects in %d batches, %d HTTP requests in %v: %v", z.version, n, n/batch, len(methods), time.Since(start).Round(time.Millisecond), methods)
	for _, r := range res {
		if r.Err != nil {
			t.Errorf("%v: %v", r.Object, r.Err)
		}
	}
	gets, creates := countMethod(methods, "hostgroup.get"), countMethod(methods, "hostgroup.create")
	if gets > n/batch || creates > n/batch || gets == 0 || creates == 0 {
		t.Errorf("%d hostgroup.get and %d hostgroup.create for %d batches; want at least one and at most one per batch", gets, creates, n/batch)
	}
	groups := z.groupsUnder(t, root+"/")
	if len(groups) != 1+3+6 {
		t.Errorf("groups under %q: %v; want Sites, 3 sites and 6 site/role groups", root, groups)
	}
	for i, r := range res {
		if r.Err != nil {
			continue
		}
		o := objs[i]
		leaf := groups[root+"/Sites/"+o.Site.Name+"/"+o.Role.Name]
		if h := z.host(t, r.Result.HostConfig.HostID); leaf == "" || !slices.Contains(h.GroupIDs, leaf) || !slices.Contains(h.GroupIDs, z.groupID) {
			t.Errorf("%s: host groups %v; want %s and the run's group", o.Name, h.GroupIDs, leaf)
		}
	}

	// Runs at once, each its own planner, all needing DC9's new groups.
	before, start = z.counter.count(), time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(int64(n + 1 + i))})
		})
	}
	wg.Wait()
	t.Logf("%d runs at once: %d HTTP requests in %v: %v", len(errs), z.counter.count()-before, time.Since(start).Round(time.Millisecond), z.counter.methodsSince(before))
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent run %d: %v", i, err)
		}
	}
	if g := z.groupsUnder(t, root+"/Sites/DC9"); len(g) != 2 {
		t.Errorf("DC9 groups after the concurrent runs: %v; want DC9 and DC9/Web, once each", g)
	}

	// The role changes: UpdateZabbixHost creates the new group and moves
	// the host.
	nb.PutObject(func() *netbox.Object { o := objs[0].Clone(); o.Role = &netbox.Nested{ID: 3, Name: "Cache"}; return o }())
	upd, err := p.UpdateZabbixHost(ctx, provision.Request{Object: refs[0]})
	if err != nil {
		t.Fatal(err)
	}
	cache := z.groupsUnder(t, root+"/Sites/DC2/Cache")[root+"/Sites/DC2/Cache"]
	if h := z.host(t, upd.HostConfig.HostID); cache == "" || !slices.Contains(h.GroupIDs, cache) {
		t.Errorf("after the role change: host groups %v; want the new group %q", h.GroupIDs, cache)
	}

	// Reconcile finds every host in step; it looks up each group name
	// once, as the objects come.
	before, start = z.counter.count(), time.Now()
	rep, err := p.Reconcile(ctx, provision.ReconcileRequest{Objects: refs, BatchSize: batch, Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	methods = z.counter.methodsSince(before)
	t.Logf("Reconcile of %d objects: %d HTTP requests in %v: %v", n, len(methods), time.Since(start).Round(time.Millisecond), methods)
	if rep.InSync != n || countMethod(methods, "hostgroup.get") > 7 || countMethod(methods, "hostgroup.create") != 0 {
		t.Errorf("Reconcile: %d in sync of %d, %d hostgroup.get, %d hostgroup.create; want all in sync, a look-up per group at most, no creation",
			rep.InSync, n, countMethod(methods, "hostgroup.get"), countMethod(methods, "hostgroup.create"))
	}
}

func countMethod(methods []string, m string) int {
	n := 0
	for _, label := range methods {
		for _, part := range strings.Split(label, "+") {
			if part == m {
				n++
			}
		}
	}
	return n
}

// groupsUnder returns the host groups whose names start with prefix, by
// name. A name Zabbix has two groups of fails the test.
func (z *e2eZabbix) groupsUnder(t *testing.T, prefix string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	for _, g := range z.allGroupsUnder(t, prefix) {
		if other, twice := out[g.Name]; twice {
			t.Errorf("Zabbix has two host groups named %q: %s and %s", g.Name, other, g.GroupID)
		}
		out[g.Name] = g.GroupID
	}
	return out
}

// allGroupsUnder returns every host group whose name starts with prefix.
func (z *e2eZabbix) allGroupsUnder(t *testing.T, prefix string) []zabbix.HostGroup {
	t.Helper()
	var gs []zabbix.HostGroup
	err := z.client.Call(context.Background(), "hostgroup.get", map[string]any{"output": []string{"groupid", "name"},
		"search": map[string]any{"name": prefix}, "startSearch": true}, &gs)
	if err != nil {
		t.Fatalf("hostgroup.get %q: %v", prefix, err)
	}
	return slices.DeleteFunc(gs, func(g zabbix.HostGroup) bool {
		return !strings.HasPrefix(g.Name, prefix) // search ignores case
	})
}

// deleteGroupsUnder deletes the host groups whose names start with prefix,
// once the run's hosts are gone.
func (z *e2eZabbix) deleteGroupsUnder(t *testing.T, prefix string) {
	z.deleteHosts(t)
	var ids []string
	for _, g := range z.allGroupsUnder(t, prefix) {
		ids = append(ids, g.GroupID)
	}
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := z.client.Call(ctx, "hostgroup.delete", ids, nil); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("cleanup: delete host groups %v: %v", ids, err)
	}
}
