package zabbix_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestAPIErrorDecode decodes the JSON-RPC error object into an *APIError
// carrying the method called, and matches each sentinel by its text.
func TestAPIErrorDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      *rpcError
		sentinel error
	}{
		{"HostExists", errInvalidParams(`Host with the same name "web-01" already exists.`), zabbix.ErrHostExists},
		{"DuplicateInRequest", errInvalidParams(`Duplicate host. Host with the same host name "web-01" already exists in data.`), zabbix.ErrHostExists},
		{"NoObject6", errApplication(`No permissions to referred object or it does not exist!`), zabbix.ErrNoObject},
		{"NoObject7", errApplication(`Invalid parameter "/1/groups/1": object does not exist, or you have no permissions to it.`), zabbix.ErrNoObject},
		{"NotAuthorized", errInvalidParams(`Not authorized.`), zabbix.ErrNotAuthorized},
		{"TokenExpired", errApplication(`API token expired.`), zabbix.ErrTokenExpired},
		// With an API token there is no session to renew: the error is
		// returned as is.
		{"SessionTerminated", errInvalidParams(`Session terminated, re-login, please.`), zabbix.ErrSessionTerminated},
		{"PSKConflict", errInvalidParams(`Invalid parameter "/1/tls_psk": another tls_psk value is already associated with given tls_psk_identity.`), zabbix.ErrPSKConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, "7.0.22")
			m.fail("host.delete", tc.err)
			err := m.client(zabbix.Config{}).DeleteHosts(t.Context(), "10601")
			var apiErr *zabbix.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v (%T), want an *APIError", err, err)
			}
			want := &zabbix.APIError{Method: "host.delete", Code: tc.err.Code, Message: tc.err.Message, Data: tc.err.Data}
			if diff := cmp.Diff(want, apiErr); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.sentinel)
			}
			for _, other := range []error{zabbix.ErrHostExists, zabbix.ErrNoObject, zabbix.ErrNotAuthorized, zabbix.ErrTokenExpired,
				zabbix.ErrSessionTerminated, zabbix.ErrDatabase, zabbix.ErrPSKConflict} {
				if other != tc.sentinel && errors.Is(err, other) {
					t.Errorf("error %v also matches %v", err, other)
				}
			}
			if n := m.calls("host.delete"); n != 1 {
				t.Errorf("host.delete sent %d times, want once", n)
			}
		})
	}
}

// TestBatchElementErrors reads hosts by ID and by name (a batch of two
// host.get): an error of the second element is the call's error.
func TestBatchElementErrors(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.on("host.get", func(c mockCall) (any, *rpcError) {
		var p struct {
			HostIDs []string `json:"hostids"`
		}
		c.params(t, &p)
		if len(p.HostIDs) > 0 {
			return []any{readHostJSON("10601", "web-01")}, nil
		}
		return nil, errInvalidParams(`Invalid parameter "/filter/host/1": a character string is expected.`)
	})
	_, err := m.client(zabbix.Config{}).Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}, Names: []string{"web-01"}})
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) || apiErr.Method != "host.get" || !strings.Contains(apiErr.Data, "/filter/host/1") {
		t.Errorf("error = %v, want the second host.get's *APIError", err)
	}
	if n := m.calls("host.get"); n != 1 {
		t.Errorf("%d requests, want one batch", n)
	}
}

// TestBadResponses answers with things that are not JSON-RPC responses:
// each is an *HTTPError with the status and a short excerpt of the body,
// matching ErrBadResponse.
func TestBadResponses(t *testing.T) {
	t.Parallel()
	html := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("x", 1000) + "</body></html>"
	tests := []struct {
		name     string
		status   int
		body     string
		max      int64
		reason   string
		tooLarge bool
	}{
		{name: "412EmptyBody", status: 412, reason: "empty body"},
		{name: "500EmptyBody", status: 500, reason: "empty body"},
		{name: "502HTML", status: 502, body: html, reason: "unexpected status"},
		{name: "200HTML", status: 200, body: html, reason: "body is not JSON"},
		{name: "200Empty", status: 200, body: " \n", reason: "empty body"},
		{name: "Truncated", status: 200, body: `{"jsonrpc":"2.0","result":[{"hostid":"10601","ho`, reason: "body is not a JSON-RPC response"},
		{name: "TooLarge", status: 200, body: `{"jsonrpc":"2.0","result":"` + strings.Repeat("a", 200) + `","id":2}`, max: 100,
			reason: "response larger than 100 bytes", tooLarge: true},
		{name: "WrongID", status: 200, body: `{"jsonrpc":"2.0","result":[],"id":99}`, reason: "response id 99 does not answer a call"},
		{name: "NoResultNoError", status: 200, body: `{"jsonrpc":"2.0","id":2}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, "7.0.22")
			m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
				httpmock.BodyContainsString(`"method":"host.get"`).WithName("00 bad host.get"),
				httpmock.NewStringResponder(tc.status, tc.body))
			c := m.client(zabbix.Config{MaxResponseBytes: tc.max})
			if _, err := c.Version(t.Context()); err != nil {
				t.Fatal(err)
			}
			_, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
			if !errors.Is(err, zabbix.ErrBadResponse) {
				t.Fatalf("error = %v, want one matching ErrBadResponse", err)
			}
			if errors.Is(err, zabbix.ErrResponseTooLarge) != tc.tooLarge {
				t.Errorf("errors.Is(ErrResponseTooLarge) = %v, want %v", !tc.tooLarge, tc.tooLarge)
			}
			if tc.reason == "" {
				return // not an HTTP-level problem
			}
			var httpErr *zabbix.HTTPError
			if !errors.As(err, &httpErr) {
				t.Fatalf("error = %v (%T), want an *HTTPError", err, err)
			}
			if httpErr.StatusCode != tc.status || httpErr.Method != "host.get" || !strings.HasPrefix(httpErr.Reason, tc.reason) {
				t.Errorf("HTTPError = %+v, want status %d, method host.get, reason %q", httpErr, tc.status, tc.reason)
			}
			if len(httpErr.Body) > 256 {
				t.Errorf("HTTPError.Body holds %d bytes, want at most 256", len(httpErr.Body))
			}
			if tc.status == 412 && !strings.Contains(err.Error(), "Content-Type") {
				t.Errorf("412 error %q does not explain what Zabbix refuses", err)
			}
		})
	}
}

// TestResponseWithoutID gives a JSON-RPC error with a null id (what
// Zabbix answers to a request it cannot parse) to the call.
func TestResponseWithoutID(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
		httpmock.BodyContainsString(`"method":"host.delete"`).WithName("00 parse error"),
		httpmock.NewStringResponder(200, `{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error","data":"Invalid JSON. An error occurred on the server while parsing the JSON text."},"id":null}`))
	err := m.client(zabbix.Config{}).DeleteHosts(t.Context(), "10601")
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != -32700 || apiErr.Method != "host.delete" {
		t.Errorf("error = %v, want the -32700 *APIError", err)
	}
}
