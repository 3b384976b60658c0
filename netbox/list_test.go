package netbox_test

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// TestFollowsNextLinks: a NetBox whose MAX_PAGE_SIZE is lower than the
// limit asked for answers with several pages (the recorded ones of each
// version); the client follows the "next" links.
func TestFollowsNextLinks(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			page1, page2 := readFixture(t, v, "devices_list_page1.json"), readFixture(t, v, "devices_list_page2.json")
			srv := newServer(t, v, func(c *netboxtest.ServerConfig) {
				c.Intercept = answerAll(func(w http.ResponseWriter, r *http.Request) {
					body := page1
					if r.URL.Query().Get("offset") == "1" {
						body = page2
					}
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(strings.ReplaceAll(string(body), netboxtest.FixtureHost, "http://"+r.Host)))
				})
			})
			c := newClient(t, srv.URL, tokenV1)
			got, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{3, 1}})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, o := range got {
				names = append(names, o.Name)
				if o.Type != netbox.TypeDevice {
					t.Errorf("%s: Type %q", o.Name, o.Type)
				}
				if _, ok := o.Attrs["config_context"]; ok {
					t.Errorf("%s has a config_context; it was excluded", o.Name)
				}
			}
			if !slices.Equal(names, []string{"web-01", "spare-01"}) {
				t.Errorf("names %v, want them ordered by ID: web-01 (1), spare-01 (3)", names)
			}
			want := []string{
				"GET /api/dcim/devices/?exclude=config_context&id=1&id=3&limit=2",
				"GET /api/dcim/devices/?exclude=config_context&id=1&id=3&limit=1&offset=1",
			}
			if diff := slices.Compare(srv.Requests(), want); diff != 0 {
				t.Errorf("requests\n%q\nwant\n%q", srv.Requests(), want)
			}
		})
	}
}

// TestChunksLongIDLists: a long ID list is read in requests of at most
// MaxIDsPerRequest IDs, with short URLs; one ID uses the detail endpoint.
func TestChunksLongIDLists(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.5", func(c *netboxtest.ServerConfig) { c.Synthetic = true })
	c := newClient(t, srv.URL, tokenV2)
	ids := make([]int64, 0, 460)
	for id := int64(10_000_000); len(ids) < 450; id++ {
		ids = append(ids, id)
	}
	ids = append(ids, ids[:10]...) // duplicates
	got, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 450 {
		t.Errorf("%d devices, want 450", len(got))
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (200 + 200 + 50 IDs)", len(reqs))
	}
	for _, r := range reqs {
		u, _ := url.Parse(strings.TrimPrefix(r, "GET "))
		if n := len(u.Query()["id"]); n > netbox.MaxIDsPerRequest {
			t.Errorf("a request has %d IDs", n)
		}
		if len(r) > 4094 {
			t.Errorf("a request line is %d bytes long", len(r))
		}
	}
	srv.Reset()
	if _, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{0, -1, 7, 7}}); err != nil {
		t.Fatal(err)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0] != "GET /api/dcim/devices/7/?exclude=config_context" {
		t.Errorf("requests %q, want the detail endpoint of device 7", reqs)
	}
	srv.Reset()
	if got, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice}); err != nil || got != nil || srv.Count() != 0 {
		t.Errorf("Objects() = %v, %v after %d requests; want nothing, without a request", got, err, srv.Count())
	}
}

// TestConfigContext: config_context is excluded unless asked for.
func TestConfigContext(t *testing.T) {
	t.Parallel()
	for _, include := range []bool{false, true} {
		srv := newServer(t, "4.2")
		c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.IncludeConfigContext = include })
		objs, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 3}})
		if err != nil {
			t.Fatal(err)
		}
		vm, err := c.VirtualMachine(t.Context(), 1)
		if err != nil {
			t.Fatal(err)
		}
		dev, err := c.Fetch(t.Context(), objs[0].Attrs["url"].(string))
		if err != nil {
			t.Fatal(err)
		}
		for _, attrs := range []map[string]any{objs[0].Attrs, objs[1].Attrs, vm.Attrs, dev} {
			if _, ok := attrs["config_context"]; ok != include {
				t.Errorf("IncludeConfigContext %t: config_context present %t", include, ok)
			}
		}
		for _, r := range srv.Requests() {
			if strings.Contains(r, "exclude=config_context") == include {
				t.Errorf("IncludeConfigContext %t: request %q", include, r)
			}
		}
	}
}

func TestObjectsRejectsOtherTypes(t *testing.T) {
	t.Parallel()
	c := newClient(t, "https://netbox.example.com", tokenV1)
	if _, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeIPAddress, IDs: []int64{1}}); err == nil {
		t.Error("Objects(ipam.ipaddress) did not fail")
	}
}

// TestIDFilterIgnored: a NetBox (or a proxy) that ignores the id filter
// would page through every object; the client stops at the first page.
func TestIDFilterIgnored(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) {
		c.Intercept = answerAll(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"count": 25000, "next": "http://` + r.Host + `/api/dcim/devices/?limit=2&offset=2", "previous": null, "results": [{"id": 9}, {"id": 8}]}`))
		})
	})
	c := newClient(t, srv.URL, tokenV1)
	_, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 2}})
	if !errors.Is(err, netbox.ErrBadResponse) || !strings.Contains(err.Error(), "id filter was not applied") || srv.Count() != 1 {
		t.Errorf("Objects = %v after %d requests, want one request and an error about the id filter", err, srv.Count())
	}
}
