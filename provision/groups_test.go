package provision_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// groupMappings are defaultMappings whose device mappings also name
// "Sites/{site}/{role}" by name.
func groupMappings(patterns ...string) []store.Mapping {
	if len(patterns) == 0 {
		patterns = []string{"Sites/{site}/{role}"}
	}
	ms := defaultMappings()
	for i := range ms {
		if ms[i].ObjectType == netbox.TypeDevice {
			ms[i].HostGroupNames = patterns
		}
	}
	return ms
}

// creating turns on the settings' CreateHostGroups.
func creating(on bool) worldOption {
	return withSettings(func(s *store.Settings) { s.CreateHostGroups = on })
}

// group returns the ID of the host group of that name in the in-memory
// Zabbix, or "". The look-up is a recorded call: tests count calls before
// they use it.
func (w *world) group(name string) string {
	w.t.Helper()
	gs, err := w.zbx.HostGroups(context.Background(), name)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(gs) == 0 {
		return ""
	}
	return gs[0].GroupID
}

// groupCalls returns the arguments (the names) of the calls of method.
func (w *world) groupCalls(method memzabbix.Method) [][]string {
	var out [][]string
	for _, c := range w.zbx.Calls() {
		if c.Method == method {
			out = append(out, c.Args.([]string))
		}
	}
	return out
}

// TestGroupPatternCreatesNested: a mapping's "Sites/{site}/{role}" puts
// the host in "Sites/DC1/Web server", created with its parents in one
// hostgroup.create after one hostgroup.get, next to the mapping's groups
// by ID; a second object of the same site and role finds it.
func TestGroupPatternCreatesNested(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	res := w.mustProvision(netbox.DeviceRef(1))
	gets, creates := w.groupCalls(memzabbix.MethodHostGroups), w.groupCalls(memzabbix.MethodCreateHostGroups)

	leaf := w.group("Sites/DC1/Web server")
	if leaf == "" || w.group("Sites") == "" || w.group("Sites/DC1") == "" {
		t.Fatalf("groups after the run: leaf %q, Sites %q, Sites/DC1 %q; want all three", leaf, w.group("Sites"), w.group("Sites/DC1"))
	}
	host, _ := w.zbx.Host(res.HostConfig.HostID)
	if diff := cmp.Diff([]string{groupLinux, leaf}, host.GroupIDs); diff != "" {
		t.Errorf("host groups (-want +got):\n%s", diff)
	}
	want := []zabbix.HostGroup{{GroupID: groupLinux, Name: "Linux servers"}, {GroupID: leaf, Name: "Sites/DC1/Web server"}}
	if diff := cmp.Diff(want, w.config(netbox.DeviceRef(1)).HostGroups); diff != "" {
		t.Errorf("config host groups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"Sites", "Sites/DC1", "Sites/DC1/Web server"}}, gets); diff != "" {
		t.Errorf("hostgroup.get calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"Sites", "Sites/DC1", "Sites/DC1/Web server"}}, creates); diff != "" {
		t.Errorf("hostgroup.create calls (-want +got):\n%s", diff)
	}

	// Another web server of DC1: the group is there, nothing is created.
	w.addObjects(netbox.TypeDevice, 50, 1, "web")
	w.zbx.ResetCalls()
	res = w.mustProvision(netbox.DeviceRef(50))
	if host, _ := w.zbx.Host(res.HostConfig.HostID); !slices.Contains(host.GroupIDs, leaf) {
		t.Errorf("second host's groups %v lack %s", host.GroupIDs, leaf)
	}
	if n := len(w.groupCalls(memzabbix.MethodCreateHostGroups)); n != 0 {
		t.Errorf("%d hostgroup.create for a group that exists", n)
	}
	w.checkInvariants()
}

// TestGroupPatternExistingByID: a fixed name the mapping names by name and
// Zabbix has is used by its ID, with no write and, when the settings do
// not create groups, no look-up of parents.
func TestGroupPatternExistingByID(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings("Virtual machines", "Linux servers")...))
	res := w.mustProvision(netbox.DeviceRef(1))
	host, _ := w.zbx.Host(res.HostConfig.HostID)
	if diff := cmp.Diff([]string{groupLinux, groupVMs}, host.GroupIDs); diff != "" {
		t.Errorf("host groups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"Virtual machines", "Linux servers"}}, w.groupCalls(memzabbix.MethodHostGroups)); diff != "" {
		t.Errorf("hostgroup.get calls (-want +got):\n%s", diff)
	}
}

// TestGroupMissingSwitchOff: with the settings' CreateHostGroups off, a
// group Zabbix lacks fails the run before any write, naming the mapping
// and the group and saying what to do.
func TestGroupMissingSwitchOff(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings("Sites/{site}/{role}", "Linux servers", "Teams/{site}")...))
	hosts := w.zbx.AllHosts()
	_, err := w.provision(netbox.DeviceRef(1))
	if !errors.Is(err, provision.ErrHostGroupMissing) {
		t.Fatalf("ProvisionAgent = %v; want ErrHostGroupMissing", err)
	}
	mustContain(t, "error", err.Error(), `mapping "Web servers"`, `"Sites/DC1/Web server", "Teams/DC1"`, "web-01",
		"create them in Zabbix", "create_host_groups")
	if n := len(w.groupCalls(memzabbix.MethodCreateHostGroups)); n != 0 || len(w.zbx.AllHosts()) != len(hosts) || len(w.configs()) != 0 {
		t.Errorf("after the refusal: %d hostgroup.create, %d hosts (were %d), %d configs; want nothing written", n, len(w.zbx.AllHosts()), len(hosts), len(w.configs()))
	}
	if diff := cmp.Diff([][]string{{"Sites/DC1/Web server", "Linux servers", "Teams/DC1"}}, w.groupCalls(memzabbix.MethodHostGroups)); diff != "" {
		t.Errorf("hostgroup.get calls (-want +got):\n%s", diff)
	}
}

