package zabbix_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with what the client sends")

// goldenVersions are the versions whose requests are pinned: the ones the
// API changes of docs/behaviour.md ("Zabbix versions") tell apart.
var goldenVersions = []string{"6.0.14", "6.2.0", "6.4.0", "7.0.22", "7.2.0", "7.4.0"}

// goldenRequest is one HTTP request as the golden files hold it: the
// headers that matter and the body as JSON.
type goldenRequest struct {
	Header map[string]string `json:"header"`
	Body   any               `json:"body"`
}

// TestGolden pins, per version, the exact requests (headers and body) of
// every operation against testdata/TestGolden/<version>/<operation>.json.
// Regenerate with: go test ./zabbix -run TestGolden -update
func TestGolden(t *testing.T) {
	t.Parallel()
	ops := []struct {
		name string
		run  func(t *testing.T, m *mockZabbix, c *zabbix.Client)
		// probe: keep the version probe in the golden file (else it is
		// made first and left out).
		probe   bool
		session bool
	}{
		{name: "version", probe: true, run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			if _, err := c.Version(t.Context()); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "create", run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			if _, err := c.CreateHosts(t.Context(), []zabbix.Host{goldenHost(), goldenMinimalHost()}); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "update", run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			if _, err := c.UpdateHost(t.Context(), goldenUpdate()); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "get", run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			q := zabbix.HostQuery{HostIDs: []string{"10601"}, Names: []string{"web-01", "db-01"}}
			if _, err := c.Hosts(t.Context(), q); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "objects", run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			// The typed reads ImportZabbixSettings makes, by name and all.
			groups, err := c.HostGroups(t.Context(), "Linux servers")
			if err != nil || len(groups) != 1 || groups[0] != (zabbix.HostGroup{GroupID: "2", Name: "Linux servers"}) {
				t.Fatalf("HostGroups = %+v, %v", groups, err)
			}
			templates, err := c.Templates(t.Context())
			if err != nil || len(templates) != 2 || templates[0] != (zabbix.Template{TemplateID: "10001", Name: "Linux by Zabbix agent"}) {
				t.Fatalf("Templates = %+v, %v", templates, err)
			}
			proxies, err := c.Proxies(t.Context(), "proxy-dc1")
			if err != nil || len(proxies) != 1 || proxies[0] != (zabbix.Proxy{ProxyID: "10500", Name: "proxy-dc1"}) {
				t.Fatalf("Proxies = %+v, %v", proxies, err)
			}
			pgs, err := c.ProxyGroups(t.Context())
			want := []zabbix.ProxyGroup{{ProxyGroupID: "1", Name: "DC1 proxies"}}
			if v, _ := c.Version(t.Context()); !v.HasProxyGroups() {
				want = nil // no proxy groups, and no request
			}
			if err != nil || !cmp.Equal(pgs, want) {
				t.Fatalf("ProxyGroups = %+v, %v; want %+v", pgs, err, want)
			}
		}},
		{name: "delete", run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			if err := c.DeleteHosts(t.Context(), "10601", "10602"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "login", probe: true, session: true, run: func(t *testing.T, m *mockZabbix, c *zabbix.Client) {
			if err := c.DeleteHosts(t.Context(), "10601"); err != nil {
				t.Fatal(err)
			}
			if err := c.Close(t.Context()); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, v := range goldenVersions {
		for _, op := range ops {
			t.Run(v+"/"+op.name, func(t *testing.T) {
				t.Parallel()
				m := newMock(t, v)
				goldenHandlers(m, v)
				cfg := zabbix.Config{}
				if op.session {
					cfg.User, cfg.Password = "Admin", mockPassword
				}
				c := m.client(cfg)
				if !op.probe {
					if _, err := c.Version(t.Context()); err != nil {
						t.Fatal(err)
					}
				}
				skip := len(m.requests())
				op.run(t, m, c)
				var got []goldenRequest
				for _, r := range m.requests()[skip:] {
					got = append(got, golden(t, r))
				}
				checkGolden(t, filepath.Join("testdata", t.Name()+".json"), got)
			})
		}
	}
}

// golden turns a request into its golden form.
func golden(t *testing.T, r mockRequest) goldenRequest {
	t.Helper()
	g := goldenRequest{Header: map[string]string{}}
	for _, k := range []string{"Content-Type", "Authorization"} {
		if v := r.Header.Get(k); v != "" {
			g.Header[k] = v
		}
	}
	if err := json.Unmarshal(r.Body, &g.Body); err != nil {
		t.Fatalf("request body is not JSON: %v", err)
	}
	return g
}

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, file string, got []goldenRequest) {
	t.Helper()
	gotJSON, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, append(gotJSON, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantJSON, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run: go test ./zabbix -run TestGolden -update)", err)
	}
	var want, have any
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := json.Unmarshal(gotJSON, &have); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("requests differ from %s (-want +got):\n%s", file, diff)
	}
}

