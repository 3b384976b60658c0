package netboxtest

import (
	"context"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Client is what the suite exercises: the reads provisioning makes and
// Fetch, which mapping.Expand uses.
type Client interface {
	// Objects returns the devices or virtual machines q selects, ordered
	// by ID (see netbox.Query).
	Objects(ctx context.Context, q netbox.Query) ([]*netbox.Object, error)
	// IPAddresses returns the IP addresses q selects, ordered by ID.
	IPAddresses(ctx context.Context, q netbox.Query) ([]*netbox.IPAddress, error)
	// Fetch returns the object at a NetBox API URL.
	Fetch(ctx context.Context, url string) (map[string]any, error)
}

// Run runs the conformance suite. newClient returns a Client over data
// that fx describes; it is called once per subtest, which run in parallel.
func Run(t *testing.T, newClient func(t *testing.T) (Client, Fixture)) {
	t.Helper()
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, c Client, fx Fixture)
	}{
		{"ReadDevice", testReadDevice},
		{"ReadVirtualMachine", testReadVM},
		{"DeviceWithoutPrimaryIP", testDeviceWithoutIP},
		{"ManyIDs", testManyIDs},
		{"MissingIDs", testMissingIDs},
		{"IPAddresses", testIPAddresses},
		{"LeanObjects", testLeanObjects},
		{"LeanIPAddresses", testLeanIPs},
		{"FilterObjects", testFilterObjects},
		{"FilterVirtualMachines", testFilterVMs},
		{"FilterAndIDs", testFilterAndIDs},
		{"FilterIPAddresses", testFilterIPs},
		{"FilterNamesNothing", testFilterNamesNothing},
		{"All", testAll},
		{"BadQueries", testBadQueries},
		{"Fetch", testFetch},
		{"ExpandSiteRegion", testExpand},
		{"FetchMissing", testFetchMissing},
		{"CanceledContext", testCanceled},
		{"NoAliasing", testNoAliasing},
		{"ConcurrentReads", testConcurrentReads},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, fx := newClient(t)
			if err := fx.check(); err != nil {
				t.Fatalf("netboxtest: the fixture does not describe what the suite needs: %v", err)
			}
			tc.fn(t, c, fx)
		})
	}
}
