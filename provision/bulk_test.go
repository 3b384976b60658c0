package provision_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// addObjects seeds n objects of type t with IDs from first, each with a
// primary IPv4 address (IDs first.., addresses 10.t.x.y), named
// prefix-<id>. Web-server devices get the "Web servers" mapping.
func (w *world) addObjects(t netbox.ObjectType, first int64, n int, prefix string) []netbox.Ref {
	var refs []netbox.Ref
	for i := range n {
		id := first + int64(i)
		ipID := id
		if t == netbox.TypeVirtualMachine {
			ipID += 1_000_000
		}
		addr := fmt.Sprintf("10.%d.%d.%d/8", ipID/65536%256, ipID/256%256, ipID%256)
		w.nb.PutObject(&netbox.Object{Type: t, ID: id, Name: fmt.Sprintf("%s-%d", prefix, id), Status: netbox.Choice{Value: "active"},
			Site: &netbox.Nested{ID: siteID, Name: "DC1"}, Role: &netbox.Nested{ID: roleWeb, Name: "Web server"},
			PrimaryIP4: &netbox.NestedIP{ID: ipID, Address: addr}})
		w.nb.PutIPAddress(&netbox.IPAddress{ID: ipID, Address: addr})
		refs = append(refs, netbox.Ref{Type: t, ID: id})
	}
	return refs
}

func (w *world) bulk(req provision.BulkRequest) []provision.BulkResult {
	w.t.Helper()
	res, err := w.p.ProvisionAgents(w.t.Context(), req)
	if err != nil {
		w.t.Fatalf("ProvisionAgents: %v", err)
	}
	if len(res) < len(req.Objects) || len(req.Select) == 0 && len(res) != len(req.Objects) {
		w.t.Fatalf("%d results for %d objects", len(res), len(req.Objects))
	}
	for i, r := range res[:len(req.Objects)] {
		if r.Object != req.Objects[i] {
			w.t.Errorf("result %d is for %v, want %v", i, r.Object, req.Objects[i])
		}
	}
	return res
}

func (w *world) zabbixCalls(method memzabbix.Method) int {
	n := 0
	for _, c := range w.zbx.Calls() {
		if c.Method == method {
			n++
		}
	}
	return n
}

func TestProvisionAgentsMixed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	refs := append(w.addObjects(netbox.TypeDevice, 1000, 120, "dev"), w.addObjects(netbox.TypeVirtualMachine, 1000, 80, "vm")...)
	var mu sync.Mutex
	var seen []provision.Progress
	res := w.bulk(provision.BulkRequest{Objects: refs, User: "bulk", BatchSize: 50, Concurrency: 3,
		Progress: func(p provision.Progress) { mu.Lock(); seen = append(seen, p); mu.Unlock() }})

	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%v: %v", r.Object, r.Err)
		}
		if !r.Result.Created || r.Result.HostConfig.HostID == "" || !r.Result.HostConfig.Interfaces[0].Linked() {
			t.Fatalf("%v: result %+v", r.Object, r.Result)
		}
	}
	if got := res[0].Result.Message; got != "Created dev-1000 with Web servers mapping" {
		t.Errorf("Message = %q", got)
	}
	if got := res[150].Result.Message; got != "Created vm-1030 with Default VMs mapping" {
		t.Errorf("Message = %q", got)
	}
	if w.zbx.HostCount() != 201 || len(w.configs()) != 200 || len(w.events()) != 200 {
		t.Errorf("%d hosts, %d configs, %d events; want 201 (with the seed), 200, 200", w.zbx.HostCount(), len(w.configs()), len(w.events()))
	}
	// 120 devices in batches of 50 and 80 VMs: 3 + 2 host.create calls.
	if n := w.zabbixCalls("CreateHosts"); n != 5 {
		t.Errorf("%d host.create calls, want 5", n)
	}
	// One NetBox read of objects and one of addresses per batch.
	if n := len(w.nb.Calls()); n != 10 {
		t.Errorf("%d NetBox calls, want 10", n)
	}
	if len(seen) != 200 || seen[199] != (provision.Progress{Done: 200, Total: 200}) {
		t.Errorf("progress: %d calls, last %+v", len(seen), seen[len(seen)-1])
	}
	w.checkInvariants()
}

