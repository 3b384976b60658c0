package netboxtest

import (
	"context"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Client is what the suite exercises: the reads provisioning makes
// (provision.NetBoxClient) and Fetch (provision.Fetcher).
type Client interface {
	Objects(ctx context.Context, t netbox.ObjectType, ids ...int64) ([]*netbox.Object, error)
	IPAddresses(ctx context.Context, ids ...int64) ([]*netbox.IPAddress, error)
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
