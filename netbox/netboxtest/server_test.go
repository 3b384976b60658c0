package netboxtest_test

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

const token = "0123456789abcdef0123456789abcdef01234567"

// get sends GET path to srv and decodes the JSON answer.
func get(t *testing.T, srv *netboxtest.Server, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Token "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, b)
	}
	return resp.StatusCode, m
}

func newServer(t *testing.T, v string, mod ...func(*netboxtest.ServerConfig)) *netboxtest.Server {
	cfg := netboxtest.ServerConfig{Dir: "../testdata/" + v, Tokens: []string{token}}
	for _, m := range mod {
		m(&cfg)
	}
	return netboxtest.NewServer(t, cfg)
}

// TestServerFields: from NetBox 4.0 on, fields=a,b keeps only those
// top-level fields (the last fields parameter counts; unknown names are
// ignored; nested objects stay summaries); NetBox 3.7 does not know the
// parameter and sends every field.
func TestServerFields(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.7", "4.2", "4.5"} {
		srv := newServer(t, v)
		_, full := get(t, srv, "/api/dcim/devices/1/")
		_, lean := get(t, srv, "/api/dcim/devices/1/?fields=id,nope&fields=id,name,site,nope")
		_, list := get(t, srv, "/api/dcim/devices/?fields=id,name&id=1&id=3")
		results, _ := list["results"].([]any)
		if v == "3.7" {
			if !maps.EqualFunc(full, lean, func(a, b any) bool { return true }) {
				t.Errorf("NetBox 3.7 answered fields= with fields %v, want every field %v", slices.Sorted(maps.Keys(lean)), slices.Sorted(maps.Keys(full)))
			}
			continue
		}
		if got := slices.Sorted(maps.Keys(lean)); !slices.Equal(got, []string{"id", "name", "site"}) {
			t.Errorf("NetBox %s: fields=id,name,site,nope gave %v", v, got)
		}
		if site, _ := lean["site"].(map[string]any); site["slug"] != "dc1" || site["url"] == nil {
			t.Errorf("NetBox %s: the site is %v, want NetBox's summary", v, lean["site"])
		}
		if len(results) != 2 || len(results[0].(map[string]any)) != 2 {
			t.Errorf("NetBox %s: a list with fields=id,name gave %v", v, results)
		}
	}
}

// TestServerFilters: filters select as NetBox's do, an unknown parameter is
// ignored, and a value that names nothing is answered 400 with Django's
// message.
func TestServerFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.2")
	for path, want := range map[string][]float64{
		"/api/dcim/devices/?site=dc1":                                          {1, 3},
		"/api/dcim/devices/?status=planned":                                    {3},
		"/api/dcim/devices/?tag=linux&tag=production":                          {1},
		"/api/dcim/devices/?tag=production&status=planned":                     {},
		"/api/dcim/devices/?name=WEB-01":                                       {1},
		"/api/dcim/devices/?role_id=2&platform=debian-12":                      {1},
		"/api/dcim/devices/?site=dc1&sitee=nowhere":                            {1, 3},
		"/api/virtualization/virtual-machines/?cluster=cluster-a&cluster_id=7": {1},
		"/api/ipam/ip-addresses/?address=192.0.2.20":                           {20},
		"/api/ipam/ip-addresses/?address=192.0.2.20/24":                        {20},
		"/api/ipam/ip-addresses/?address=192.0.2.20/32":                        {},
	} {
		code, body := get(t, srv, path)
		var ids []float64
		for _, r := range body["results"].([]any) {
			ids = append(ids, r.(map[string]any)["id"].(float64))
		}
		slices.Sort(ids)
		if code != 200 || !slices.Equal(ids, want) || body["count"] != float64(len(want)) {
			t.Errorf("GET %s = %d, IDs %v, count %v; want %v", path, code, ids, body["count"], want)
		}
	}
	for path, want := range map[string]map[string]any{
		"/api/dcim/devices/?site=nowhere":             {"site": []any{"Select a valid choice. nowhere is not one of the available choices."}},
		"/api/dcim/devices/?site_id=x&status=broken":  {"site_id": []any{"“x” is not a valid value."}, "status": []any{"Select a valid choice. broken is not one of the available choices."}},
		"/api/dcim/devices/?site_id=99":               {"site_id": []any{"Select a valid choice. 99 is not one of the available choices."}},
		"/api/dcim/devices/?id=x":                     {"id": []any{"Enter a number."}},
		"/api/virtualization/virtual-machines/?tag=x": {"tag": []any{"Select a valid choice. x is not one of the available choices."}},
	} {
		code, body := get(t, srv, path)
		if code != 400 || !maps.EqualFunc(body, want, func(a, b any) bool { return slices.Equal(a.([]any), b.([]any)) }) {
			t.Errorf("GET %s = %d %v; want 400 %v", path, code, body, want)
		}
	}
	if got := netboxtest.Filters(netbox.TypeVirtualMachine); !slices.Contains(got, "cluster") || slices.Contains(got, "location_id") {
		t.Errorf("Filters(virtual machine) = %v", got)
	}
}

// TestServerSynthetic: a synthesized device N has IP address N as its
// primary IPv4, assigned to interface N of device N; the stats count
// requests and body bytes.
func TestServerSynthetic(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.5", func(c *netboxtest.ServerConfig) { c.Synthetic, c.NamePrefix = true, "bench-" })
	_, dev := get(t, srv, "/api/dcim/devices/5000/")
	_, ip := get(t, srv, "/api/ipam/ip-addresses/5000/")
	pip, _ := dev["primary_ip4"].(map[string]any)
	ao, _ := ip["assigned_object"].(map[string]any)
	parent, _ := ao["device"].(map[string]any)
	if dev["name"] != "bench-device-5000" || pip["id"] != float64(5000) || pip["address"] != ip["address"] ||
		ip["assigned_object_id"] != float64(5000) || ao["id"] != float64(5000) || parent["name"] != "bench-device-5000" {
		t.Errorf("device %v %v\nIP %v %v", dev["name"], pip, ip["address"], ao)
	}
	st := srv.Stats()
	if st.Requests != 2 || st.Bytes < 1000 {
		t.Errorf("stats %+v", st)
	}
	srv.Reset()
	if st := srv.Stats(); st != (netboxtest.Stats{}) {
		t.Errorf("stats after Reset: %+v", st)
	}
}
