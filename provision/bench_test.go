package provision_test

import (
	"fmt"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// benchBatch is how many objects one benchmark world holds before it is
// rebuilt (off the clock), so that the in-memory backends stay small.
const benchBatch = 100

// benchWorld is a world with benchBatch more devices, 1000+i, each with a
// primary IPv4 address.
func benchWorld(b *testing.B) *world {
	w := newWorld(b, quiet())
	for i := range benchBatch {
		id := int64(1000 + i)
		addr := fmt.Sprintf("10.%d.%d.%d/16", i/65536, i/256%256, i%256)
		w.nb.PutObject(&netbox.Object{Type: netbox.TypeDevice, ID: id, Status: netbox.Choice{Value: "active"}, Name: fmt.Sprintf("bench-%d", i),
			Site: &netbox.Nested{ID: siteID, Name: "DC1"}, Role: &netbox.Nested{ID: roleWeb, Name: "Web server"},
			PrimaryIP4: &netbox.NestedIP{ID: id, Address: addr}})
		w.nb.PutIPAddress(&netbox.IPAddress{ID: id, Address: addr, AssignedObjectType: netbox.TypeInterface, AssignedObjectID: id})
	}
	return w
}

// BenchmarkProvisionAgent measures one ProvisionAgent (create path: resolve
// the mapping, build the payload, create the host, link, store, record the
// event) on the in-memory backends.
func BenchmarkProvisionAgent(b *testing.B) {
	b.ReportAllocs()
	var w *world
	for i := 0; i < b.N; i++ {
		if i%benchBatch == 0 {
			b.StopTimer()
			w = benchWorld(b)
			b.StartTimer()
		}
		if _, err := w.provision(netbox.DeviceRef(int64(1000 + i%benchBatch))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProvisionAgents measures bulk provisioning of 1,000 devices on
// the in-memory backends, per object.
func BenchmarkProvisionAgents(b *testing.B) {
	b.ReportAllocs()
	const n = 1000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w := newWorld(b, quiet())
		refs := w.addObjects(netbox.TypeDevice, 1000, n, "bench")
		b.StartTimer()
		res, err := w.p.ProvisionAgents(b.Context(), provision.BulkRequest{Objects: refs})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/object")
}
