package netbox_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// New builds a client for a real NetBox; the token's form picks the
// Authorization scheme ("Token" for a v1 token, "Bearer" for a NetBox 4.5
// nbt_ token). Give it to provision.Config as NetBox: it is the
// NetBoxClient and the Fetcher provisioning asks for. This example is
// compiled, not run: no NetBox runs where the tests do.
func ExampleNew() {
	nb, err := netbox.New(netbox.Config{
		URL:   "https://netbox.example.com",
		Token: os.Getenv("NETBOX_TOKEN"),
	})
	if err != nil {
		fmt.Println(err) // the accepted token forms, never the token
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	dev, err := nb.Device(ctx, 42)
	var auth *netbox.AuthError
	switch {
	case errors.Is(err, netbox.ErrNotFound):
		fmt.Println("no device 42:", err)
		return
	case errors.As(err, &auth):
		fmt.Println(auth.Detail, "—", auth.Hint)
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	fmt.Println(dev.Name, dev.Site.Name)

	// Many at once: one request per 200 IDs, four at a time; missing ones
	// are left out. With Fields, NetBox 4.x sends only the typed fields and
	// those named (mapping.Fields derives them from the mappings).
	devs, err := nb.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{42, 43, 44}, Fields: []string{"serial"}})
	fmt.Println(len(devs), err)

	// The active devices of site dc1 tagged "monitored", by pages.
	devs, err = nb.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, Filter: "site=dc1&tag=monitored&status=active", Fields: []string{}})
	var ipIDs []int64
	for _, d := range devs {
		if d.PrimaryIP4 != nil {
			ipIDs = append(ipIDs, d.PrimaryIP4.ID)
		}
	}
	ips, err := nb.IPAddresses(ctx, netbox.Query{IDs: ipIDs, Fields: []string{}})
	fmt.Println(len(devs), len(ips), err)

	// The full site behind the device's nested summary.
	site, err := nb.Fetch(ctx, dev.Site.URL)
	fmt.Println(site["region"], err)
}
