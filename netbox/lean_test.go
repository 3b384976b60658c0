package netbox_test

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// requestQuery parses the query of a recorded request ("GET /path?query").
func requestQuery(t *testing.T, req string) url.Values {
	t.Helper()
	u, err := url.Parse(strings.TrimPrefix(req, "GET "))
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// TestLeanRequests: a read with Fields asks NetBox 4.x for the base fields
// and those asked for, and still excludes config_context (which NetBox
// renders unless told so); NetBox 3.7 is sent fields= only until its first
// answer names the version, and ignores it, as NetBox 3.7 ignores every
// parameter it does not know. No request is spent learning the version.
func TestLeanRequests(t *testing.T) {
	t.Parallel()
	wantFields := "id,name,primary_ip4,serial,status"
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, v)
			c := newClient(t, srv.URL, tokenV1)
			for range 2 {
				for _, ids := range [][]int64{{1}, {1, 3}} {
					objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids, Fields: []string{"serial"}})
					if err != nil || len(objs) != len(ids) {
						t.Fatalf("Objects(%v) = %d objects, %v", ids, len(objs), err)
					}
					if objs[0].Attrs["serial"] != "SN-0001" {
						t.Errorf("serial = %v", objs[0].Attrs["serial"])
					}
					_, hasComments := objs[0].Attrs["comments"]
					if hasComments != (v == "3.7") {
						t.Errorf("NetBox %s: a field not asked for (comments) sent: %t", v, hasComments)
					}
				}
			}
			reqs := srv.Requests()
			if len(reqs) != 4 {
				t.Fatalf("%d requests, want 4: %q", len(reqs), reqs)
			}
			for i, r := range reqs {
				q := requestQuery(t, r)
				if q.Get("exclude") != "config_context" {
					t.Errorf("request %q does not exclude config_context", r)
				}
				wantSent := v != "3.7" || i == 0
				if got := q.Get("fields"); (got != "") != wantSent || wantSent && got != wantFields {
					t.Errorf("NetBox %s, request %d %q: fields=%q, want sent %t (%s)", v, i+1, r, got, wantSent, wantFields)
				}
			}
		})
	}
}

// TestLeanBytes: NetBox 4.x sends fewer bytes for a read with Fields; 3.7
// as many.
func TestLeanBytes(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		srv := newServer(t, v, func(c *netboxtest.ServerConfig) { c.Synthetic = true })
		c := newClient(t, srv.URL, tokenV1)
		ids := []int64{2001, 2002, 2003}
		read := func(fields []string) int64 {
			srv.Reset()
			if _, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids, Fields: fields}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.IPAddresses(t.Context(), netbox.Query{IDs: ids, Fields: fields}); err != nil {
				t.Fatal(err)
			}
			return srv.Stats().Bytes
		}
		_ = read(nil) // learn the version
		full, lean := read(nil), read([]string{})
		switch {
		case v == "3.7" && lean != full:
			t.Errorf("NetBox 3.7: %d bytes lean, %d full; want the same", lean, full)
		case v != "3.7" && lean*10 > full*6:
			t.Errorf("NetBox %s: %d bytes lean, %d full; want at most 60 %%", v, lean, full)
		}
		t.Logf("NetBox %s, 3 devices and 3 IP addresses: %d bytes of every field, %d with Fields", v, full, lean)
	}
}

// TestLeanConfigContext: config_context comes only with
// IncludeConfigContext, in reads with Fields too, and then only when
// asked for by name.
func TestLeanConfigContext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		include bool
		fields  []string
		want    bool
	}{
		{false, []string{"config_context"}, false},
		{true, []string{"config_context"}, true},
		{true, []string{"serial"}, false},
		{true, nil, true},
	} {
		srv := newServer(t, "4.5")
		c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.IncludeConfigContext = tc.include })
		objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 3}, Fields: tc.fields})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := objs[0].Attrs["config_context"]; ok != tc.want {
			t.Errorf("IncludeConfigContext %t, Fields %q: config_context present %t, want %t (request %q)",
				tc.include, tc.fields, ok, tc.want, srv.Requests())
		}
	}
}

// TestLeanIPRequests: IP addresses are read without assigned_object
// unless asked for.
func TestLeanIPRequests(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.5")
	c := newClient(t, srv.URL, tokenV1)
	ips, err := c.IPAddresses(t.Context(), netbox.Query{IDs: []int64{10, 20}, Fields: []string{}})
	if err != nil || len(ips) != 2 {
		t.Fatalf("IPAddresses = %d, %v", len(ips), err)
	}
	for _, ip := range ips {
		if ip.AssignedObject != nil || ip.AssignedObjectID == 0 || ip.Address == "" || ip.Status.Value != "active" {
			t.Errorf("lean IP address %+v", ip)
		}
	}
	want := "address,assigned_object_id,assigned_object_type,dns_name,id,status"
	if q := requestQuery(t, srv.Requests()[0]); q.Get("fields") != want || q.Has("exclude") {
		t.Errorf("request %q, want fields=%s and no exclude", srv.Requests()[0], want)
	}
}