// TestGroupPlaceholderMissing: a placeholder the object has no value for
// fails the run before Zabbix is asked anything about groups, naming the
// mapping, the pattern and the object.
func TestGroupPlaceholderMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings("Tenants/{tenant}")...), creating(true))
	_, err := w.provision(netbox.DeviceRef(1))
	var ge *mapping.GroupNameError
	if !errors.Is(err, mapping.ErrHostGroupName) || !errors.As(err, &ge) {
		t.Fatalf("ProvisionAgent = %v; want a *mapping.GroupNameError", err)
	}
	mustContain(t, "error", err.Error(), "ProvisionAgent", `mapping "Web servers"`, `"Tenants/{tenant}"`, `"web-01"`, "{tenant} resolves to nothing")
	if n := len(w.groupCalls(memzabbix.MethodHostGroups)) + len(w.groupCalls(memzabbix.MethodCreateHostGroups)); n != 0 || len(w.configs()) != 0 {
		t.Errorf("%d host group calls, %d configs; want none", n, len(w.configs()))
	}

	// The tenant set in NetBox, the object provisions.
	w.editDevice(1, func(o *netbox.Object) { o.Tenant = &netbox.Nested{ID: 4, Name: "Acme"} })
	res := w.mustProvision(netbox.DeviceRef(1))
	if host, _ := w.zbx.Host(res.HostConfig.HostID); !slices.Contains(host.GroupIDs, w.group("Tenants/Acme")) {
		t.Errorf("host groups %v lack Tenants/Acme", host.GroupIDs)
	}
}

// TestGroupDryRun: a dry run creates nothing; its plan names the groups
// it would create, parents first, in CreateGroups and in Changes, and its
// config holds the new group by name without ID, which the payload leaves
// out.
func TestGroupDryRun(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	if w.group("Sites") != "" {
		t.Fatal("Sites exists before the run")
	}
	w.zbx.ResetCalls()
	res, err := w.p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1), DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Sites", "Sites/DC1", "Sites/DC1/Web server"}
	if diff := cmp.Diff(want, res.Plan.CreateGroups); diff != "" {
		t.Errorf("CreateGroups (-want +got):\n%s", diff)
	}
	var created []string
	for _, c := range res.Plan.Changes {
		if c.Field == "hostgroup.create" {
			created = append(created, c.After)
		}
	}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("hostgroup.create changes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{groupLinux}, res.Plan.Create.GroupIDs); diff != "" {
		t.Errorf("payload groups (-want +got):\n%s", diff)
	}
	if !slices.Contains(res.HostConfig.HostGroups, zabbix.HostGroup{Name: "Sites/DC1/Web server"}) {
		t.Errorf("planned config groups %v lack the new group by name", res.HostConfig.HostGroups)
	}
	if n := len(w.groupCalls(memzabbix.MethodCreateHostGroups)); n != 0 || w.group("Sites") != "" || len(w.configs()) != 0 {
		t.Errorf("the dry run wrote: %d hostgroup.create, %d configs", n, len(w.configs()))
	}

	// ProvisionAgents' dry run plans the same.
	results := w.bulk(provision.BulkRequest{Objects: []netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(2)}, DryRun: true})
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%v: %v", r.Object, r.Err)
		}
	}
	if diff := cmp.Diff(want, results[0].Result.Plan.CreateGroups); diff != "" {
		t.Errorf("bulk CreateGroups of device 1 (-want +got):\n%s", diff)
	}
	// Each plan names every group its host needs created; a real run
	// creates each once.
	if diff := cmp.Diff([]string{"Sites", "Sites/DC1", "Sites/DC1/Database"}, results[1].Result.Plan.CreateGroups); diff != "" {
		t.Errorf("bulk CreateGroups of device 2 (-want +got):\n%s", diff)
	}
	if n := len(w.groupCalls(memzabbix.MethodCreateHostGroups)); n != 0 || w.group("Sites") != "" {
		t.Errorf("the bulk dry run wrote %d hostgroup.create", n)
	}
}

