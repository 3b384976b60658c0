package zabbix_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestCreateOneRequest creates several hosts in one HTTP request (one
// array host.create and the host.get reading them back) and returns them
// in input order, whatever order host.get answers in.
func TestCreateOneRequest(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.result("host.create", map[string]any{"hostids": []string{"10601", "10602", "10603"}})
	m.result("host.get", []any{readHostJSON("10603", "c"), readHostJSON("10601", "a"), readHostJSON("10602", "b")})
	c := m.client(zabbix.Config{})
	if _, err := c.Version(t.Context()); err != nil {
		t.Fatal(err)
	}
	var in []zabbix.Host
	for _, name := range []string{"a", "b", "c"} {
		h := goldenMinimalHost()
		h.Host = name
		in = append(in, h)
	}
	got, err := c.CreateHosts(t.Context(), in)
	if err != nil {
		t.Fatalf("CreateHosts: %v", err)
	}
	var names, ids []string
	for _, h := range got {
		names, ids = append(names, h.Host), append(ids, h.HostID)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, names); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"10601", "10602", "10603"}, ids); diff != "" {
		t.Errorf("host IDs (-want +got):\n%s", diff)
	}
	if n := m.total(); n != 2 {
		t.Errorf("%d HTTP requests, want 2 (probe, one batch)", n)
	}
	reqs := m.requests()
	last := reqs[len(reqs)-1]
	if !last.Batch || len(last.Calls) != 2 || last.Calls[0].Method != "host.create" || last.Calls[1].Method != "host.get" {
		t.Fatalf("request = %s, want the batch [host.create, host.get]", last.Body)
	}
	var hosts []map[string]any
	last.Calls[0].params(t, &hosts)
	if len(hosts) != 3 {
		t.Errorf("host.create carries %d hosts, want the 3 in one array", len(hosts))
	}
}

// TestCreateRefusedIgnoresRead: when host.create fails because the name is
// taken, the host.get of the batch returns the OTHER, existing host; it
// must not be taken for the new one.
func TestCreateRefusedIgnoresRead(t *testing.T) {
	t.Parallel()
	m := newMock(t, "6.0.14")
	m.fail("host.create", errInvalidParams(`Host with the same name "web-01" already exists.`))
	existing := readHostJSON("10084", "web-01")
	m.result("host.get", []any{existing})
	got, err := m.client(zabbix.Config{}).CreateHosts(t.Context(), []zabbix.Host{goldenMinimalHost()})
	if !errors.Is(err, zabbix.ErrHostExists) {
		t.Errorf("error = %v, want ErrHostExists", err)
	}
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) || apiErr.Method != "host.create" || apiErr.HostName() != "web-01" {
		t.Errorf("error = %v, want host.create's *APIError naming web-01", err)
	}
	if got != nil {
		t.Errorf("CreateHosts returned %+v; want nothing", got)
	}
}

// TestCreateReadBackChecks: a create that succeeded but reads back wrong
// is a *ReadBackError naming the created hosts, never an *APIError (which
// would say that nothing was created).
func TestCreateReadBackChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		created []string
		read    []any
		readErr *rpcError
	}{
		{"OtherHostID", []string{"10601"}, []any{readHostJSON("10500", "db-01")}, nil},
		{"Missing", []string{"10601"}, []any{}, nil},
		{"ReadRefused", []string{"10601"}, nil, errApplication("No permissions to referred object or it does not exist!")},
		{"TooFewIDs", []string{}, []any{readHostJSON("10601", "db-01")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, "7.0.22")
			m.result("host.create", map[string]any{"hostids": tc.created})
			if tc.readErr != nil {
				m.fail("host.get", tc.readErr)
			} else {
				m.result("host.get", tc.read)
			}
			_, err := m.client(zabbix.Config{}).CreateHosts(t.Context(), []zabbix.Host{goldenMinimalHost()})
			var rbErr *zabbix.ReadBackError
			if !errors.As(err, &rbErr) {
				t.Fatalf("error = %v (%T), want a *ReadBackError", err, err)
			}
			if !slices.Equal(rbErr.HostIDs, tc.created) || rbErr.Method != "host.create" {
				t.Errorf("ReadBackError = %+v, want host.create of %v", rbErr, tc.created)
			}
			var apiErr *zabbix.APIError
			if errors.As(err, &apiErr) {
				t.Errorf("a create that happened unwraps to an *APIError: %v", err)
			}
			if tc.readErr != nil && !errors.As(rbErr.Err, &apiErr) {
				t.Errorf("ReadBackError.Err = %v, want the read's *APIError", rbErr.Err)
			}
		})
	}
}

// TestUpdateOneRequest updates and reads back in one batch, and trusts the
// read only after the update succeeded.
func TestUpdateOneRequest(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.result("host.update", map[string]any{"hostids": []string{"10601"}})
	m.result("host.get", []any{readHostJSON("10601", "web-01")})
	c := m.client(zabbix.Config{})
	got, err := c.UpdateHost(t.Context(), goldenUpdate())
	if err != nil || got.HostID != "10601" {
		t.Fatalf("UpdateHost = %+v, %v", got, err)
	}
	if n := m.total(); n != 2 {
		t.Errorf("%d requests, want 2 (probe, one batch)", n)
	}

	m.fail("host.update", errApplication("No permissions to referred object or it does not exist!"))
	if _, err := c.UpdateHost(t.Context(), goldenUpdate()); !errors.Is(err, zabbix.ErrNoObject) {
		t.Errorf("refused update: error = %v, want ErrNoObject", err)
	}
	m.result("host.update", map[string]any{"hostids": []string{"10601"}})
	m.result("host.get", []any{})
	var rbErr *zabbix.ReadBackError
	if _, err := c.UpdateHost(t.Context(), goldenUpdate()); !errors.As(err, &rbErr) {
		t.Errorf("update read back as nothing: error = %v, want a *ReadBackError", err)
	}
	if _, err := c.UpdateHost(t.Context(), zabbix.HostUpdate{Host: "no-id"}); !errors.Is(err, zabbix.ErrInvalidRequest) {
		t.Errorf("update without HostID: error = %v, want ErrInvalidRequest", err)
	}
}

// TestEmptyCalls make no request.
func TestEmptyCalls(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	c := m.client(zabbix.Config{})
	if got, err := c.CreateHosts(t.Context(), nil); err != nil || got != nil {
		t.Errorf("CreateHosts(nil) = %v, %v", got, err)
	}
	if got, err := c.Hosts(t.Context(), zabbix.HostQuery{}); err != nil || got != nil {
		t.Errorf("Hosts(empty) = %v, %v", got, err)
	}
	if err := c.DeleteHosts(t.Context()); err != nil {
		t.Errorf("DeleteHosts() = %v", err)
	}
	if m.total() != 0 {
		t.Errorf("%d requests for empty calls", m.total())
	}
}
