package zabbix_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestReadDecoding reads hosts as each version returns them (numbers as
// strings or as numbers, inventory as an object or an empty array, details
// as an object or an empty array, proxy_hostid or monitored_by, groups or
// hostgroups) into the same Host.
func TestReadDecoding(t *testing.T) {
	t.Parallel()
	want := zabbix.Host{
		HostID: "10601", Host: "web-01", Name: "Web 01", Status: 1, Description: "d",
		GroupIDs: []string{"2", "20"}, TemplateIDs: []string{"10186"},
		Tags:          []zabbix.Tag{{Tag: "env", Value: "test"}},
		InventoryMode: zabbix.InventoryManual, Inventory: map[string]string{"os": "Debian 12"},
		Interfaces: []zabbix.HostInterface{
			{InterfaceID: "31", HostID: "10601", Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "10050"},
			{InterfaceID: "32", HostID: "10601", Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "161",
				Details: &zabbix.SNMPDetails{Version: 3, Bulk: 1, SecurityName: "mon", SecurityLevel: 2, AuthProtocol: 1,
					AuthPassphrase: "a", PrivProtocol: 1, PrivPassphrase: "p", MaxRepetitions: 10}},
		},
		MonitoredBy: zabbix.MonitoredByProxy, ProxyID: "10559",
		TLSConnect: zabbix.TLSPSK, TLSAccept: zabbix.TLSPSK,
	}
	tests := []struct {
		version string
		host    string
	}{
		{"6.0.14", `{"hostid":"10601","host":"web-01","name":"Web 01","status":"1","description":"d","inventory_mode":"0",
			"tls_connect":"2","tls_accept":"2","proxy_hostid":"10559",
			"groups":[{"groupid":"2"},{"groupid":"20"}],"parentTemplates":[{"templateid":"10186"}],
			"tags":[{"tag":"env","value":"test"}],
			"inventory":{"os":"Debian 12","location":"","name":""},
			"interfaces":[{"interfaceid":"31","hostid":"10601","type":"1","main":"1","useip":"1","ip":"192.0.2.10","dns":"","port":"10050","details":[]},
				{"interfaceid":"32","hostid":"10601","type":"2","main":"1","useip":"1","ip":"192.0.2.10","dns":"","port":"161",
				 "details":{"version":"3","bulk":"1","securityname":"mon","securitylevel":"2","authpassphrase":"a","privpassphrase":"p","authprotocol":"1","privprotocol":"1","contextname":"","max_repetitions":"10"}}]}`},
		{"7.0.22", `{"hostid":10601,"host":"web-01","name":"Web 01","status":1,"description":"d","inventory_mode":0,
			"tls_connect":2,"tls_accept":2,"monitored_by":"1","proxyid":"10559","proxy_groupid":"0",
			"hostgroups":[{"groupid":2},{"groupid":"20"}],"parentTemplates":[{"templateid":10186}],
			"tags":[{"tag":"env","value":"test","automatic":"0"}],
			"inventory":{"os":"Debian 12","notes":""},
			"interfaces":[{"interfaceid":31,"hostid":10601,"type":1,"main":1,"useip":1,"ip":"192.0.2.10","dns":"","port":10050,"details":[]},
				{"interfaceid":"32","type":"2","main":"1","useip":"1","ip":"192.0.2.10","dns":"","port":"161",
				 "details":{"version":3,"bulk":1,"securityname":"mon","securitylevel":2,"authpassphrase":"a","privpassphrase":"p","authprotocol":1,"privprotocol":1,"contextname":"","max_repetitions":10}}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.version, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, tc.version)
			m.result("host.get", []json.RawMessage{json.RawMessage(tc.host)})
			got, err := m.client(zabbix.Config{}).Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
			if err != nil {
				t.Fatalf("Hosts: %v", err)
			}
			if diff := cmp.Diff([]zabbix.Host{want}, got); diff != "" {
				t.Errorf("host (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadMonitoring maps each version's monitoring fields.
func TestReadMonitoring(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version, fields       string
		by                    zabbix.MonitoredBy
		proxyID, proxyGroupID string
	}{
		{"6.0.14", `"proxy_hostid":"0"`, zabbix.MonitoredByServer, "", ""},
		{"6.4.0", `"proxy_hostid":"10559"`, zabbix.MonitoredByProxy, "10559", ""},
		{"7.0.22", `"monitored_by":"0","proxyid":"0","proxy_groupid":"0"`, zabbix.MonitoredByServer, "", ""},
		{"7.0.22", `"monitored_by":"2","proxyid":"3","proxy_groupid":"1"`, zabbix.MonitoredByProxyGroup, "", "1"},
		{"7.4.0", `"monitored_by":"1","proxyid":"3","proxy_groupid":"0"`, zabbix.MonitoredByProxy, "3", ""},
	}
	for _, tc := range tests {
		t.Run(tc.version+"/"+tc.fields, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, tc.version)
			m.result("host.get", []json.RawMessage{json.RawMessage(`{"hostid":"10601","host":"h",` + tc.fields + `}`)})
			got, err := m.client(zabbix.Config{}).Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
			if err != nil || len(got) != 1 {
				t.Fatalf("Hosts = %v, %v", got, err)
			}
			h := got[0]
			if h.MonitoredBy != tc.by || h.ProxyID != tc.proxyID || h.ProxyGroupID != tc.proxyGroupID {
				t.Errorf("monitoring = %d/%q/%q, want %d/%q/%q", h.MonitoredBy, h.ProxyID, h.ProxyGroupID, tc.by, tc.proxyID, tc.proxyGroupID)
			}
		})
	}
}

// TestHostsAnyOf reads by IDs and names in one batch of two host.get
// (host.get would AND them), merged without duplicates, ordered by ID.
func TestHostsAnyOf(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.on("host.get", func(c mockCall) (any, *rpcError) {
		var p struct {
			HostIDs []string `json:"hostids"`
			Filter  *struct {
				Host []string `json:"host"`
			} `json:"filter"`
		}
		c.params(t, &p)
		if p.HostIDs != nil && p.Filter != nil {
			t.Errorf("one host.get carries both hostids and a filter")
		}
		if p.HostIDs != nil {
			return []any{readHostJSON("10700", "by-id"), readHostJSON("10601", "both")}, nil
		}
		return []any{readHostJSON("10601", "both"), readHostJSON("10650", "by-name")}, nil
	})
	got, err := m.client(zabbix.Config{}).Hosts(t.Context(),
		zabbix.HostQuery{HostIDs: []string{"10700", "10601"}, Names: []string{"both", "by-name"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range got {
		ids = append(ids, h.HostID)
	}
	if diff := cmp.Diff([]string{"10601", "10650", "10700"}, ids); diff != "" {
		t.Errorf("host IDs (-want +got):\n%s", diff)
	}
	if n := m.calls("host.get"); n != 1 {
		t.Errorf("%d requests, want one batch", n)
	}
}
