package netboxtest

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// testFetch: the device's site, by its URL and by its API path.
func testFetch(t *testing.T, c Client, fx Fixture) {
	dev := readOne(t, c, netbox.TypeDevice, fx.Device.ID)
	site, err := c.Fetch(t.Context(), dev.Site.URL)
	if err != nil {
		t.Fatalf("Fetch(site URL %q): %v", dev.Site.URL, err)
	}
	if !sameValue(dev.Site.ID, site["id"]) || site["name"] != fx.Device.Site {
		t.Errorf("Fetch(%q) = id %v, name %v; want %d, %q", dev.Site.URL, site["id"], site["name"], dev.Site.ID, fx.Device.Site)
	}
	p := apiPath(dev.Site.URL)
	byPath, err := c.Fetch(t.Context(), p)
	if err != nil {
		t.Fatalf("Fetch(site path %q): %v", p, err)
	}
	if !sameValue(site, byPath) {
		t.Errorf("Fetch(%q) and Fetch(%q) differ", dev.Site.URL, p)
	}
}

// testExpand: the full site behind an object's nested site, fetched by its
// URL, carries what the summary lacks (the region), which is what tag and
// inventory paths such as site.region need.
func testExpand(t *testing.T, c Client, fx Fixture) {
	for _, want := range []struct {
		typ netbox.ObjectType
		obj Object
	}{{netbox.TypeDevice, fx.Device}, {netbox.TypeVirtualMachine, fx.VM}} {
		if want.obj.Region == "" {
			continue
		}
		obj := readOne(t, c, want.typ, want.obj.ID)
		site, err := c.Fetch(t.Context(), obj.Site.URL)
		if err != nil {
			t.Fatalf("Fetch(%q) of the site of %s %d: %v", obj.Site.URL, want.typ.Label(), want.obj.ID, err)
		}
		region, _ := site["region"].(map[string]any)
		if name, _ := region["name"].(string); name != want.obj.Region {
			t.Errorf("%s %d: the full site's region is %v, want %q", want.typ.Label(), want.obj.ID, site["region"], want.obj.Region)
		}
		if site["name"] != want.obj.Site {
			t.Errorf("%s %d: the full site's name is %v, want %q", want.typ.Label(), want.obj.ID, site["name"], want.obj.Site)
		}
	}
}

// testFetchMissing: a URL of no object is ErrNotFound, naming the URL.
func testFetchMissing(t *testing.T, c Client, fx Fixture) {
	dev := readOne(t, c, netbox.TypeDevice, fx.Device.ID)
	missing := fx.missingURL(dev.Site.URL)
	got, err := c.Fetch(t.Context(), missing)
	if !errors.Is(err, netbox.ErrNotFound) {
		t.Fatalf("Fetch(%q) = %v, %v; want an error matching netbox.ErrNotFound", missing, got, err)
	}
	if p := apiPath(missing); !strings.Contains(err.Error(), strings.TrimSuffix(p, "/")) {
		t.Errorf("Fetch(%q) error %q does not name the URL", missing, err)
	}
}

// testCanceled: every call on a canceled context returns
// context.Canceled.
func testCanceled(t *testing.T, c Client, fx Fixture) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, q := range []netbox.Query{
		{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID}},
		{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID, fx.DeviceWithoutIP.ID}},
		{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID}, Fields: []string{}},
		{Type: netbox.TypeVirtualMachine, Filter: "status=active"},
		{Type: netbox.TypeVirtualMachine, All: true},
	} {
		if _, err := c.Objects(ctx, q); !errors.Is(err, context.Canceled) {
			t.Errorf("Objects(%v) on a canceled context: %v, want context.Canceled", q, err)
		}
	}
	if _, err := c.IPAddresses(ctx, netbox.Query{IDs: []int64{fx.Device.PrimaryIP4.ID}}); !errors.Is(err, context.Canceled) {
		t.Errorf("IPAddresses on a canceled context: %v, want context.Canceled", err)
	}
	if _, err := c.Fetch(ctx, fx.missingURL("/api/dcim/sites/1/")); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch on a canceled context: %v, want context.Canceled", err)
	}
}

// testNoAliasing: changing what a call returned changes nothing that a
// later call returns.
func testNoAliasing(t *testing.T, c Client, fx Fixture) {
	first := readOne(t, c, netbox.TypeDevice, fx.Device.ID)
	first.Name = "changed"
	first.Site.Name = "changed"
	if first.Site.Attrs == nil {
		first.Site.Attrs = map[string]any{}
	}
	first.Site.Attrs["region"] = "changed"
	first.PrimaryIP4.Address = "203.0.113.1/32"
	for k := range first.CustomFields {
		first.CustomFields[k] = "changed"
	}
	for k := range first.Attrs {
		first.Attrs[k] = "changed"
	}
	if len(first.Tags) > 0 {
		first.Tags[0].Name = "changed"
	}
	checkObject(t, readOne(t, c, netbox.TypeDevice, fx.Device.ID), netbox.TypeDevice, fx.Device)

	ipq := netbox.Query{IDs: []int64{fx.Device.PrimaryIP4.ID}}
	ips, err := c.IPAddresses(t.Context(), ipq)
	if err != nil || len(ips) != 1 {
		t.Fatalf("IPAddresses: %v", err)
	}
	ips[0].DNSName = "changed.example"
	if ao := ips[0].AssignedObject; ao != nil {
		ao.Name = "changed"
		if ao.Attrs == nil {
			ao.Attrs = map[string]any{}
		}
		ao.Attrs["device"] = "changed"
	}
	again, err := c.IPAddresses(t.Context(), ipq)
	if err != nil || len(again) != 1 {
		t.Fatalf("IPAddresses: %v", err)
	}
	checkIP(t, again[0], fx.Device.PrimaryIP4)

	site, err := c.Fetch(t.Context(), first.Site.URL)
	if err != nil {
		t.Fatal(err)
	}
	for k := range site {
		site[k] = "changed"
	}
	site2, err := c.Fetch(t.Context(), first.Site.URL)
	if err != nil {
		t.Fatal(err)
	}
	if site2["name"] != fx.Device.Site {
		t.Errorf("changing a Fetch result changed the next one: name %v", site2["name"])
	}
}

// testConcurrentReads: reads from several goroutines at once all succeed
// (run with -race).
func testConcurrentReads(t *testing.T, c Client, fx Fixture) {
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 8 {
		wg.Go(func() {
			objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID, fx.DeviceWithoutIP.ID}})
			if err == nil && len(objs) != 2 {
				err = errors.New("the Objects read returned a wrong count")
			}
			errs <- err
			_, err = c.IPAddresses(t.Context(), netbox.Query{IDs: []int64{fx.VM.PrimaryIP4.ID}, Fields: []string{}})
			errs <- err
			_, err = c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "name=" + url.QueryEscape(fx.Device.Name), Fields: []string{}})
			errs <- err
			vms, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeVirtualMachine, IDs: []int64{fx.VM.ID}})
			if err == nil && len(vms) == 1 && vms[0].Site != nil {
				_, err = c.Fetch(t.Context(), vms[0].Site.URL)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// apiPath is the path (and query) of an API URL.
func apiPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme, u.Host, u.User = "", "", nil
	return u.String()
}
