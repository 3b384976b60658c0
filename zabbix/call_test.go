package zabbix_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestCall sends any method the way the client's own calls go: version
// probe first, credentials where the version wants them, none for the
// methods Zabbix wants called without, the same errors.
func TestCall(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"6.0.14", "7.2.0"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, v)
			m.result("template.get", []map[string]string{{"templateid": "10186", "host": "ICMP Ping"}})
			m.fail("hostgroup.create", errInvalidParams(`Host group "g" already exists.`))
			c := m.client(zabbix.Config{})
			ctx := t.Context()

			var tpl []struct {
				TemplateID string `json:"templateid"`
			}
			if err := c.Call(ctx, "template.get", map[string]any{"filter": map[string]any{"host": []string{"ICMP Ping"}}}, &tpl); err != nil {
				t.Fatalf("template.get: %v", err)
			}
			if len(tpl) != 1 || tpl[0].TemplateID != "10186" {
				t.Errorf("template.get result = %+v", tpl)
			}
			err := c.Call(ctx, "hostgroup.create", map[string]string{"name": "g"}, nil)
			var apiErr *zabbix.APIError
			if !errors.As(err, &apiErr) || apiErr.Method != "hostgroup.create" {
				t.Errorf("hostgroup.create: error = %v, want its *APIError", err)
			}
			var version string
			if err := c.Call(ctx, "apiinfo.version", nil, &version); err != nil || version != v {
				t.Errorf("apiinfo.version = %q, %v", version, err)
			}
			if err := c.Call(ctx, "", nil, nil); !errors.Is(err, zabbix.ErrInvalidRequest) {
				t.Errorf("empty method: error = %v, want ErrInvalidRequest", err)
			}
			m.result("user.login", mockSession)
			if err := c.Call(ctx, "user.login", map[string]string{"username": "a", "password": "b"}, nil); err != nil {
				t.Errorf("user.login: %v", err)
			}
			for _, r := range m.requests() {
				method := r.Calls[0].Method
				bodyAuth, header := r.Calls[0].Auth != nil, r.Header.Get("Authorization") != ""
				wantAuth := method != "apiinfo.version" && method != "user.login"
				if wantAuth && bodyAuth == (v >= "6.4") || wantAuth && header != (v >= "6.4") || !wantAuth && (bodyAuth || header) {
					t.Errorf("%s: body auth %v, header %v", method, bodyAuth, header)
				}
			}
			if n := m.calls("apiinfo.version"); n != 2 {
				t.Errorf("apiinfo.version sent %d times, want 2 (the probe and the call)", n)
			}
		})
	}
}

// TestReadBackErrorText names the write, the hosts and the cause.
func TestReadBackErrorText(t *testing.T) {
	t.Parallel()
	err := &zabbix.ReadBackError{Method: "host.create", HostIDs: []string{"10601", "10602"}, Reason: "host.get failed",
		Err: &zabbix.APIError{Method: "host.get", Code: -32500, Message: "Application error.", Data: "boom"}}
	got := err.Error()
	for _, want := range []string{"host.create succeeded", "10601, 10602", "host.get failed", "boom"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}
