package zabbix_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestVersionProbe asks apiinfo.version once, without credentials, however
// many calls run at once.
func TestVersionProbe(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.4.1")
	m.result("host.get", []any{})
	c := m.client(zabbix.Config{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := c.Hosts(t.Context(), zabbix.HostQuery{Names: []string{"x"}}); err != nil {
				t.Errorf("Hosts: %v", err)
			}
		})
	}
	wg.Wait()
	v, err := c.Version(t.Context())
	if err != nil || v != zabbix.V7_4+1 {
		t.Errorf("Version = %v, %v; want 7.4.1", v, err)
	}
	if n := m.calls("apiinfo.version"); n != 1 {
		t.Errorf("apiinfo.version sent %d times, want 1", n)
	}
	for _, r := range m.requests() {
		if r.Calls[0].Method != "apiinfo.version" {
			continue
		}
		if r.Calls[0].Auth != nil || r.Header.Get("Authorization") != "" {
			t.Errorf("apiinfo.version sent with credentials: %s %v", r.Body, r.Header)
		}
	}
}

// TestVersionTooOld refuses a server older than 6.0, naming its version,
// for every call.
func TestVersionTooOld(t *testing.T) {
	t.Parallel()
	m := newMock(t, "5.4.9")
	c := m.client(zabbix.Config{})
	_, err := c.Version(t.Context())
	var verr *zabbix.VersionError
	if !errors.As(err, &verr) || !errors.Is(err, zabbix.ErrUnsupported) {
		t.Fatalf("error = %v, want a *VersionError matching ErrUnsupported", err)
	}
	if verr.Version != zabbix.Version(5_004_009) || verr.Need != zabbix.V6_0 || !strings.Contains(err.Error(), "5.4.9") {
		t.Errorf("VersionError = %+v (%v), want 5.4.9 refused for needing 6.0", verr, err)
	}
	if _, err := c.CreateHosts(t.Context(), []zabbix.Host{goldenMinimalHost()}); !errors.Is(err, zabbix.ErrUnsupported) {
		t.Errorf("CreateHosts: error = %v, want ErrUnsupported", err)
	}
	if n := m.calls("host.create"); n != 0 {
		t.Errorf("host.create sent %d times to a 5.4 server", n)
	}
}

// TestVersionUnparsable reports an answer that is not a version.
func TestVersionUnparsable(t *testing.T) {
	t.Parallel()
	m := newMock(t, "seven")
	if _, err := m.client(zabbix.Config{}).Version(t.Context()); err == nil || !strings.Contains(err.Error(), `"seven"`) {
		t.Errorf("error = %v, want one quoting the answer", err)
	}
}

// TestProxyGroupBefore70 refuses monitoring by proxy group before 7.0, and
// a proxy without a ProxyID, before sending anything.
func TestProxyGroupBefore70(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"6.0.14", "6.2.0", "6.4.0"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, v)
			c := m.client(zabbix.Config{})
			h := goldenMinimalHost()
			h.MonitoredBy, h.ProxyGroupID = zabbix.MonitoredByProxyGroup, "1"
			_, err := c.CreateHosts(t.Context(), []zabbix.Host{h})
			var verr *zabbix.VersionError
			if !errors.As(err, &verr) || !errors.Is(err, zabbix.ErrUnsupported) || verr.Need != zabbix.V7_0 {
				t.Errorf("CreateHosts: error = %v, want a *VersionError needing 7.0", err)
			}
			u := goldenUpdate()
			group := zabbix.MonitoredByProxyGroup
			u.MonitoredBy, u.ProxyGroupID = &group, "1"
			if _, err := c.UpdateHost(t.Context(), u); !errors.Is(err, zabbix.ErrUnsupported) {
				t.Errorf("UpdateHost: error = %v, want ErrUnsupported", err)
			}
			h.MonitoredBy, h.ProxyID = zabbix.MonitoredByProxy, ""
			if _, err := c.CreateHosts(t.Context(), []zabbix.Host{h}); !errors.Is(err, zabbix.ErrInvalidRequest) {
				t.Errorf("proxy without ProxyID: error = %v, want ErrInvalidRequest", err)
			}
			h.MonitoredBy = 7
			if _, err := c.CreateHosts(t.Context(), []zabbix.Host{h}); !errors.Is(err, zabbix.ErrInvalidRequest) {
				t.Errorf("monitored_by 7: error = %v, want ErrInvalidRequest", err)
			}
			if n := m.total(); n != 1 {
				t.Errorf("%d requests, want only the probe", n)
			}
		})
	}
}

// TestMonitoring70 puts the monitoring source on the wire as 7.0 wants:
// proxyid only for a proxy, proxy_groupid only for a proxy group.
func TestMonitoring70(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		by    zabbix.MonitoredBy
		want  map[string]any
		extra []string // keys that must be absent
	}{
		{"Server", zabbix.MonitoredByServer, map[string]any{"monitored_by": 0.0}, []string{"proxyid", "proxy_groupid", "proxy_hostid"}},
		{"Proxy", zabbix.MonitoredByProxy, map[string]any{"monitored_by": 1.0, "proxyid": "5"}, []string{"proxy_groupid", "proxy_hostid"}},
		{"ProxyGroup", zabbix.MonitoredByProxyGroup, map[string]any{"monitored_by": 2.0, "proxy_groupid": "9"}, []string{"proxyid", "proxy_hostid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, "7.0.22")
			m.result("host.update", map[string]any{"hostids": []string{"10601"}})
			m.result("host.get", []any{readHostJSON("10601", "web-01")})
			u := zabbix.HostUpdate{HostID: "10601", MonitoredBy: &tc.by, ProxyID: "5", ProxyGroupID: "9"}
			if _, err := m.client(zabbix.Config{}).UpdateHost(t.Context(), u); err != nil {
				t.Fatal(err)
			}
			var params map[string]any
			last := m.requests()[1]
			last.Calls[0].params(t, &params)
			for k, v := range tc.want {
				if params[k] != v {
					t.Errorf("%s = %v, want %v", k, params[k], v)
				}
			}
			for _, k := range tc.extra {
				if _, ok := params[k]; ok {
					t.Errorf("%s sent: %v", k, params)
				}
			}
		})
	}
}