// TestProvisionAgentsIsolatesBadObjects: one object in a batch has a mapping
// Zabbix refuses (a host group that does not exist), another a name that a
// host outside the library has, two share a name: every good object lands,
// every bad one has its own error, nothing is left behind.
func TestProvisionAgentsIsolatesBadObjects(t *testing.T) {
	t.Parallel()
	ms := defaultMappings()
	ms = append(ms, store.Mapping{ObjectType: netbox.TypeDevice, Name: "Broken", Roles: []int64{66},
		HostGroups: []zabbix.HostGroup{{GroupID: "999999", Name: "gone"}}})
	w := newWorld(t, withMappings(ms...))
	refs := w.addObjects(netbox.TypeDevice, 1000, 40, "dev")

	objs, _ := w.nb.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1010, 1020, 1031}})
	objs[0].Role = &netbox.Nested{ID: 66, Name: "Broken"} // 1010: refused group
	objs[1].Name = "outside-host"                         // 1020: name taken outside the library
	objs[2].Name = "dev-1030"                             // 1031: same name as 1030
	for _, o := range objs {
		w.nb.PutObject(o)
	}
	if _, err := w.zbx.CreateHosts(t.Context(), []zabbix.Host{{Host: "outside-host", GroupIDs: []string{groupLinux}}}); err != nil {
		t.Fatal(err)
	}

	res := w.bulk(provision.BulkRequest{Objects: refs, BatchSize: 40})
	want := map[int64]error{1010: zabbix.ErrNoObject, 1020: provision.ErrHostNameTaken, 1031: provision.ErrHostNameTaken}
	for _, r := range res {
		wantErr := want[r.Object.ID]
		switch {
		case wantErr == nil && r.Err != nil:
			t.Errorf("%v failed: %v", r.Object, r.Err)
		case wantErr != nil && !errors.Is(r.Err, wantErr):
			t.Errorf("%v: err = %v, want %v", r.Object, r.Err, wantErr)
		}
	}
	if w.zbx.HostCount() != 2+37 || len(w.configs()) != 37 {
		t.Errorf("%d hosts, %d configs; want 39 (seed, outside host, 37), 37", w.zbx.HostCount(), len(w.configs()))
	}
	t.Logf("host.create calls for 40 objects with 3 bad ones: %d", w.zabbixCalls("CreateHosts"))
	for _, h := range w.zbx.AllHosts() {
		if h.Host == "outside-host" || h.HostID == "10084" {
			continue
		}
		if _, err := w.st.FindHostConfigs(t.Context(), store.HostConfigFilter{HostIDs: []string{h.HostID}}); err != nil {
			t.Fatal(err)
		}
	}
	checkOwned(t, w)
}

// checkOwned checks that every host but the seeds is a config's.
func checkOwned(t *testing.T, w *world) {
	t.Helper()
	owned := map[string]bool{}
	for _, hc := range w.configs() {
		owned[hc.HostID] = true
	}
	for _, h := range w.zbx.AllHosts() {
		if h.HostID != "10084" && h.Host != "outside-host" && !owned[h.HostID] {
			t.Errorf("host %s %q is not known to the store", h.HostID, h.Host)
		}
	}
}

func TestProvisionAgentsReportsRatherThanRecreates(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.mustProvision(netbox.DeviceRef(1))
	refs := []netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(2), netbox.DeviceRef(3), netbox.DeviceRef(99),
		netbox.DeviceRef(2), {Type: "dcim.cable", ID: 1}, netbox.VMRef(0), netbox.VMRef(1)}
	res := w.bulk(provision.BulkRequest{Objects: refs})
	want := []error{provision.ErrAlreadyProvisioned, nil, provision.ErrNoPrimaryIP, provision.ErrObjectNotFound,
		provision.ErrInvalidRequest, provision.ErrInvalidRequest, provision.ErrInvalidRequest, nil}
	for i, r := range res {
		if want[i] == nil && r.Err != nil || want[i] != nil && !errors.Is(r.Err, want[i]) {
			t.Errorf("%v: err = %v, want %v", r.Object, r.Err, want[i])
		}
	}
	mustContain(t, "error", res[0].Err.Error(), "web-01 already has Zabbix host", "z-web-01")
	if w.zbx.HostCount() != 4 || len(w.configs()) != 3 {
		t.Errorf("%d hosts, %d configs", w.zbx.HostCount(), len(w.configs()))
	}
	w.checkInvariants()
}

