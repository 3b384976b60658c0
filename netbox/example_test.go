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

	// Many at once: one request per 200 IDs; missing ones are left out.
	devs, err := nb.Objects(ctx, netbox.TypeDevice, 42, 43, 44)
	fmt.Println(len(devs), err)

	// The full site behind the device's nested summary.
	site, err := nb.Fetch(ctx, dev.Site.URL)
	fmt.Println(site["region"], err)
}
