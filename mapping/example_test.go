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