// TestGroupsBulkOneLookupPerBatch: ProvisionAgents over objects of many
// sites and roles asks Zabbix for the groups once per batch and creates
// the missing ones once per batch, never once per object.
func TestGroupsBulkOneLookupPerBatch(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	const n, batch = 120, 40
	var refs []netbox.Ref
	for i := range n {
		id := int64(1000 + i)
		addr := fmt.Sprintf("10.9.%d.%d/8", i/256, i%256)
		w.nb.PutObject(&netbox.Object{Type: netbox.TypeDevice, ID: id, Name: fmt.Sprintf("dev-%d", id), Status: netbox.Choice{Value: "active"},
			Site:       &netbox.Nested{ID: int64(10 + i%4), Name: fmt.Sprintf("DC%d", 10+i%4)},
			Role:       &netbox.Nested{ID: int64(20 + i%3), Name: fmt.Sprintf("Role %d", i%3)},
			PrimaryIP4: &netbox.NestedIP{ID: id, Address: addr}})
		w.nb.PutIPAddress(&netbox.IPAddress{ID: id, Address: addr})
		refs = append(refs, netbox.DeviceRef(id))
	}
	w.zbx.ResetCalls()
	for _, r := range w.bulk(provision.BulkRequest{Objects: refs, BatchSize: batch, Concurrency: 3}) {
		if r.Err != nil {
			t.Fatalf("%v: %v", r.Object, r.Err)
		}
	}
	gets, creates := w.groupCalls(memzabbix.MethodHostGroups), w.groupCalls(memzabbix.MethodCreateHostGroups)
	t.Logf("%d objects in %d batches: %d hostgroup.get, %d hostgroup.create, %d requests in all", n, n/batch, len(gets), len(creates), len(w.zbx.Calls()))
	if len(gets) > n/batch || len(creates) > n/batch {
		t.Errorf("%d hostgroup.get and %d hostgroup.create for %d batches; want at most one each per batch", len(gets), len(creates), n/batch)
	}
	var all []string
	for _, c := range creates {
		all = append(all, c...)
	}
	slices.Sort(all)
	if len(all) != 1+4+12 || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("created %d groups %v; want Sites, 4 sites and 12 site/role groups, each once", len(all), all)
	}
	for _, hc := range w.configs() {
		host, _ := w.zbx.Host(hc.HostID)
		if len(host.GroupIDs) != 2 {
			t.Errorf("host %s groups %v; want Linux servers and its site/role group", host.Host, host.GroupIDs)
		}
	}
}

// racingZabbix is a Zabbix where another run creates the groups a
// hostgroup.create asks for just before it arrives, once.
type racingZabbix struct {
	*memzabbix.Server
	once sync.Once
}

func (z *racingZabbix) CreateHostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error) {
	z.once.Do(func() {
		if _, err := z.Server.CreateHostGroups(ctx, names[len(names)-1]); err != nil {
			panic(err)
		}
	})
	return z.Server.CreateHostGroups(ctx, names...)
}