// TestQueryErrors: a read that fails names the query, and keeps its cause
// for errors.Is and errors.As; NetBox's 400 for a filter value matches
// ErrBadQuery and shows NetBox's message; a refused query sends nothing.
func TestQueryErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) { c.Forbidden = []string{"ipam/ip-addresses"} })
	c := newClient(t, srv.URL, tokenV1)
	_, err := c.IPAddresses(t.Context(), netbox.Query{IDs: []int64{10, 20, 30, 40, 50}})
	if !errors.Is(err, netbox.ErrUnauthorized) || !strings.Contains(err.Error(), "read IP addresses with IDs 10, 20, 30 and 2 more") {
		t.Errorf("IPAddresses = %v; want an auth error naming the query", err)
	}
	_, err = c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "site=nowhere&status=active"})
	var he *netbox.HTTPError
	if !errors.Is(err, netbox.ErrBadQuery) || !errors.As(err, &he) || he.StatusCode != 400 ||
		!strings.Contains(err.Error(), "Select a valid choice. nowhere is not one of the available choices.") ||
		!strings.Contains(err.Error(), `devices matching "site=nowhere&status=active"`) {
		t.Errorf("Objects(site=nowhere) = %v; want NetBox's 400 matching ErrBadQuery, naming the query", err)
	}
	srv.Reset()
	_, err = c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "limit=5"})
	if !errors.Is(err, netbox.ErrBadQuery) || srv.Count() != 0 {
		t.Errorf("Objects(limit=5) = %v after %d requests; want ErrBadQuery without a request", err, srv.Count())
	}
}

// TestUnknownFilterIgnored: NetBox ignores a query parameter it does not
// know, and so reads every object for a misspelt filter; the client sends
// the filter as given.
func TestUnknownFilterIgnored(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		srv := newServer(t, v)
		c := newClient(t, srv.URL, tokenV1)
		objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "stauts=planned"})
		if err != nil || len(objs) != 2 {
			t.Errorf("NetBox %s: Objects(stauts=planned) = %d objects, %v; want both devices, as NetBox ignores the parameter", v, len(objs), err)
		}
		if q := requestQuery(t, srv.Requests()[0]); q.Get("stauts") != "planned" {
			t.Errorf("request %q does not carry the filter as given", srv.Requests()[0])
		}
		objs, err = c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "status=planned"})
		if err != nil || len(objs) != 1 || objs[0].Name != "spare-01" {
			t.Errorf("NetBox %s: Objects(status=planned) = %v, %v; want spare-01", v, objs, err)
		}
	}
}

// TestFilterPages: a read by filter reads its first page, then the rest in
// ranges spread over Concurrency requests, and reads on where a NetBox
// with a lower MAX_PAGE_SIZE shortens the pages. (TestRangeSize checks the
// sizes at larger scale.)
func TestFilterPages(t *testing.T) {
	t.Parallel()
	const population = 600 // synthesized devices, besides the 2 files
	for _, tc := range []struct {
		name                    string
		pageSize, maxPage, conc int
		wantRequests            int
		wantLimits, wantOffsets []string
	}{
		// 100, then 501 in 4 ranges of 126 objects.
		{"ranges", 100, 0, 4, 5, []string{"100", "126", "126", "126", "126"}, []string{"", "100", "226", "352", "478"}},
		// MAX_PAGE_SIZE 50 shortens the first page: 11 ranges of 50 and 1.
		{"short pages", 100, 50, 4, 13, nil, nil},
		// MAX_PAGE_SIZE 100 below the 2 ranges of 276 (the last holding
		// 275): each reads on from where NetBox's page ended.
		{"read on", 50, 100, 2, 7, []string{"50", "276", "176", "76", "276", "176", "76"}, []string{"", "50", "150", "250", "326", "426", "526"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, "4.5", func(c *netboxtest.ServerConfig) {
				c.Synthetic, c.SyntheticList, c.MaxPageSize = true, population, tc.maxPage
			})
			c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.PageSize, c.Concurrency = tc.pageSize, tc.conc })
			objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "status=active", Fields: []string{}})
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, len(objs))
			for i, o := range objs {
				ids[i] = o.ID
			}
			// Device 3 is planned: device 1 and its synthesized copies.
			if len(ids) != population+1 || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
				t.Errorf("%d devices, sorted %t; want %d, ordered by ID, each once", len(ids), slices.IsSorted(ids), population+1)
			}
			reqs := srv.Requests()
			if len(reqs) != tc.wantRequests {
				t.Errorf("%d requests, want %d", len(reqs), tc.wantRequests)
			}
			if tc.wantLimits == nil {
				return
			}
			var limits, offsets []string
			for _, r := range reqs {
				q := requestQuery(t, r)
				limits, offsets = append(limits, q.Get("limit")), append(offsets, q.Get("offset"))
			}
			if limits[0] != tc.wantLimits[0] || offsets[0] != "" || !slices.Equal(sorted(limits), sorted(tc.wantLimits)) ||
				!slices.Equal(sorted(offsets), sorted(tc.wantOffsets)) {
				t.Errorf("limits %q, offsets %q; want %q, %q (first page first, the rest in any order)", limits, offsets, tc.wantLimits, tc.wantOffsets)
			}
		})
	}
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
