package netbox_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// TestBulkRequestCounts counts the requests NetBox receives to read 1,000
// devices and their 1,000 IP addresses by ID from a NetBox that has those:
// they are most of what it has, so both are listed: 5 + 5 with the
// default page size (a first page of 200, then 4 ranges of 200), 2 + 2
// with pages of 1,000 (the fixtures' own objects make a second page), and
// 5 + 5 with pages of 100 (then 4 ranges of 225).
func TestBulkRequestCounts(t *testing.T) {
	t.Parallel()
	ids := make([]int64, 1000)
	for i := range ids {
		ids[i] = int64(1001 + i)
	}
	for _, tc := range []struct {
		pageSize         int
		objects, ipAddrs int
	}{{0, 5, 5}, {1000, 2, 2}, {100, 5, 5}} {
		t.Run(fmt.Sprint("page size ", tc.pageSize), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) { c.Synthetic, c.SyntheticList = true, 1000 })
			c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.PageSize = tc.pageSize })
			objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids})
			if err != nil || len(objs) != 1000 {
				t.Fatalf("Objects(1,000 IDs) = %d objects, %v", len(objs), err)
			}
			if n := srv.Count(); n != tc.objects {
				t.Errorf("Objects(1,000 IDs): %d requests, want %d", n, tc.objects)
			}
			srv.Reset()
			ips, err := c.IPAddresses(t.Context(), netbox.Query{IDs: ids})
			if err != nil || len(ips) != 1000 {
				t.Fatalf("IPAddresses(1,000 IDs) = %d addresses, %v", len(ips), err)
			}
			if n := srv.Count(); n != tc.ipAddrs {
				t.Errorf("IPAddresses(1,000 IDs): %d requests, want %d", n, tc.ipAddrs)
			}
			t.Logf("page size %d: %d + %d requests for 1,000 devices and 1,000 IP addresses", tc.pageSize, tc.objects, tc.ipAddrs)
		})
	}
}

// BenchmarkObjects1000 reads 1,000 devices (NetBox 4.2's shape, without
// config_context) through HTTP from a server answering with pages built
// beforehand: request, transfer and decoding.
func BenchmarkObjects1000(b *testing.B) {
	dev := readFixture(b, "4.2", "device_1.json")
	var tmpl map[string]any
	if err := json.Unmarshal(dev, &tmpl); err != nil {
		b.Fatal(err)
	}
	delete(tmpl, "config_context")
	pages := map[string][]byte{} // first ID of a request → page
	ids := make([]int64, 1000)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	for start := 0; start < len(ids); start += netbox.MaxIDsPerRequest {
		var results []any
		for _, id := range ids[start:min(start+netbox.MaxIDsPerRequest, len(ids))] {
			d := make(map[string]any, len(tmpl))
			for k, v := range tmpl {
				d[k] = v
			}
			d["id"], d["name"] = id, "dev-"+strconv.FormatInt(id, 10)
			results = append(results, d)
		}
		page, _ := json.Marshal(map[string]any{"count": len(results), "next": nil, "previous": nil, "results": results})
		pages[strconv.FormatInt(ids[start], 10)] = page
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(pages[r.URL.Query()["id"][0]])
	}))
	defer srv.Close()
	c := newClient(b, srv.URL, tokenV1)
	b.SetBytes(int64(len(bytes.Join(mapValues(pages), nil))))
	b.ReportAllocs()
	for b.Loop() {
		objs, err := c.Objects(b.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids})
		if err != nil || len(objs) != 1000 {
			b.Fatalf("%d objects, %v", len(objs), err)
		}
	}
}

