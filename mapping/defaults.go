package mapping

import (
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// DefaultTagMapping returns the tag mapping used for object type t until a
// caller saves its own: Site, Region, Latitude, Longitude, Role and
// Platform, plus Cluster for virtual machines, all enabled.
func DefaultTagMapping(t netbox.ObjectType) store.TagMapping {
	fields := []store.TagField{
		{Name: "Site", Path: "site.name", Enabled: true},
		{Name: "Region", Path: "site.region", Enabled: true},
		{Name: "Latitude", Path: "site.latitude", Enabled: true},
		{Name: "Longitude", Path: "site.longitude", Enabled: true},
		{Name: "Role", Path: "role.name", Enabled: true},
		{Name: "Platform", Path: "platform.name", Enabled: true},
	}
	if t == netbox.TypeVirtualMachine {
		fields = append(fields, store.TagField{Name: "Cluster", Path: "cluster.name", Enabled: true})
	}
	return store.TagMapping{ObjectType: t, Fields: fields}
}

// DefaultInventoryMapping returns the inventory mapping used for object
// type t until a caller saves its own: name, os (the platform), location
// (the location, else the site) and its latitude and longitude (the
// location's site, else the site), all enabled.
func DefaultInventoryMapping(t netbox.ObjectType) store.InventoryMapping {
	return store.InventoryMapping{ObjectType: t, Fields: []store.InventoryField{
		{Property: "name", Paths: []string{"name"}, Enabled: true},
		{Property: "os", Paths: []string{"platform.name"}, Enabled: true},
		{Property: "location", Paths: []string{"location.name", "site.name"}, Enabled: true},
		{Property: "location_lat", Paths: []string{"location.site.latitude", "site.latitude"}, Enabled: true},
		{Property: "location_lon", Paths: []string{"location.site.longitude", "site.longitude"}, Enabled: true},
	}}
}
