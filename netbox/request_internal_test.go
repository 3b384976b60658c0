package netbox

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{
		"":                              -1,
		"0":                             0,
		"7":                             7 * time.Second,
		" 120 ":                         2 * time.Minute,
		"-3":                            -1,
		"soon":                          -1,
		"Sun, 22 Nov 2026 12:00:05 GMT": 5 * time.Second,
		"Sun, 22 Nov 2026 11:59:00 GMT": 0, // in the past: now
		"99999999999":                   24 * time.Hour,
	} {
		if got := parseRetryAfter(h, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", h, got, want)
		}
	}
}

// TestRetryWaits: the waits between attempts are Retry-After's when NetBox
// gives one, else 1 s, 2 s, …; a wait over MaxRetryWait ends the retries.
func TestRetryWaits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter string
		attempts   int
		wantWaits  []time.Duration
		wantCalls  int32
	}{
		{"no Retry-After", "", 3, []time.Duration{time.Second, 2 * time.Second}, 3},
		{"Retry-After seconds", "4", 3, []time.Duration{4 * time.Second, 4 * time.Second}, 3},
		{"Retry-After over the cap", "31", 3, nil, 1},
		{"one attempt", "", 1, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			defer srv.Close()
			c, err := New(Config{URL: srv.URL, Token: strings.Repeat("a", 40), MaxAttempts: tc.attempts})
			if err != nil {
				t.Fatal(err)
			}
			var waits []time.Duration
			c.sleep = func(ctx context.Context, d time.Duration) error {
				waits = append(waits, d)
				return nil
			}
			_, err = c.Fetch(t.Context(), "/api/dcim/sites/1/")
			var he *HTTPError
			if !errors.As(err, &he) || !errors.Is(err, ErrUnavailable) || he.StatusCode != 503 {
				t.Fatalf("Fetch = %v, want an *HTTPError 503 matching ErrUnavailable", err)
			}
			if len(waits) != len(tc.wantWaits) {
				t.Fatalf("waits %v, want %v", waits, tc.wantWaits)
			}
			for i := range waits {
				if waits[i] != tc.wantWaits[i] {
					t.Errorf("waits %v, want %v", waits, tc.wantWaits)
				}
			}
			if calls.Load() != tc.wantCalls {
				t.Errorf("%d requests, want %d", calls.Load(), tc.wantCalls)
			}
		})
	}
}

func TestParseToken(t *testing.T) {
	t.Parallel()
	for token, want := range map[string]string{
		strings.Repeat("0a", 20):                               "Token ",
		strings.Repeat("Zz9", 13) + "x":                        "Token ",
		"  " + strings.Repeat("f", 40) + "\n":                  "Token ",
		"nbt_AbCdEf123456." + strings.Repeat("s", 40):          "Bearer ",
		"nbt_AbCdEf123456.short":                               "Bearer ",
		strings.Repeat("f", 39):                                "error",
		strings.Repeat("f", 41):                                "error",
		strings.Repeat("g", 39) + "-":                          "error",
		"nbt_AbCdEf123456":                                     "error",
		"nbt_AbCdEf12345." + strings.Repeat("s", 40):           "error",
		"nbt_AbCdEf123456.":                                    "error",
		"nbt_AbCdEf123456.has space" + strings.Repeat("s", 30): "error",
		"Token " + strings.Repeat("f", 40):                     "error",
	} {
		_, header, err := parseToken(token)
		switch {
		case want == "error" && err == nil:
			t.Errorf("parseToken(%q) accepted it", token)
		case want == "error":
			if strings.Contains(err.Error(), strings.TrimSpace(token)) {
				t.Errorf("the error quotes the token: %v", err)
			}
			if !strings.Contains(err.Error(), "v1 token") || !strings.Contains(err.Error(), "nbt_") {
				t.Errorf("the error does not name the accepted forms: %v", err)
			}
		case err != nil:
			t.Errorf("parseToken(%q): %v", token, err)
		case header != want+strings.TrimSpace(token):
			t.Errorf("parseToken(%q) header %q, want scheme %q", token, header, want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://nb.example/api/dcim/devices/1/":                                   "https://nb.example/api/dcim/devices/1/",
		"https://u:p@nb.example/api/x/?token=abc&limit=5":                          "https://nb.example/api/x/?limit=5&token=[redacted]",
		"https://nb.example/api/dcim/devices/?id=1&id=2&id=3&id=4&id=5&offset=200": "https://nb.example/api/dcim/devices/?id=1&id=2&id=3&…(2 more)&offset=200",
		"/api/dcim/sites/1/?exclude=config_context#frag":                           "/api/dcim/sites/1/?exclude=config_context",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactURL(u); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
