package provision_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestE2EImportHosts: against the real Zabbix, 1,000 devices whose hosts
// exist already, made by hand (raw host.create) or by an earlier install
// whose store is lost, are imported in bulk: each object by the rule its
// host answers to, the ambiguous and the missing reported, with no write
// to Zabbix; a reconcile then writes only the hosts that differ from
// NetBox, and a second one nothing.
//
// Device i (1 … 1000), by i mod 8: 0 an earlier install's host (default
// tag, as the library writes it), 1 and 7 a host with its name, 2 one
// with its visible name, 3 one on its address, 4 one its zabbix_hostid
// custom field names, 5 two hosts on its address (ambiguous), 6 none.
func TestE2EImportHosts(t *testing.T) {
	const n = 1000
	z := e2eNeedZabbix(t)
	ctx := t.Context()
	s := store.DefaultSettings()
	s.UseIP = store.UseIP
	s.DefaultTag = "nbz_e2e_imp_" + z.run
	mappings := []store.Mapping{{ObjectType: netbox.TypeDevice, Name: "Default", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: z.groupID}}, Templates: []zabbix.Template{{TemplateID: z.icmpID}}}}
	var cfg memnetbox.Config
	name := func(i int) string { return fmt.Sprintf("e2e-imp-%s-%d", z.run, i) }
	addr := func(i int) string { return fmt.Sprintf("10.%d.%d.%d", 100+i%100, i/256, i%256) }
	var refs, earlier []netbox.Ref
	for i := 1; i <= n; i++ {
		z.hostName(name(i)) // every host ends with its object's name
		cfg.Objects = append(cfg.Objects, &netbox.Object{Type: netbox.TypeDevice, ID: int64(i), Name: name(i),
			Status: netbox.Choice{Value: "active"}, PrimaryIP4: &netbox.NestedIP{ID: int64(i), Address: addr(i) + "/8"}})
		cfg.IPAddresses = append(cfg.IPAddresses, &netbox.IPAddress{ID: int64(i), Address: addr(i) + "/8",
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: int64(i)})
		refs = append(refs, netbox.DeviceRef(int64(i)))
		if i%8 == 0 {
			earlier = append(earlier, netbox.DeviceRef(int64(i)))
		}
	}
	nb := memnetbox.New(cfg)

	// The earlier install: provisioned, then its store lost.
	lost := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s, Mappings: mappings}})
	before, err := provision.New(provision.Config{NetBox: nb, Zabbix: z.client, Store: lost})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := before.ProvisionAgents(ctx, provision.BulkRequest{Objects: earlier}); err != nil || len(res) != len(earlier) {
		t.Fatalf("earlier install: %v", err)
	}

	// Hosts made by hand, in one raw host.create.
	var raw []map[string]any
	hand := func(host, visible, ip string, tags []zabbix.Tag) {
		z.hostName(host)
		h := map[string]any{"host": host, "groups": []map[string]string{{"groupid": z.groupID}},
			"interfaces": []map[string]any{{"type": 1, "main": 1, "useip": 1, "ip": ip, "dns": "", "port": "10050"}}}
		if visible != "" {
			h["name"] = visible
		}
		if tags != nil {
			h["tags"] = tags
		}
		raw = append(raw, h)
	}
	for i := 1; i <= n; i++ {
		legacy := fmt.Sprintf("legacy-imp-%s-%d", z.run, i)
		switch i % 8 {
		case 1, 7:
			hand(name(i), "", fmt.Sprintf("192.0.2.%d", i%250+1), nil)
		case 2:
			hand(legacy, name(i), fmt.Sprintf("192.0.2.%d", i%250+1), nil)
		case 3:
			hand(legacy, "", addr(i), nil)
		case 4:
			hand(legacy, "", fmt.Sprintf("198.51.100.%d", i%250+1), []zabbix.Tag{{Tag: "source", Value: "netbox-zabbix-sync"}})
		case 5:
			hand(legacy+"a", "", addr(i), nil)
			hand(legacy+"b", "", addr(i), nil)
		}
	}
	var created struct {
		HostIDs []string `json:"hostids"`
	}
	if err := z.client.Call(ctx, "host.create", raw, &created); err != nil || len(created.HostIDs) != len(raw) {
		t.Fatalf("raw host.create of %d hosts: %v", len(raw), err)
	}
	// The custom field of devices 4 mod 8 names their host.
	k := 0
	for i := 1; i <= n; i++ {
		switch i % 8 {
		case 1, 7, 2, 3:
			k++
		case 4:
			objs, err := nb.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{int64(i)}})
			if err != nil || len(objs) != 1 {
				t.Fatal(err)
			}
			o := objs[0]
			o.CustomFields = map[string]any{"zabbix_hostid": created.HostIDs[k]}
			nb.PutObject(o)
			k++
		case 5:
			k += 2
		}
	}

	st := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s, Mappings: mappings}})
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: z.client, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	mark := z.counter.count()
	start := time.Now()
	rep, err := p.ImportHosts(ctx, provision.ImportRequest{Objects: refs, User: "e2e"})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	methods := z.counter.methodsSince(mark)
	t.Logf("imported %d objects in %.3f s (%.0f objects/s), %d Zabbix requests: %v", n, took.Seconds(), n/took.Seconds(), len(methods), methods)
	for _, m := range methods {
		for _, call := range strings.Split(m, "+") {
			if !strings.HasSuffix(call, ".get") && call != "apiinfo.version" {
				t.Errorf("the import sent %s to Zabbix", m)
			}
		}
	}
	want := map[int]string{0: "default tag", 1: "host name", 7: "host name", 2: "visible name", 3: "agent address", 4: "custom field", 5: "ambiguous", 6: "not found"}
	counts := map[string]int{}
	for i, r := range rep.Results {
		got := string(r.Rule)
		switch {
		case r.Err != nil && strings.Contains(r.Err.Error(), "Zabbix hosts match"):
			got = "ambiguous"
		case r.Err != nil && strings.Contains(r.Err.Error(), "no Zabbix host matches"):
			got = "not found"
		case r.Err != nil:
			got = "failed: " + r.Err.Error()
		}
		if w := want[(i+1)%8]; got != w {
			t.Errorf("device %d: %s, want %s", i+1, got, w)
		}
		counts[got]++
	}
	t.Logf("report: %v (imported %d, ambiguous %d, not found %d, failed %d)", counts, rep.Imported, rep.Ambiguous, rep.NotFound, rep.Failed)
	if rep.Imported != 750 || rep.Ambiguous != 125 || rep.NotFound != 125 || rep.Failed != 0 {
		t.Errorf("imported %d, ambiguous %d, not found %d, failed %d; want 750, 125, 125, 0", rep.Imported, rep.Ambiguous, rep.NotFound, rep.Failed)
	}

	// The earlier install's hosts are as NetBox says: the reconcile
	// writes the 625 others only.
	mark = z.counter.count()
	first, err := p.Reconcile(ctx, provision.ReconcileRequest{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reconcile after the import: %d updated, %d in sync, %d failed in %d requests", first.Updated, first.InSync, first.Failed, z.counter.count()-mark)
	if first.InSync != 125 || first.Updated != 625 || first.Failed != 0 {
		t.Errorf("reconcile after the import: in sync %d, updated %d, failed %d; want 125, 625, 0", first.InSync, first.Updated, first.Failed)
	}
	again, err := p.Reconcile(ctx, provision.ReconcileRequest{})
	if err != nil || again.InSync != 750 || again.Updated != 0 {
		t.Errorf("second reconcile: in sync %d, updated %d, %v", again.InSync, again.Updated, err)
	}
}