func mapValues(m map[string][]byte) [][]byte {
	var out [][]byte
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// BenchmarkBulkReads reads 1,000 devices and their 1,000 primary IP
// addresses from the fixture server of each NetBox version, as bulk
// provisioning does (batches of 500, two at once), with every field and
// with Fields, and reports what NetBox sent per object and the requests
// per object.
func BenchmarkBulkReads(b *testing.B) {
	ids := make([]int64, 1000)
	for i := range ids {
		ids[i] = netboxtest.FirstSyntheticID + int64(i)
	}
	for _, v := range versions {
		for _, lean := range []bool{false, true} {
			name := v + "/full"
			var objFields, ipFields []string
			if lean {
				name, objFields, ipFields = v+"/lean", []string{}, []string{}
			}
			b.Run(name, func(b *testing.B) {
				srv := newServer(b, v, func(c *netboxtest.ServerConfig) { c.Synthetic = true })
				c := newClient(b, srv.URL, tokenV1)
				if _, err := c.Objects(b.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids[:1]}); err != nil {
					b.Fatal(err) // learn the version
				}
				srv.Reset()
				for b.Loop() {
					var wg sync.WaitGroup
					for batch := range slices.Chunk(ids, 500) {
						wg.Go(func() {
							objs, err := c.Objects(b.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: batch, Fields: objFields})
							if err != nil || len(objs) != len(batch) {
								b.Errorf("Objects: %d, %v", len(objs), err)
								return
							}
							ipIDs := make([]int64, len(objs))
							for i, o := range objs {
								ipIDs[i] = o.PrimaryIP4.ID
							}
							if ips, err := c.IPAddresses(b.Context(), netbox.Query{IDs: ipIDs, Fields: ipFields}); err != nil || len(ips) != len(batch) {
								b.Errorf("IPAddresses: %d, %v", len(ips), err)
							}
						})
					}
					wg.Wait()
				}
				st := srv.Stats()
				perRun := float64(b.N) * float64(len(ids))
				b.ReportMetric(float64(st.Bytes)/perRun, "netbox-bytes/object")
				b.ReportMetric(float64(st.Requests)/perRun, "netbox-requests/object")
			})
		}
	}
}

// TestManyIDsListTheEndpoint: a read of more IDs than four requests carry
// lists the endpoint when NetBox has at most twice as many objects, and
// keeps only the objects asked for; when NetBox has more, it reads by ID
// after the first page. IDs the listing lacks are read by ID.
func TestManyIDsListTheEndpoint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		listed   int // objects NetBox lists
		asked    int // IDs asked for, from FirstSyntheticID
		missing  int // IDs beyond the listing, asked after the listed ones (the server answers them by ID)
		requests int
	}{
		// 1 page of 200, then 2,800 in 4 ranges of 700 (Concurrency 4).
		{"most of NetBox", 3000, 2500, 0, 1 + 4},
		{"most of NetBox, some gone", 3000, 2500, 10, 1 + 4 + 1},
		// The first page shows 5,000 objects; the 2,000 IDs it lacks are
		// 10 chunks.
		{"a small part of NetBox", 5000, 2200, 0, 1 + 10},
		// Four chunks or fewer: no look at the listing.
		{"few IDs", 3000, 800, 0, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, "4.5", func(c *netboxtest.ServerConfig) { c.Synthetic, c.SyntheticList = true, tc.listed })
			c := newClient(t, srv.URL, tokenV1)
			ids := make([]int64, 0, tc.asked+tc.missing)
			for i := range tc.asked {
				ids = append(ids, netboxtest.FirstSyntheticID+int64(i))
			}
			for i := range tc.missing {
				ids = append(ids, 10_000_000+int64(i))
			}
			srv.Reset()
			objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids, Fields: []string{}})
			if err != nil {
				t.Fatal(err)
			}
			if len(objs) != len(ids) || objs[0].ID != ids[0] || objs[len(objs)-1].ID != ids[len(ids)-1] {
				t.Fatalf("%d objects, want %d (IDs %d to %d)", len(objs), len(ids), ids[0], ids[len(ids)-1])
			}
			if n := srv.Count(); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
		})
	}
}
