package netbox_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// TestNotFound: a missing object read on its own is a *NotFoundError
// naming it; among many it is left out.
func TestNotFound(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		srv := newServer(t, v)
		c := newClient(t, srv.URL, tokenV1)
		for name, read := range map[string]func() error{
			"device 999":          func() error { _, err := c.Device(t.Context(), 999); return err },
			"virtual machine 999": func() error { _, err := c.VirtualMachine(t.Context(), 999); return err },
			"IP address 999":      func() error { _, err := c.IPAddress(t.Context(), 999); return err },
		} {
			err := read()
			var nf *netbox.NotFoundError
			if !errors.As(err, &nf) || !errors.Is(err, netbox.ErrNotFound) || !strings.Contains(err.Error(), name) {
				t.Errorf("%s %s: %v, want a *NotFoundError naming it", v, name, err)
			}
		}
		if _, err := c.Fetch(t.Context(), "/api/dcim/sites/999/"); !errors.Is(err, netbox.ErrNotFound) {
			t.Errorf("%s: Fetch of a missing site: %v", v, err)
		}
	}
}

// TestRetries: 429 and 503 are retried as Retry-After says, up to the
// attempts allowed; other statuses are not.
func TestRetries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		statuses  []int // answers before the fixture's
		attempts  int
		wantCalls int32
		wantErr   error
	}{
		{"429 then OK", []int{429}, 3, 2, nil},
		{"503 twice then OK", []int{503, 503}, 3, 3, nil},
		{"503 three times", []int{503, 503, 503}, 3, 3, netbox.ErrUnavailable},
		{"no retries", []int{429}, 1, 1, netbox.ErrUnavailable},
		{"500 is not retried", []int{500}, 3, 1, nil},
		{"400 is not retried", []int{400}, 3, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) {
				c.Intercept = func(w http.ResponseWriter, r *http.Request) bool {
					n := int(calls.Add(1))
					if n > len(tc.statuses) {
						return false
					}
					w.Header().Set("Retry-After", "0")
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(tc.statuses[n-1])
					_, _ = w.Write([]byte(`{"detail": "Request was throttled."}`))
					return true
				}
			})
			c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.MaxAttempts = tc.attempts })
			obj, err := c.Device(t.Context(), 1)
			if calls.Load() != tc.wantCalls {
				t.Errorf("%d requests, want %d", calls.Load(), tc.wantCalls)
			}
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("Device = %v, want %v", err, tc.wantErr)
			case tc.wantErr == nil && tc.wantCalls > int32(len(tc.statuses)) && (err != nil || obj.Name != "web-01"):
				t.Errorf("Device = %v, %v; want web-01", obj, err)
			case tc.wantErr == nil && tc.wantCalls <= int32(len(tc.statuses)):
				var he *netbox.HTTPError
				if !errors.As(err, &he) || he.StatusCode != tc.statuses[0] || errors.Is(err, netbox.ErrUnavailable) {
					t.Errorf("Device = %v, want an *HTTPError %d", err, tc.statuses[0])
				}
			}
		})
	}
}

// TestRetryHonoursContext: a context that ends during the wait ends the
// call with the context's error.
func TestRetryHonoursContext(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) {
		c.Intercept = answerAll(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "20")
			w.WriteHeader(http.StatusTooManyRequests)
		})
	})
	c := newClient(t, srv.URL, tokenV1)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Device(ctx, 1)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("Device = %v after %v, want context.DeadlineExceeded at once", err, time.Since(start))
	}
}

// TestRetryAfterOverCap: NetBox asking to wait longer than MaxRetryWait
// ends the retries; the error says how long NetBox asked for.
func TestRetryAfterOverCap(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) {
		c.Intercept = answerAll(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusServiceUnavailable)
		})
	})
	c := newClient(t, srv.URL, tokenV1)
	_, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 3}})
	var he *netbox.HTTPError
	if !errors.As(err, &he) || he.RetryAfter != 2*time.Minute || !errors.Is(err, netbox.ErrUnavailable) {
		t.Fatalf("Objects = %v, want an *HTTPError with RetryAfter 2m", err)
	}
	if calls.Load() != 1 {
		t.Errorf("%d requests, want 1", calls.Load())
	}
}

