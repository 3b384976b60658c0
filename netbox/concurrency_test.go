package netbox_test

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// TestConcurrencyBound: the requests of a read of many IDs run
// Concurrency at a time, and concurrent calls share that bound.
func TestConcurrencyBound(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{1, 3} {
		var inFlight, peak atomic.Int32
		srv := newServer(t, "4.5", func(c *netboxtest.ServerConfig) {
			c.Synthetic = true
			c.Intercept = func(w http.ResponseWriter, r *http.Request) bool {
				n := inFlight.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(30 * time.Millisecond) // let requests overlap
				inFlight.Add(-1)
				return false
			}
		})
		c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.Concurrency = limit })
		ids := make([]int64, 800) // 4 requests each: below the look at the listing
		for i := range ids {
			ids[i] = int64(5001 + i)
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids, Fields: []string{}})
				if err != nil || len(objs) != len(ids) {
					t.Errorf("Objects(800 IDs) = %d objects, %v", len(objs), err)
				}
			})
		}
		wg.Wait()
		if srv.Count() != 8 {
			t.Errorf("Concurrency %d: %d requests, want 2 × 4", limit, srv.Count())
		}
		if got := peak.Load(); got > int32(limit) || limit > 1 && got < 2 {
			t.Errorf("Concurrency %d: at most %d requests under way at once; want at most %d (and more than one)", limit, got, limit)
		}
	}
}