// TestGroupsCreatedMeanwhile: when another run creates a group between the
// look-up and the hostgroup.create, Zabbix refuses the create as a whole
// (the group exists); the run reads the groups again, creates the rest,
// and provisions the host into the group the other run made.
func TestGroupsCreatedMeanwhile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	z := &racingZabbix{Server: w.zbx}
	p, err := provision.New(provision.Config{NetBox: w.nb, Zabbix: z, Store: w.st})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if err != nil {
		t.Fatalf("ProvisionAgent: %v", err)
	}
	var refused int
	for _, c := range w.zbx.Calls() {
		if c.Method == memzabbix.MethodCreateHostGroups && errors.Is(c.Err, zabbix.ErrGroupExists) {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d hostgroup.create refused as existing; want the race to have happened once", refused)
	}
	host, _ := w.zbx.Host(res.HostConfig.HostID)
	if leaf := w.group("Sites/DC1/Web server"); leaf == "" || !slices.Contains(host.GroupIDs, leaf) || w.group("Sites/DC1") == "" {
		t.Errorf("host groups %v; want the group the other run created (%q), and its parents", host.GroupIDs, leaf)
	}
}

// TestGroupsConcurrentRuns: many runs at once, each needing the same new
// groups, all succeed, and each group exists once.
func TestGroupsConcurrentRuns(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	refs := w.addObjects(netbox.TypeDevice, 100, 16, "web")
	errs := make([]error, len(refs))
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Go(func() {
			_, errs[i] = w.p.ProvisionAgent(t.Context(), provision.Request{Object: ref})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("%v: %v", refs[i], err)
		}
	}
	all, err := w.zbx.HostGroups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	count := make(map[string]int)
	for _, g := range all {
		count[g.Name]++
	}
	for _, n := range []string{"Sites", "Sites/DC1", "Sites/DC1/Web server"} {
		if count[n] != 1 {
			t.Errorf("group %q exists %d times; want once", n, count[n])
		}
	}
	w.checkInvariants()
}

// TestGroupsUpdateAndValidate: after the role changes in NetBox,
// ValidateHost shows the group UpdateZabbixHost would create and creates
// nothing; UpdateZabbixHost creates it and moves the host; a config edited
// by hand keeps its groups, and its patterns are not even resolved.
func TestGroupsUpdateAndValidate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	w.mustProvision(netbox.DeviceRef(1))
	w.editDevice(1, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: roleWeb, Name: "Frontend"} })

	v, err := w.p.ValidateHost(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != provision.StateDrifted || v.Plan == nil || !slices.Equal(v.Plan.CreateGroups, []string{"Sites/DC1/Frontend"}) {
		t.Fatalf("ValidateHost = %s, plan %+v; want drifted, creating Sites/DC1/Frontend", v.State, v.Plan)
	}
	if w.group("Sites/DC1/Frontend") != "" {
		t.Fatal("ValidateHost created the group")
	}
	res, err := w.update(netbox.DeviceRef(1))
	if err != nil {
		t.Fatal(err)
	}
	leaf := w.group("Sites/DC1/Frontend")
	host, _ := w.zbx.Host(res.HostConfig.HostID)
	if leaf == "" || !slices.Equal(host.GroupIDs, []string{groupLinux, leaf}) {
		t.Errorf("after UpdateZabbixHost: group %q, host groups %v; want the host moved to it", leaf, host.GroupIDs)
	}

	hc := w.config(netbox.DeviceRef(1))
	hc.HandEdited = true
	if _, err := w.st.UpdateHostConfig(t.Context(), hc); err != nil {
		t.Fatal(err)
	}
	w.editDevice(1, func(o *netbox.Object) { o.Site = &netbox.Nested{ID: 77, Name: ""} }) // {site} resolves to nothing
	if _, err := w.update(netbox.DeviceRef(1)); err != nil {
		t.Errorf("UpdateZabbixHost of a config edited by hand: %v; want its own groups kept, the patterns unused", err)
	}
	if got := w.config(netbox.DeviceRef(1)).HostGroups; len(got) != 2 || got[1].GroupID != leaf {
		t.Errorf("hand-edited config groups = %v", got)
	}
}

// TestGroupsAddInterface: adding an interface to an existing host does not
// apply the mapping, so its patterns are neither resolved nor looked up.
func TestGroupsAddInterface(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	w.mustProvision(netbox.DeviceRef(1))
	w.editDevice(1, func(o *netbox.Object) { o.Role = nil })
	w.moveIP(12, "192.0.2.12/24")
	w.zbx.ResetCalls()
	if _, err := w.provision(netbox.DeviceRef(1)); err != nil {
		t.Fatalf("ProvisionAgent adding an interface: %v", err)
	}
	if n := len(w.groupCalls(memzabbix.MethodHostGroups)); n != 0 {
		t.Errorf("%d hostgroup.get to add an interface", n)
	}
}

