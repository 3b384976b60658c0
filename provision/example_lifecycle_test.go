package provision_test

import (
	"context"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// ExampleProvisioner_Reconcile brings every provisioned host in line with
// NetBox after a device was renamed there: one host is updated, the others
// are in sync and left alone.
func ExampleProvisioner_Reconcile() {
	ctx := context.Background()
	nb, zbx, st := exampleBackends(3)
	p, _ := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})
	refs := []netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(2), netbox.DeviceRef(3)}
	if _, err := p.ProvisionAgents(ctx, provision.BulkRequest{Objects: refs}); err != nil {
		fmt.Println(err)
		return
	}

	// Someone renames device 2 in NetBox.
	objs, _ := nb.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{2}})
	renamed := *objs[0]
	renamed.Name = "dev-2-renamed"
	nb.PutObject(&renamed)

	rep, err := p.Reconcile(ctx, provision.ReconcileRequest{User: "alice"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		if r.Updated {
			fmt.Println(r.Message)
		}
	}
	fmt.Printf("%d in sync, %d updated, %d failed\n", rep.InSync, rep.Updated, rep.Failed)
	// Output:
	// Updated dev-2-renamed in Zabbix: host, name, inventory
	// 2 in sync, 1 updated, 0 failed
}

// ExampleProvisioner_ImportHosts adopts hosts a Zabbix already monitors:
// the store lost its configs, and the import finds each host again by the
// default tag, with no write to Zabbix.
func ExampleProvisioner_ImportHosts() {
	ctx := context.Background()
	nb, zbx, st := exampleBackends(2)
	p, _ := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})
	refs := []netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(2)}
	if _, err := p.ProvisionAgents(ctx, provision.BulkRequest{Objects: refs}); err != nil {
		fmt.Println(err)
		return
	}
	// A new store, with the mappings only: Zabbix has hosts no config links.
	ms, _ := st.Mappings(ctx, netbox.TypeDevice)
	fresh := memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: ms}})
	p, _ = provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: fresh})

	rep, err := p.ImportHosts(ctx, provision.ImportRequest{
		Select: []netbox.Query{{Type: netbox.TypeDevice, All: true}}, User: "alice"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Message)
	}
	fmt.Printf("%d imported, %d not found, %d ambiguous\n", rep.Imported, rep.NotFound, rep.Ambiguous)
	configs, _ := fresh.FindHostConfigs(ctx, store.HostConfigFilter{})
	fmt.Println(len(configs), "host configs")
	// Output:
	// Imported Zabbix host 10600 (dev-1) for dev-1, found by default tag
	// Imported Zabbix host 10601 (dev-2) for dev-2, found by default tag
	// 2 imported, 0 not found, 0 ambiguous
	// 2 host configs
}

// ExampleProvisioner_ImportZabbixSettings reads Zabbix's templates, host
// groups, proxies and proxy groups into the store, so that mappings can
// name them, and reports what the stored mappings name that Zabbix lacks.
func ExampleProvisioner_ImportZabbixSettings() {
	ctx := context.Background()
	nb, zbx, st := exampleBackends(0)
	// A mapping naming a host group this Zabbix does not have.
	if _, err := st.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2},
		HostGroups: []zabbix.HostGroup{{GroupID: "999", Name: "Web farm"}}}); err != nil {
		fmt.Println(err)
		return
	}
	p, _ := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})

	imp, err := p.ImportZabbixSettings(ctx, "alice", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(imp.Message)
	for _, s := range imp.Stale {
		fmt.Println(s)
	}
	objs, _ := st.ZabbixObjects(ctx)
	fmt.Println(len(objs.Templates) > 0, len(objs.HostGroups) > 0)
	// Output:
	// Imported 4 templates, 5 host groups, 0 proxies and 0 proxy groups from Zabbix; the mappings name 1 Zabbix object(s) that Zabbix does not have
	// device mapping "Web servers" names host group 999 ("Web farm"), which Zabbix does not have
	// true true
}