// goldenHandlers answers every method the golden operations call.
func goldenHandlers(m *mockZabbix, version string) {
	v7 := version >= "7"
	host := func(id, name string) map[string]any {
		h := readHostJSON(id, name)
		if !v7 {
			delete(h, "monitored_by")
			delete(h, "proxyid")
			delete(h, "proxy_groupid")
			h["proxy_hostid"] = "0"
		}
		if version < "6.2" {
			h["groups"] = h["hostgroups"]
			delete(h, "hostgroups")
		}
		return h
	}
	m.on("host.create", func(c mockCall) (any, *rpcError) {
		var hosts []map[string]any
		_ = json.Unmarshal(c.Params, &hosts)
		ids := make([]string, len(hosts))
		for i := range hosts {
			ids[i] = []string{"10601", "10602"}[i]
		}
		return map[string]any{"hostids": ids}, nil
	})
	m.on("host.get", func(c mockCall) (any, *rpcError) {
		var p struct {
			HostIDs []string `json:"hostids"`
			Filter  struct {
				Host []string `json:"host"`
			} `json:"filter"`
		}
		_ = json.Unmarshal(c.Params, &p)
		if len(p.HostIDs) > 0 {
			return []any{host(p.HostIDs[0], "web-01")}, nil
		}
		out := []any{}
		for i, name := range p.Filter.Host {
			out = append(out, host([]string{"10601", "10602"}[i], name))
		}
		return out, nil
	})
	m.result("host.update", map[string]any{"hostids": []string{"10601"}})
	m.result("host.delete", map[string]any{"hostids": []string{"10601", "10602"}})
	m.result("hostgroup.get", []map[string]any{{"groupid": "2", "name": "Linux servers"}})
	m.result("template.get", []map[string]any{{"templateid": "10186", "host": "ICMP Ping"}, {"templateid": "10001", "host": "Linux by Zabbix agent"}})
	proxy := map[string]any{"proxyid": "10500", "name": "proxy-dc1"} // 7.0 names proxies "name"
	if !v7 {
		proxy = map[string]any{"proxyid": "10500", "host": "proxy-dc1"}
	}
	m.result("proxy.get", []map[string]any{proxy})
	m.result("proxygroup.get", []map[string]any{{"proxy_groupid": "1", "name": "DC1 proxies"}})
	m.result("user.login", mockSession)
	m.result("user.logout", true)
}

// goldenHost has every part set: two names, groups, templates, tags,
// manual inventory, an agent, an SNMPv2c and an SNMPv3 interface, PSK
// and a proxy.
func goldenHost() zabbix.Host {
	return zabbix.Host{
		Host:          "web-01",
		Name:          "web-01 (DC1)",
		Status:        zabbix.StatusMonitored,
		Description:   "created by the golden test",
		GroupIDs:      []string{"2", "20"},
		TemplateIDs:   []string{"10186"},
		Tags:          []zabbix.Tag{{Tag: "netbox_id", Value: "1"}, {Tag: "Site", Value: "DC1"}},
		InventoryMode: zabbix.InventoryManual,
		Inventory:     map[string]string{"os": "Debian 12", "location": "DC1"},
		Interfaces: []zabbix.HostInterface{
			{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "10050"},
			{Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "161",
				Details: &zabbix.SNMPDetails{Version: 2, Bulk: 1, Community: "{$SNMP_COMMUNITY}", MaxRepetitions: 10}},
			{Type: zabbix.InterfaceSNMP, Main: 0, UseIP: 0, DNS: "web-01.example.net", Port: "161",
				Details: &zabbix.SNMPDetails{Version: 3, Bulk: 1, SecurityName: "monitor",
					SecurityLevel: 2, AuthProtocol: 1, AuthPassphrase: mockAuthPass, PrivProtocol: 1, PrivPassphrase: mockPrivPass}},
		},
		MonitoredBy:    zabbix.MonitoredByProxy,
		ProxyID:        "10559",
		ProxyGroupID:   "7", // not sent: monitored by proxy
		TLSConnect:     zabbix.TLSPSK,
		TLSAccept:      zabbix.TLSPSK,
		TLSPSKIdentity: "PSK web-01",
		TLSPSK:         mockPSK,
	}
}

// goldenMinimalHost has only what Zabbix requires.
func goldenMinimalHost() zabbix.Host {
	return zabbix.Host{
		Host:          "db-01",
		GroupIDs:      []string{"2"},
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces:    []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.11", Port: "10050"}},
	}
}

// goldenUpdate keeps one interface by ID and adds one, replaces the
// templates and clears another, replaces tags and inventory, and moves the
// host back to the server.
func goldenUpdate() zabbix.HostUpdate {
	status, mode, by := zabbix.StatusNotMonitored, zabbix.InventoryManual, zabbix.MonitoredByServer
	desc := "updated by the golden test"
	return zabbix.HostUpdate{
		HostID:         "10601",
		Status:         &status,
		Description:    &desc,
		TemplateIDs:    []string{"10186"},
		TemplatesClear: []string{"10001"},
		Tags:           []zabbix.Tag{},
		InventoryMode:  &mode,
		Inventory:      map[string]string{"os": "Debian 13", "location": ""},
		Interfaces: []zabbix.HostInterface{
			{InterfaceID: "101", HostID: "10601", Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "10050"},
			{Type: zabbix.InterfaceAgent, Main: 0, UseIP: 1, IP: "192.0.2.12", Port: "10050"},
		},
		MonitoredBy: &by,
		ProxyID:     "10559", // not sent: monitored by the server
	}
}