// TestGroupsReconcile: Reconcile applies the groups its mappings name by
// name when Zabbix has them; it does not create groups (it cannot tell a
// dry run from its planner yet), and says so per object, writing nothing.
func TestGroupsReconcile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings()...), creating(true))
	w.mustProvision(netbox.DeviceRef(1))
	leaf := w.group("Sites/DC1/Web server")

	w.editDevice(1, func(o *netbox.Object) { o.Name = "web-01-renamed" })
	rep, err := w.p.Reconcile(t.Context(), provision.ReconcileRequest{Objects: []netbox.Ref{netbox.DeviceRef(1)}})
	if err != nil || len(rep.Results) != 1 || rep.Results[0].Err != nil || !rep.Results[0].Updated {
		t.Fatalf("Reconcile = %+v, %v; want the host updated", rep.Results, err)
	}
	if host, _ := w.zbx.Host(rep.Results[0].HostConfig.HostID); !slices.Contains(host.GroupIDs, leaf) {
		t.Errorf("host groups %v lost %s", host.GroupIDs, leaf)
	}

	w.editDevice(1, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: roleWeb, Name: "Frontend"} })
	for _, dry := range []bool{true, false} {
		rep, err = w.p.Reconcile(t.Context(), provision.ReconcileRequest{Objects: []netbox.Ref{netbox.DeviceRef(1)}, DryRun: dry})
		if err != nil || len(rep.Results) != 1 || !errors.Is(rep.Results[0].Err, provision.ErrHostGroupMissing) {
			t.Fatalf("Reconcile (dry run %v) = %+v, %v; want ErrHostGroupMissing", dry, rep.Results, err)
		}
		mustContain(t, "error", rep.Results[0].Err.Error(), `"Sites/DC1/Frontend"`, "UpdateZabbixHost")
		if w.group("Sites/DC1/Frontend") != "" {
			t.Fatalf("Reconcile (dry run %v) created the group", dry)
		}
	}
}

// TestGroupsInFields: the NetBox fields a pattern needs are asked for.
func TestGroupsInFields(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings("Tenants/{tenant}")...), creating(true))
	w.editDevice(1, func(o *netbox.Object) { o.Tenant = &netbox.Nested{ID: 4, Name: "Acme"} })
	w.nb.ResetCalls()
	w.mustProvision(netbox.DeviceRef(1))
	for _, c := range w.nb.Calls() {
		if c.Method == memnetbox.MethodObjects && !slices.Contains(c.Query.Fields, "tenant") {
			t.Errorf("device read asks for %v; want tenant among them", c.Query.Fields)
		}
	}
	if !strings.HasPrefix(w.config(netbox.DeviceRef(1)).HostGroups[1].Name, "Tenants/Acme") {
		t.Errorf("config groups = %v", w.config(netbox.DeviceRef(1)).HostGroups)
	}
}

// twinZabbix is a Zabbix 6.0 that made a second group of each name when
// two runs created it at once: every group read comes with a twin of a
// higher ID (one the in-memory server does not have).
type twinZabbix struct{ *memzabbix.Server }

func (z twinZabbix) HostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error) {
	gs, err := z.Server.HostGroups(ctx, names...)
	for _, g := range slices.Clone(gs) {
		gs = append(gs, zabbix.HostGroup{GroupID: "9" + g.GroupID + "0", Name: g.Name})
	}
	return gs, err
}

// TestGroupsTwinsLowestID: of two groups of one name, every run takes the
// lowest ID, so that all agree.
func TestGroupsTwinsLowestID(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withMappings(groupMappings("Linux servers")...))
	p, err := provision.New(provision.Config{NetBox: w.nb, Zabbix: twinZabbix{w.zbx}, Store: w.st})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if err != nil {
		t.Fatalf("ProvisionAgent: %v", err)
	}
	if host, _ := w.zbx.Host(res.HostConfig.HostID); !slices.Equal(host.GroupIDs, []string{groupLinux}) {
		t.Errorf("host groups %v; want the lowest ID of the name, %s", host.GroupIDs, groupLinux)
	}
}