// TestHTTPErrors: other failures are *HTTPError with the status, a short
// body excerpt and the URL; bodies that are not NetBox's JSON say so.
func TestHTTPErrors(t *testing.T) {
	t.Parallel()
	html := "<!DOCTYPE html><html><body>" + strings.Repeat("Server Error ", 100) + tokenV1 + "</body></html>"
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		is       error
		isNot    error
		contains string
	}{
		{"500 HTML", 500, html, nil, netbox.ErrBadResponse, "HTTP 500 Internal Server Error"},
		{"200 HTML", 200, html, netbox.ErrBadResponse, netbox.ErrNotFound, `body is not JSON (Content-Type "text/html")`},
		{"200 wrong JSON", 200, `["a"]`, netbox.ErrBadResponse, nil, "want a JSON object"},
		{"404 HTML (wrong base URL)", 404, html, netbox.ErrBadResponse, netbox.ErrNotFound, "is Config.URL NetBox's base URL?"},
		{"400 JSON", 400, `{"id": ["Enter a number."]}`, nil, netbox.ErrNotFound, `body starts "{\"id\": [\"Enter a number.\"]}"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, "4.2", func(c *netboxtest.ServerConfig) {
				c.Intercept = answerAll(func(w http.ResponseWriter, r *http.Request) {
					if strings.HasPrefix(tc.body, "<") {
						w.Header().Set("Content-Type", "text/html")
					}
					w.WriteHeader(tc.status)
					_, _ = w.Write([]byte(tc.body))
				})
			})
			c := newClient(t, srv.URL, tokenV1)
			_, err := c.Fetch(t.Context(), "/api/dcim/sites/1/?q=secretquery")
			var he *netbox.HTTPError
			if !errors.As(err, &he) || he.StatusCode != tc.status || he.Method != "GET" {
				t.Fatalf("Fetch = %v, want an *HTTPError %d", err, tc.status)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not contain %q", err, tc.contains)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error does not match %v", tc.is)
			}
			if tc.isNot != nil && errors.Is(err, tc.isNot) {
				t.Errorf("error matches %v", tc.isNot)
			}
			if len(he.BodyExcerpt) > 256 || !strings.Contains(he.URL, "/api/dcim/sites/1/") || strings.Contains(he.URL, "secretquery") {
				t.Errorf("BodyExcerpt %d bytes, URL %q: want ≤ 256 bytes and the URL with its query redacted", len(he.BodyExcerpt), he.URL)
			}
			assertNoSecret(t, tokenV1, err.Error())
		})
	}
}

// TestResponseTooLarge: a body over MaxResponseBytes fails the read.
func TestResponseTooLarge(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "4.2")
	c := newClient(t, srv.URL, tokenV1, func(c *netbox.Config) { c.MaxResponseBytes = 1000 })
	_, err := c.Device(t.Context(), 1)
	if !errors.Is(err, netbox.ErrBadResponse) || !strings.Contains(err.Error(), "larger than 1000 bytes") {
		t.Errorf("Device = %v, want a too-large error", err)
	}
}

// TestTransportError: a refused connection is retried, and the error names
// the URL without the token.
func TestTransportError(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	c := newClient(t, "http://127.0.0.1:1", tokenV2, func(c *netbox.Config) {
		c.Logger = debugLogger(&logs)
		c.MaxAttempts = 2
	})
	_, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 2}})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1/api/dcim/devices/") {
		t.Fatalf("Objects on a closed port = %v", err)
	}
	if n := strings.Count(logs.String(), `msg="netbox retry"`); n != 1 {
		t.Errorf("%d retries logged, want 1:\n%s", n, logs.String())
	}
	assertNoSecret(t, tokenV2, err.Error(), logs.String())
}
