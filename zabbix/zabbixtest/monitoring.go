package zabbixtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testProxy monitors hosts through a proxy: an unknown proxy, a missing
// one, and (when the fixture has one) a real one, then back to the server.
func testProxy(t *testing.T, h *harness) {
	t.Run("Unknown", func(t *testing.T) {
		in := h.host("proxy-unknown", "192.0.2.110")
		in.MonitoredBy, in.ProxyID = zabbix.MonitoredByProxy, missingID
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		if h.v7() {
			wantIs(t, err, zabbix.ErrNoObject)
			wantAPIError(t, err, codeApplication,
				`Invalid parameter "/1/proxyid": object does not exist, or you have no permissions to it.`)
		} else {
			// 6.x lets the database refuse the proxy_hostid.
			apiErr := wantAPIError(t, err, codeApplication, "")
			if !strings.HasPrefix(apiErr.Data, `SQL statement execution has failed "INSERT INTO hosts`) {
				t.Errorf("APIError.Data = %q, want a failed INSERT INTO hosts", apiErr.Data)
			}
		}
		h.wantNone(t, in.Host)
	})
	t.Run("Missing", func(t *testing.T) {
		in := h.host("proxy-missing", "192.0.2.111")
		in.MonitoredBy = zabbix.MonitoredByProxy
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		if h.v7() {
			wantAPIError(t, err, codeInvalidParams, `Invalid parameter "/1": the parameter "proxyid" is missing.`)
		} else {
			// 6.x has no monitored_by to check it: the client refuses.
			wantIs(t, err, zabbix.ErrInvalidRequest)
		}
		h.wantNone(t, in.Host)
	})
	t.Run("Assigned", func(t *testing.T) {
		if h.fx.ProxyID == "" {
			t.Skip("Fixture.ProxyID is empty: the backend has no proxy to monitor through")
		}
		in := h.host("proxy", "192.0.2.112")
		in.MonitoredBy, in.ProxyID = zabbix.MonitoredByProxy, h.fx.ProxyID
		in.ProxyGroupID = "ignored unless monitored by proxy group"
		got := h.create(t, in)[0]
		if got.MonitoredBy != zabbix.MonitoredByProxy || got.ProxyID != h.fx.ProxyID || got.ProxyGroupID != "" {
			t.Errorf("read back monitored_by %d, proxy %q, proxy group %q; want %d, %q, none",
				got.MonitoredBy, got.ProxyID, got.ProxyGroupID, zabbix.MonitoredByProxy, h.fx.ProxyID)
		}
		server := zabbix.MonitoredByServer
		got = h.update(t, zabbix.HostUpdate{HostID: got.HostID, MonitoredBy: &server})
		if got.MonitoredBy != zabbix.MonitoredByServer || got.ProxyID != "" {
			t.Errorf("after moving to the server: monitored_by %d, proxy %q; want %d, none",
				got.MonitoredBy, got.ProxyID, zabbix.MonitoredByServer)
		}
	})
}

// testProxyGroup monitors hosts through a proxy group: unsupported before
// 7.0; from 7.0 an unknown group and (when the fixture has one) a real one.
func testProxyGroup(t *testing.T, h *harness) {
	if !h.v7() {
		in := h.host("pg-6", "192.0.2.120")
		in.MonitoredBy, in.ProxyGroupID = zabbix.MonitoredByProxyGroup, "1"
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		wantIs(t, err, zabbix.ErrUnsupported)
		var verr *zabbix.VersionError
		if !errors.As(err, &verr) {
			t.Errorf("error = %v (%T), want a *zabbix.VersionError", err, err)
		}
		h.wantNone(t, in.Host)

		existing := h.create(t, h.host("pg-6-update", "192.0.2.121"))[0]
		group := zabbix.MonitoredByProxyGroup
		_, err = h.c.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: existing.HostID, MonitoredBy: &group, ProxyGroupID: "1"})
		wantIs(t, err, zabbix.ErrUnsupported)
		if got := h.getOne(t, existing.HostID); got.MonitoredBy != zabbix.MonitoredByServer {
			t.Errorf("a refused update changed monitored_by to %d", got.MonitoredBy)
		}
		return
	}
	t.Run("Unknown", func(t *testing.T) {
		in := h.host("pg-unknown", "192.0.2.122")
		in.MonitoredBy, in.ProxyGroupID = zabbix.MonitoredByProxyGroup, missingID
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		wantIs(t, err, zabbix.ErrNoObject)
		h.wantNone(t, in.Host)
	})
	t.Run("Assigned", func(t *testing.T) {
		if h.fx.ProxyGroupID == "" {
			t.Skip("Fixture.ProxyGroupID is empty: the backend has no proxy group to monitor through")
		}
		in := h.host("pg", "192.0.2.123")
		in.MonitoredBy, in.ProxyGroupID = zabbix.MonitoredByProxyGroup, h.fx.ProxyGroupID
		in.ProxyID = "ignored unless monitored by proxy"
		got := h.create(t, in)[0]
		if got.MonitoredBy != zabbix.MonitoredByProxyGroup || got.ProxyGroupID != h.fx.ProxyGroupID || got.ProxyID != "" {
			t.Errorf("read back monitored_by %d, proxy group %q, proxy %q; want %d, %q, none",
				got.MonitoredBy, got.ProxyGroupID, got.ProxyID, zabbix.MonitoredByProxyGroup, h.fx.ProxyGroupID)
		}
	})
}
