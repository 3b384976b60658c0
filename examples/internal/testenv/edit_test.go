package testenv

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// TestEditedNetBox: detail and list answers carry the edits of their
// objects, fields left out (?fields=) stay out, and other paths pass
// untouched.
func TestEditedNetBox(t *testing.T) {
	t.Parallel()
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/dcim/devices/7/":
			fmt.Fprint(w, `{"id": 7, "name": "a", "status": {"value": "active"}}`)
		case "/api/dcim/devices/":
			fmt.Fprint(w, `{"count": 2, "results": [{"id": 7, "name": "a"}, {"id": 8, "name": "b", "status": {"value": "active"}}]}`)
		default:
			fmt.Fprint(w, `{"id": 7, "status": "untouched"}`)
		}
	}))
	t.Cleanup(backend.Close)
	e := EditNetBox(t, backend.URL)
	e.SetStatus(netbox.DeviceRef(7), "offline")
	e.SetStatus(netbox.DeviceRef(8), "planned")

	get := func(path string) map[string]any {
		resp, err := http.Get(e.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %s: %v", path, b, err)
		}
		return v
	}
	status := func(o any) any {
		if s, ok := o.(map[string]any)["status"].(map[string]any); ok {
			return s["value"]
		}
		return o.(map[string]any)["status"]
	}
	if got := status(get("/api/dcim/devices/7/")); got != "offline" {
		t.Errorf("detail: status %v, want offline", got)
	}
	list := get("/api/dcim/devices/?id=7&id=8")["results"].([]any)
	if status(list[0]) != nil || status(list[1]) != "planned" {
		t.Errorf("list: %v; want device 7 without status (not asked for), device 8 planned", list)
	}
	if got := status(get("/api/ipam/prefixes/7/")); got != "untouched" {
		t.Errorf("other path: status %v", got)
	}
}
