package memnetbox_test

import (
	"context"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
)

// A device held with its site as NetBox nests it (a summary with the
// site's API path) and the full site as a related object: mapping.Expand
// fetches the site, as it would from a real NetBox, so that site.region
// resolves. Reads with Fields get the typed fields and the fields asked
// for, as from NetBox 4.x.
func Example() {
	ctx := context.Background()
	nb := memnetbox.New(memnetbox.Config{
		Objects: []*netbox.Object{{
			Type: netbox.TypeDevice, ID: 1, Name: "web-01",
			Site:       &netbox.Nested{ID: 1, URL: "/api/dcim/sites/1/", Name: "DC1"},
			PrimaryIP4: &netbox.NestedIP{ID: 10, Address: "192.0.2.10/24"},
		}},
		IPAddresses: []*netbox.IPAddress{{
			ID: 10, Address: "192.0.2.10/24", DNSName: "web-01.example.net",
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100,
		}},
		Related: map[string]map[string]any{
			"/api/dcim/sites/1/": {"id": 1, "name": "DC1", "latitude": 59.4032,
				"region": map[string]any{"id": 3, "name": "Stockholm"}},
		},
	})

	// Device 2 does not exist: left out.
	objs, _ := nb.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 2}, Fields: []string{}})
	dev := objs[0]
	ips, _ := nb.IPAddresses(ctx, netbox.Query{IDs: []int64{dev.PrimaryIP4.ID}, Fields: []string{}})
	fmt.Println(dev, ips[0].Address, ips[0].DNSName)

	if err := mapping.Expand(ctx, dev, []string{"site.region", "site.latitude"}, nb.Fetch); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []string{"site.name", "site.region", "site.latitude"} {
		v, _ := mapping.Lookup(dev, p)
		text, _ := mapping.Text(v)
		fmt.Printf("%s = %s\n", p, text)
	}
	for _, c := range nb.Calls() {
		if c.Method == memnetbox.MethodFetch {
			fmt.Println(c.Method, c.URL)
		} else {
			fmt.Println(c.Method, c.Query)
		}
	}
	// Output:
	// device 1 "web-01" 192.0.2.10/24 web-01.example.net
	// site.name = DC1
	// site.region = Stockholm
	// site.latitude = 59.4032
	// Objects devices with IDs 1, 2
	// IPAddresses IP addresses with ID 10
	// Fetch /api/dcim/sites/1/
}