func TestProvisionAgentsStoreFailure(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	refs := w.addObjects(netbox.TypeDevice, 1000, 30, "dev")
	w.st.FailCall("CreateHostConfigs", 1, errInjected)
	res := w.bulk(provision.BulkRequest{Objects: refs, BatchSize: 10})
	failed := 0
	for _, r := range res {
		if r.Err != nil {
			failed++
			if !errors.Is(r.Err, errInjected) {
				t.Errorf("%v: %v", r.Object, r.Err)
			}
		}
	}
	if failed != 10 || len(w.configs()) != 20 || w.zbx.HostCount() != 21 {
		t.Errorf("%d failed, %d configs, %d hosts; want one batch of 10 failed and undone", failed, len(w.configs()), w.zbx.HostCount())
	}
	w.checkInvariants()
}

func TestProvisionAgentsCanceled(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	refs := w.addObjects(netbox.TypeDevice, 1000, 60, "dev")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	res, err := w.p.ProvisionAgents(ctx, provision.BulkRequest{Objects: refs, BatchSize: 10, Concurrency: 1,
		Progress: func(p provision.Progress) {
			if p.Done == 10 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	ok, canceled := 0, 0
	for _, r := range res {
		switch {
		case r.Err == nil:
			ok++
		case errors.Is(r.Err, context.Canceled):
			canceled++
		default:
			t.Errorf("%v: %v", r.Object, r.Err)
		}
	}
	if ok != 10 || canceled != 50 {
		t.Errorf("%d done, %d canceled; want 10 and 50", ok, canceled)
	}
	w.checkInvariants()
}

func TestProvisionAgentsBadRequest(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.p.ProvisionAgents(t.Context(), provision.BulkRequest{}); !errors.Is(err, provision.ErrInvalidRequest) {
		t.Errorf("empty request: %v", err)
	}
	if _, err := w.p.ProvisionAgents(t.Context(), provision.BulkRequest{Objects: []netbox.Ref{netbox.DeviceRef(1)}, BatchSize: -1}); !errors.Is(err, provision.ErrInvalidRequest) {
		t.Errorf("negative batch size: %v", err)
	}
}

// A bulk dry run plans every object as a single dry run would, writes
// nothing, and the real run then sends exactly the planned payloads.
func TestProvisionAgentsDryRun(t *testing.T) {
	t.Parallel()
	w := newWorld(t, quiet())
	refs := w.addObjects(netbox.TypeDevice, 100, 6, "bulk")
	// bulk-101 has a host a foreign hand made; device 1 is provisioned.
	if _, err := w.zbx.CreateHosts(t.Context(), []zabbix.Host{{Host: "bulk-101", GroupIDs: []string{groupLinux}}}); err != nil {
		t.Fatal(err)
	}
	w.mustProvision(netbox.DeviceRef(1))
	refs = append(refs, netbox.DeviceRef(1), netbox.DeviceRef(3))
	before, events := w.backends(), len(w.events())
	var last provision.Progress
	plans := w.bulk(provision.BulkRequest{Objects: refs, DryRun: true, BatchSize: 4,
		Progress: func(p provision.Progress) { last = p }})
	w.checkUnchanged(before)
	if len(w.events()) != events {
		t.Error("dry run recorded events")
	}
	if last != (provision.Progress{Done: 8, Failed: 2, AlreadyProvisioned: 1, Total: 8}) {
		t.Errorf("last progress = %+v", last)
	}
	for i, r := range plans {
		switch ref := r.Object; {
		case ref == netbox.DeviceRef(101):
			if !errors.Is(r.Err, provision.ErrHostNameTaken) {
				t.Errorf("%v: %v, want ErrHostNameTaken", ref, r.Err)
			}
		case ref == netbox.DeviceRef(1):
			if !errors.Is(r.Err, provision.ErrAlreadyProvisioned) {
				t.Errorf("%v: %v, want ErrAlreadyProvisioned", ref, r.Err)
			}
		case ref == netbox.DeviceRef(3):
			if !errors.Is(r.Err, provision.ErrNoPrimaryIP) {
				t.Errorf("%v: %v, want ErrNoPrimaryIP", ref, r.Err)
			}
		case r.Err != nil || r.Result.Plan == nil || r.Result.Plan.Action != provision.ActionCreate ||
			r.Result.Message != fmt.Sprintf("Would create bulk-%d with Web servers mapping", ref.ID):
			t.Errorf("result %d: %+v", i, r)
		}
	}

	done := w.bulk(provision.BulkRequest{Objects: refs, BatchSize: 4})
	for i, r := range done {
		if plans[i].Err != nil {
			continue
		}
		if r.Err != nil {
			t.Errorf("%v: planned, then failed: %v", r.Object, r.Err)
			continue
		}
		if diff := cmp.Diff(plans[i].Result.Plan.Create, r.Result.Plan.Create); diff != "" {
			t.Errorf("%v: real payload differs from the plan (-plan +real):\n%s", r.Object, diff)
		}
	}
}

// Select lists objects by NetBox query; each listed object is read once
// (no second read by ID), named objects come first, and an object both
// named and listed is provisioned once.
func TestProvisionAgentsSelect(t *testing.T) {
	t.Parallel()
	w := newWorld(t, quiet())
	w.addObjects(netbox.TypeDevice, 100, 5, "listed")
	res := w.bulk(provision.BulkRequest{
		Objects: []netbox.Ref{netbox.DeviceRef(102), netbox.VMRef(1)},
		Select:  []netbox.Query{{Type: netbox.TypeDevice, Filter: "site_id=1&status=active&role_id=2"}},
	})
	var got []netbox.Ref
	for _, r := range res {
		got = append(got, r.Object)
		if r.Err != nil {
			t.Errorf("%v: %v", r.Object, r.Err)
		}
	}
	// web-01 (device 1) is a web server in site 1 too.
	want := []netbox.Ref{netbox.DeviceRef(102), netbox.VMRef(1), netbox.DeviceRef(1), netbox.DeviceRef(100),
		netbox.DeviceRef(101), netbox.DeviceRef(103), netbox.DeviceRef(104)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	var reads []string
	for _, c := range w.nb.Calls() {
		if c.Method == memnetbox.MethodObjects {
			reads = append(reads, fmt.Sprintf("%s ids=%v filter=%q", c.Query.Type, c.Query.IDs, c.Query.Filter))
		}
	}
	wantReads := []string{`dcim.device ids=[] filter="site_id=1&status=active&role_id=2"`,
		`dcim.device ids=[102] filter=""`, `virtualization.virtualmachine ids=[1] filter=""`}
	if diff := cmp.Diff(wantReads, reads, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("NetBox object reads (-want +got):\n%s", diff)
	}

	for _, bad := range []provision.BulkRequest{
		{},
		{Select: []netbox.Query{{Type: netbox.TypeIPAddress, All: true}}},
		{Select: []netbox.Query{{Type: netbox.TypeDevice}}},
	} {
		if _, err := w.p.ProvisionAgents(t.Context(), bad); !errors.Is(err, provision.ErrInvalidRequest) {
			t.Errorf("%+v: %v, want ErrInvalidRequest", bad, err)
		}
	}
	_, err := w.p.ProvisionAgents(t.Context(), provision.BulkRequest{Select: []netbox.Query{{Type: netbox.TypeDevice, Filter: "site=nowhere"}}})
	if !errors.Is(err, netbox.ErrBadQuery) {
		t.Errorf("unknown site: %v, want ErrBadQuery", err)
	}
}
