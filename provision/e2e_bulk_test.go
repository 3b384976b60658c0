package provision_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestE2EZabbixBulkPartialFailure provisions 40 devices in one batch on the
// real server, where one device's mapping names a host group that does not
// exist and another's name is taken by a host made outside the library:
// the 38 others land, the two get their own errors, and no host is left
// that the store does not know.
func TestE2EZabbixBulkPartialFailure(t *testing.T) {
	z := e2eNeedZabbix(t)
	ctx := t.Context()
	const n, broken, taken = 40, 7, 23
	var objs []*netbox.Object
	var ips []*netbox.IPAddress
	var refs []netbox.Ref
	for i := 1; i <= n; i++ {
		role := &netbox.Nested{ID: 1, Name: "Server"}
		if i == broken {
			role = &netbox.Nested{ID: 99, Name: "Broken"}
		}
		name := fmt.Sprintf("e2e-%s-bulk-%02d", z.run, i)
		z.hostName(name)
		addr := fmt.Sprintf("198.18.0.%d/24", i)
		objs = append(objs, &netbox.Object{Type: netbox.TypeDevice, ID: int64(i), Status: netbox.Choice{Value: "active"}, Name: name, Role: role,
			PrimaryIP4: &netbox.NestedIP{ID: int64(i), Address: addr}})
		ips = append(ips, &netbox.IPAddress{ID: int64(i), Address: addr})
		refs = append(refs, netbox.DeviceRef(int64(i)))
	}
	outside, err := z.client.CreateHosts(ctx, []zabbix.Host{{Host: objs[taken-1].Name, GroupIDs: []string{z.groupID},
		Interfaces: []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "198.18.1.1", Port: "10050"}}}})
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "bulk", Default: true, HostGroups: []zabbix.HostGroup{{GroupID: z.groupID}}},
		{ObjectType: netbox.TypeDevice, Name: "broken", Roles: []int64{99}, HostGroups: []zabbix.HostGroup{{GroupID: "99999999"}}},
	}}})
	p, err := provision.New(provision.Config{NetBox: memnetbox.New(memnetbox.Config{Objects: objs, IPAddresses: ips}), Zabbix: z.client, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	before := z.counter.count()
	res, err := p.ProvisionAgents(ctx, provision.BulkRequest{Objects: refs, BatchSize: n})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d HTTP requests for %d objects with 2 bad ones", z.counter.count()-before, n)
	for i, r := range res {
		switch i + 1 {
		case broken:
			if !errors.Is(r.Err, zabbix.ErrNoObject) {
				t.Errorf("device %d: err = %v, want zabbix.ErrNoObject", i+1, r.Err)
			}
		case taken:
			if !errors.Is(r.Err, provision.ErrHostNameTaken) {
				t.Errorf("device %d: err = %v, want ErrHostNameTaken", i+1, r.Err)
			}
		default:
			if r.Err != nil {
				t.Errorf("device %d: %v", i+1, r.Err)
			}
		}
	}
	configs, err := st.FindHostConfigs(ctx, store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(objs))
	for i, o := range objs {
		names[i] = flow.HostName(o.Name)
	}
	hosts, err := z.client.Hosts(ctx, zabbix.HostQuery{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	owned := make(map[string]bool)
	for _, hc := range configs {
		owned[hc.HostID] = true
	}
	for _, h := range hosts {
		if h.HostID != outside[0].HostID && !owned[h.HostID] {
			t.Errorf("host %s %q is not known to the store", h.HostID, h.Host)
		}
	}
	if len(configs) != n-2 || len(hosts) != n-1 {
		t.Errorf("%d configs and %d hosts; want %d and %d (with the outside host)", len(configs), len(hosts), n-2, n-1)
	}
}
