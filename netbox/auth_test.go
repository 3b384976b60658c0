package netbox_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// TestAuthorizationHeader: the token's form chooses the scheme; every
// request asks for JSON.
func TestAuthorizationHeader(t *testing.T) {
	t.Parallel()
	for token, want := range map[string]string{tokenV1: "Token " + tokenV1, tokenV2: "Bearer " + tokenV2} {
		var mu sync.Mutex
		var got []http.Header
		srv := newServer(t, "4.5", func(c *netboxtest.ServerConfig) {
			c.Intercept = func(w http.ResponseWriter, r *http.Request) bool {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, r.Header.Clone())
				return false
			}
		})
		var logs logBuffer
		c := newClient(t, srv.URL, token, func(c *netbox.Config) { c.Logger = debugLogger(&logs) })
		if _, err := c.Device(t.Context(), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 3}}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "netbox request") {
			t.Errorf("no debug record of the requests:\n%s", logs.String())
		}
		assertNoSecret(t, token, logs.String())
		for _, h := range got {
			if h.Get("Authorization") != want || h.Get("Accept") != "application/json" {
				t.Errorf("headers Authorization %q, Accept %q; want %q, application/json", h.Get("Authorization"), h.Get("Accept"), want)
			}
		}
	}
}

// TestAuthErrors: NetBox's refusals become *AuthError with a hint fitting
// the case, and never carry the token.
func TestAuthErrors(t *testing.T) {
	t.Parallel()
	wrongV1 := strings.Repeat("e", 40)
	wrongV2 := "nbt_Ab3dEf6hJk9m.wrongwrongwrongwrongwrongwrongwrongwrong1"
	for _, tc := range []struct {
		name, version, token string
		forbidden            []string
		detail, hint         string
	}{
		{"v2 token on 4.2", "4.2", tokenV2, nil, "Authentication credentials were not provided.", "NetBox before 4.5 knows only v1 tokens"},
		{"v2 token on 3.7", "3.7", tokenV2, nil, "Authentication credentials were not provided.", "NetBox before 4.5 knows only v1 tokens"},
		{"unknown v1 token on 3.7", "3.7", wrongV1, nil, "Invalid token", "NetBox does not know this token"},
		{"unknown v1 token on 4.5", "4.5", wrongV1, nil, "Invalid v1 token", "prefer a v2 nbt_ token"},
		{"unknown v2 token on 4.5", "4.5", wrongV2, nil, "Invalid v2 token", "NetBox does not know this token"},
		{"no permission", "4.2", tokenV1, []string{"dcim/devices"}, "You do not have permission to perform this action.", "dcim.view_device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.version, func(c *netboxtest.ServerConfig) { c.Forbidden = tc.forbidden })
			var logs logBuffer
			c := newClient(t, srv.URL, tc.token, func(c *netbox.Config) { c.Logger = debugLogger(&logs) })
			_, err := c.Device(t.Context(), 1)
			var ae *netbox.AuthError
			if !errors.As(err, &ae) || !errors.Is(err, netbox.ErrUnauthorized) {
				t.Fatalf("Device = %v, want an *AuthError matching ErrUnauthorized", err)
			}
			if ae.StatusCode != http.StatusForbidden || ae.Detail != tc.detail || !strings.Contains(ae.Hint, tc.hint) {
				t.Errorf("AuthError %d detail %q hint %q; want 403, %q, a hint with %q", ae.StatusCode, ae.Detail, ae.Hint, tc.detail, tc.hint)
			}
			if errors.Is(err, netbox.ErrNotFound) {
				t.Error("an auth error matches ErrNotFound")
			}
			assertNoSecret(t, tc.token, err.Error(), logs.String())
		})
	}
}

// assertNoSecret fails when the token or its secret part shows in any of
// texts.
func assertNoSecret(t *testing.T, token string, texts ...string) {
	t.Helper()
	secret := token
	if _, s, ok := strings.Cut(token, "."); ok {
		secret = s
	}
	for _, s := range texts {
		if strings.Contains(s, token) || strings.Contains(s, secret) {
			t.Errorf("the token shows in %q", s)
		}
	}
}
