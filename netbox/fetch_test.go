package netbox_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// TestFetchRefusesOtherURLs: the token is never sent anywhere but the
// configured NetBox API.
func TestFetchRefusesOtherURLs(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.2")
	c := newClient(t, srv.URL, tokenV1)
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, u := range []string{
		"https://attacker.example/api/dcim/sites/1/",
		"http://localhost.attacker.example/api/dcim/sites/1/",
		"http://" + host + "0/api/dcim/sites/1/", // another port
		"ftp://" + host + "/api/dcim/sites/1/",
		"http://user:pw@" + host + "/api/dcim/sites/1/",
		"/admin/",
		"/api/../admin/",
		"dcim/sites/1/",
		"//attacker.example/api/dcim/sites/1/",
		"javascript:alert(1)",
	} {
		_, err := c.Fetch(t.Context(), u)
		if !errors.Is(err, netbox.ErrURLRefused) {
			t.Errorf("Fetch(%q) = %v, want ErrURLRefused", u, err)
		}
	}
	if n := srv.Count(); n != 0 {
		t.Errorf("%d requests sent for refused URLs", n)
	}
	// The configured host under another scheme is fetched with the
	// configured one (NetBox behind a TLS proxy writes http:// URLs).
	site, err := c.Fetch(t.Context(), "https://"+strings.ToUpper(host)+"/api/dcim/sites/1/")
	if err != nil || site["name"] != "DC1" {
		t.Errorf("Fetch(https URL of the configured host) = %v, %v", site["name"], err)
	}
}

// TestBasePath: NetBox under a BASE_PATH ("/netbox/") is read there, from
// absolute URLs and from "/api/…" paths alike.
func TestBasePath(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		paths []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		paths = append(paths, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id": 1, "name": "DC1"}`))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/netbox/api/", tokenV1)
	for _, u := range []string{"/api/dcim/sites/1/", "/netbox/api/dcim/sites/1/", srv.URL + "/netbox/api/dcim/sites/1/"} {
		if _, err := c.Fetch(t.Context(), u); err != nil {
			t.Errorf("Fetch(%q): %v", u, err)
		}
	}
	if _, err := c.Fetch(t.Context(), srv.URL+"/api/dcim/sites/1/"); !errors.Is(err, netbox.ErrURLRefused) {
		t.Errorf("a URL outside the base path: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range paths {
		if p != "/netbox/api/dcim/sites/1/" {
			t.Errorf("requested %q", p)
		}
	}
	if len(paths) != 3 {
		t.Errorf("%d requests, want 3", len(paths))
	}
}
