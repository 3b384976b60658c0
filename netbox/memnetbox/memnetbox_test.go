package memnetbox_test

import (
	"strconv"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// The in-memory NetBox is what the conformance suite exercises, and the
// Fetcher provisioning asks for.
var (
	_ netboxtest.Client = (*memnetbox.NetBox)(nil)
)

func TestConformance(t *testing.T) {
	fx, err := netboxtest.LoadFixture("../testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	netboxtest.Run(t, func(t *testing.T) (netboxtest.Client, netboxtest.Fixture) {
		return memnetbox.New(config()), fx
	})
}

// config holds the objects that ../testdata/fixture.json describes, as a
// caller would give them by hand: nested objects with their API paths, and
// the site and location in Related, so that expansion works as on NetBox.
func config() memnetbox.Config {
	site := func() *netbox.Nested {
		return &netbox.Nested{ID: 1, URL: "/api/dcim/sites/1/", Display: "DC1", Name: "DC1", Slug: "dc1"}
	}
	role := func(id int64, name, slug string) *netbox.Nested {
		return &netbox.Nested{ID: id, URL: "/api/dcim/device-roles/" + strconv.FormatInt(id, 10) + "/", Name: name, Slug: slug}
	}
	platform := &netbox.Nested{ID: 3, URL: "/api/dcim/platforms/3/", Name: "Debian 12", Slug: "debian-12"}
	tenant := &netbox.Nested{ID: 5, URL: "/api/tenancy/tenants/5/", Name: "Acme", Slug: "acme"}
	active := netbox.Choice{Value: "active", Label: "Active"}
	return memnetbox.Config{
		Objects: []*netbox.Object{
			{Type: netbox.TypeDevice, ID: 1, Name: "web-01", Status: active, Site: site(),
				Role: role(2, "Web server", "web-server"), Platform: platform, Tenant: tenant,
				Location:   &netbox.Nested{ID: 4, URL: "/api/dcim/locations/4/", Name: "Room 1", Slug: "room-1"},
				PrimaryIP4: &netbox.NestedIP{ID: 10, URL: "/api/ipam/ip-addresses/10/", Address: "192.0.2.10/24"},
				Tags: []netbox.Tag{{ID: 2, Name: "Linux", Slug: "linux", Color: "4caf50"},
					{ID: 1, Name: "Production", Slug: "production", Color: "f44336"}},
				CustomFields: map[string]any{
					"asset_owner": "ops-team", "rack_units": 2, "monitored": true, "warranty_end": "2027-03-31",
					"power_draw": 350.5, "service_level": "gold", "contacts": []any{"noc", "ops"},
					"owner_tenant": map[string]any{"id": 5, "name": "Acme", "slug": "acme"}, "exclude_from_zabbix": false,
					"notes_url": nil,
				},
				Attrs: map[string]any{
					"serial": "SN-0001", "asset_tag": "AT-0001", "position": 12.0,
					"face":        map[string]any{"value": "front", "label": "Front"},
					"rack":        map[string]any{"id": 6, "name": "R01", "url": "/api/dcim/racks/6/"},
					"primary_ip6": map[string]any{"id": 11, "address": "2001:db8::10/64"}, "interface_count": 2,
					"comments": "Front-end web server",
				}},
			{Type: netbox.TypeDevice, ID: 3, Name: "spare-01", Status: netbox.Choice{Value: "planned", Label: "Planned"},
				Site: site(), Role: role(2, "Web server", "web-server"), CustomFields: map[string]any{"asset_owner": nil}},
			{Type: netbox.TypeVirtualMachine, ID: 1, Name: "app-01", Status: active, Site: site(),
				Role: role(8, "Application server", "application-server"), Platform: platform, Tenant: tenant,
				Cluster:    &netbox.Nested{ID: 7, URL: "/api/virtualization/clusters/7/", Name: "cluster-a"},
				PrimaryIP4: &netbox.NestedIP{ID: 20, URL: "/api/ipam/ip-addresses/20/", Address: "192.0.2.20/24"},
				Tags:       []netbox.Tag{{ID: 1, Name: "Production", Slug: "production", Color: "f44336"}},
				CustomFields: map[string]any{"asset_owner": "apps-team", "monitored": true, "service_level": "silver",
					"notes_url": "https://wiki.example.com/app-01"},
				Attrs: map[string]any{"vcpus": 4.0, "memory": 8192, "description": "Application VM",
					"local_context_data": map[string]any{"backup": map[string]any{"enabled": true}}}},
		},
		IPAddresses: []*netbox.IPAddress{
			{ID: 10, Address: "192.0.2.10/24", DNSName: "web-01.example.net", Status: active,
				AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100,
				AssignedObject: &netbox.Nested{ID: 100, URL: "/api/dcim/interfaces/100/", Name: "eth0",
					Attrs: map[string]any{"device": map[string]any{"id": 1, "name": "web-01", "url": "/api/dcim/devices/1/"}}}},
			{ID: 20, Address: "192.0.2.20/24", Status: active,
				AssignedObjectType: netbox.TypeVMInterface, AssignedObjectID: 200,
				AssignedObject: &netbox.Nested{ID: 200, URL: "/api/virtualization/interfaces/200/", Name: "ens3"}},
		},
		Related: map[string]map[string]any{
			"/api/dcim/sites/1/": {"id": 1, "url": "/api/dcim/sites/1/", "name": "DC1", "slug": "dc1",
				"latitude": 59.4032, "longitude": 17.9442,
				"region": map[string]any{"id": 3, "url": "/api/dcim/regions/3/", "name": "Stockholm", "slug": "stockholm"}},
			"/api/dcim/locations/4/": {"id": 4, "url": "/api/dcim/locations/4/", "name": "Room 1", "slug": "room-1",
				"site": map[string]any{"id": 1, "url": "/api/dcim/sites/1/", "name": "DC1", "slug": "dc1"}},
		},
	}
}
