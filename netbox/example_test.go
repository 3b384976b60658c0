package netbox_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// Read devices and their primary addresses from NetBox. The example runs
// against the recorded answers of a NetBox 4.5 (netboxtest's fixture
// server); against a real NetBox only the URL and token differ. The
// token's form picks the Authorization scheme ("Token" for a v1 token,
// "Bearer" for a NetBox 4.5 nbt_ token).
func Example() {
	const token = "0123456789abcdef0123456789abcdef01234567"
	srv, err := netboxtest.StartServer(netboxtest.ServerConfig{Dir: "testdata/4.5", Tokens: []string{token}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	nb, err := netbox.New(netbox.Config{URL: srv.URL, Token: token})
	if err != nil {
		fmt.Println(err) // the accepted token forms, never the token
		return
	}
	ctx := context.Background()

	// Many at once, by ID or by a NetBox filter; missing objects are left
	// out. With Fields, NetBox 4.x sends only the base fields (ID, name,
	// status, primary IPv4) and those named (mapping.Fields derives them
	// from the mappings).
	devs, err := nb.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, Filter: "site=dc1", Fields: []string{"site"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	var ipIDs []int64
	for _, d := range devs {
		fmt.Println(d.Name, d.Status.Value, d.Site.Name)
		if d.PrimaryIP4 != nil {
			ipIDs = append(ipIDs, d.PrimaryIP4.ID)
		}
	}
	ips, err := nb.IPAddresses(ctx, netbox.Query{IDs: ipIDs, Fields: []string{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ip := range ips {
		fmt.Println(ip.Address, ip.AssignedObjectType, ip.AssignedObjectID)
	}

	// The full site behind a nested summary, by its URL.
	site, err := nb.Fetch(ctx, devs[0].Site.URL)
	fmt.Println(site["name"], site["region"].(map[string]any)["name"], err)

	// A missing object is a *NotFoundError, matching ErrNotFound.
	_, err = nb.Fetch(ctx, srv.URL+"/api/dcim/sites/999/")
	fmt.Println(errors.Is(err, netbox.ErrNotFound))
	// Output:
	// web-01 active DC1
	// spare-01 planned DC1
	// 192.0.2.10/24 dcim.interface 100
	// DC1 Stockholm <nil>
	// true
}
