package mapping_test

import (
	"fmt"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Decide what a device gets in Zabbix: the mapping that applies to it,
// its tags and its inventory, and the NetBox fields that takes.
func Example() {
	dev := &netbox.Object{Type: netbox.TypeDevice, ID: 42, Name: "web-01",
		Site:     &netbox.Nested{ID: 1, Name: "DC1", Slug: "dc1"},
		Role:     &netbox.Nested{ID: 2, Name: "Web server", Slug: "web"},
		Platform: &netbox.Nested{ID: 3, Name: "Debian 12", Slug: "debian"},
		Tags:     []netbox.Tag{{Name: "Production", Slug: "production"}},
	}
	mappings := []store.Mapping{
		{ID: 1, ObjectType: netbox.TypeDevice, Name: "Default", Default: true},
		{ID: 2, ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2}},
		{ID: 3, ObjectType: netbox.TypeDevice, Name: "Web servers in DC1", Sites: []int64{1}, Roles: []int64{2}},
		{ID: 4, ObjectType: netbox.TypeDevice, Name: "SNMP", Sites: []int64{1}, Roles: []int64{2}, Platforms: []int64{3},
			InterfaceType: zabbix.InterfaceSNMP},
	}
	m, err := mapping.Resolve(mappings, dev, zabbix.InterfaceAgent)
	fmt.Println(m.Name, err)

	s := store.DefaultSettings()
	tags := store.TagMapping{ObjectType: netbox.TypeDevice, Tags: []string{"production"}, Fields: []store.TagField{
		{Name: "Site", Path: "site.name", Enabled: true},
		{Name: "Role", Path: "role", Enabled: true},
	}}
	for _, t := range mapping.Tags(s, tags, dev) {
		fmt.Printf("%s=%s\n", t.Tag, t.Value)
	}
	inv := store.InventoryMapping{ObjectType: netbox.TypeDevice, Fields: []store.InventoryField{
		{Property: "os", Paths: []string{"platform.name"}, Enabled: true},
	}}
	fmt.Println(mapping.Inventory(inv, dev))
	fmt.Println(mapping.Fields(s, nil, tags, inv))
	// Output:
	// Web servers in DC1 <nil>
	// netbox_id=42
	// Production=Production
	// Site=DC1
	// Role=Web server
	// map[os:Debian 12]
	// [platform role site tags]
}

// Name host groups after the object: each placeholder takes the device's
// value, and a value the device lacks is an error naming the mapping.
func ExampleHostGroupNames() {
	dev := &netbox.Object{Type: netbox.TypeDevice, ID: 42, Name: "web-01",
		Site: &netbox.Nested{ID: 1, Name: "DC1", Slug: "dc1"},
		Role: &netbox.Nested{ID: 2, Name: "Web server", Slug: "web"},
	}
	m := store.Mapping{Name: "Web servers", HostGroupNames: []string{"Linux servers", "Sites/{site}/{role}", "Slugs/{site.slug}"}}
	names, err := mapping.HostGroupNames(m, dev)
	fmt.Printf("%q %v\n", names, err)

	m.HostGroupNames = []string{"Tenants/{tenant}"}
	_, err = mapping.HostGroupNames(m, dev)
	fmt.Println(err)
	// Output:
	// ["Linux servers" "Sites/DC1/Web server" "Slugs/dc1"] <nil>
	// mapping "Web servers" names host group "Tenants/{tenant}", and for device 42 "web-01" {tenant} resolves to nothing: fill it in NetBox, or change the mapping; the object cannot be provisioned with this mapping until then
}

// Turn mappings written by name into store mappings, with the IDs of the
// Zabbix objects last imported; every unknown name is reported at once.
func ExampleResolveSpecs() {
	objs := store.ZabbixObjects{
		Templates:  []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}},
		HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
	}
	specs := []mapping.Spec{{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2}, InterfaceType: mapping.SpecAgent,
		Templates: []string{"Linux by Zabbix agent"}, HostGroups: []string{"Linux servers", "Sites/{site}/{role}"}}}
	ms, err := mapping.ResolveSpecs(specs, objs, true)
	fmt.Println(ms[0].Templates, ms[0].HostGroups, ms[0].HostGroupNames, err)

	specs[0].Templates = []string{"Linux by Zabbix agnet"}
	_, err = mapping.ResolveSpecs(specs, objs, true)
	fmt.Println(err)
	// Output:
	// [{10001 Linux by Zabbix agent}] [{2 Linux servers}] [Sites/{site}/{role}] <nil>
	// mapping: 1 problem(s) in the mapping specs, nothing was resolved:
	//   - device mapping "Web servers": template "Linux by Zabbix agnet" is not among the Zabbix objects imported: no Zabbix objects have been imported yet: run ImportZabbixSettings, then fix the name if it is still unknown
}
