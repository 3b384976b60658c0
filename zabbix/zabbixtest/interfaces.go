package zabbixtest

import (
	"fmt"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testInterfaceRules creates hosts with interfaces the server refuses.
func testInterfaceRules(t *testing.T, h *harness) {
	snmpNoDetails := zabbix.HostInterface{Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: "192.0.2.80", Port: "161"}
	withPort := func(port string) zabbix.HostInterface { in := agent("192.0.2.80", 1); in.Port = port; return in }
	withIP := func(ip string) zabbix.HostInterface { in := agent(ip, 1); return in }
	tests := []struct {
		name   string
		ifaces []zabbix.HostInterface
		data   func(host string) string
	}{
		{"TwoMainAgents", []zabbix.HostInterface{agent("192.0.2.81", 1), agent("192.0.2.82", 1)},
			text(`Host cannot have more than one default interface of the same type.`)},
		{"NoMainAgent", []zabbix.HostInterface{agent("192.0.2.83", 0)},
			func(host string) string { return fmt.Sprintf(`No default interface for "agent" type on "%s".`, host) }},
		{"BadIP", []zabbix.HostInterface{withIP("not-an-ip")},
			text(`Invalid IP address "not-an-ip".`)},
		{"NoAddress", []zabbix.HostInterface{withIP("")},
			text(`IP and DNS cannot be empty for host interface.`)},
		{"PortOutOfRange", []zabbix.HostInterface{withPort("99999")},
			text(`Incorrect interface port "99999" provided.`)},
		{"SNMPWithoutDetails", []zabbix.HostInterface{snmpNoDetails},
			text(`Incorrect arguments passed to function.`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := h.host("if-"+tc.name, "")
			in.Interfaces = tc.ifaces
			_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
			wantAPIError(t, err, codeInvalidParams, tc.data(in.Host))
			h.wantNone(t, in.Host)
		})
	}
}

// text returns a data function that ignores the host name.
func text(s string) func(string) string { return func(string) string { return s } }

// testInterfaceKinds creates a host with one main interface per type,
// extra non-main ones, a DNS interface and a port macro, and reads them
// back.
func testInterfaceKinds(t *testing.T, h *harness) {
	in := h.host("kinds", "192.0.2.90")
	in.Interfaces = []zabbix.HostInterface{
		agent("192.0.2.90", 1),
		{Type: zabbix.InterfaceAgent, Main: 0, UseIP: 0, DNS: "kinds.example.test", Port: "{$AGENT.PORT}"},
		{Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: "192.0.2.91", Port: "161",
			Details: &zabbix.SNMPDetails{Version: 2, Bulk: 1, Community: "{$SNMP_COMMUNITY}"}},
		{Type: zabbix.InterfaceSNMP, Main: 0, UseIP: 1, IP: "192.0.2.92", Port: "161",
			Details: &zabbix.SNMPDetails{Version: 2, Bulk: 0, Community: "public"}},
	}
	got := h.create(t, in)[0]
	if diff := gocmp.Diff(h.readBack(in), got, ignoringIDs()...); diff != "" {
		t.Errorf("host read back (-want +got):\n%s", diff)
	}
	ids := make(map[string]bool)
	for _, x := range got.Interfaces {
		if ids[x.InterfaceID] {
			t.Errorf("interface ID %s handed out twice", x.InterfaceID)
		}
		ids[x.InterfaceID] = true
	}
}
