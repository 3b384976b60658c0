package flow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func zi(id string, t zabbix.InterfaceType, ip, dns, port string) zabbix.HostInterface {
	return zabbix.HostInterface{InterfaceID: id, Type: t, IP: ip, DNS: dns, Port: port}
}

func si(name string, t zabbix.InterfaceType, ip, dns string, port int, linked string) store.Interface {
	return store.Interface{Name: name, Type: t, IP: ip, DNSName: dns, Port: port, InterfaceID: linked}
}

// TestLink covers the plugin's linking defects: every unlinked interface is
// linked (not only the first), addresses compare without a prefix length,
// two empty DNS names never match, and an ID already linked is never given
// again.
func TestLink(t *testing.T) {
	t.Parallel()
	agent, snmp := zabbix.InterfaceAgent, zabbix.InterfaceSNMP
	tests := []struct {
		name string
		have []store.Interface
		zbx  []zabbix.HostInterface
		want []string // interface IDs after linking, in config order
	}{
		{
			name: "every unlinked interface, by address and port",
			have: []store.Interface{si("a", agent, "192.0.2.1", "", 10050, ""), si("b", agent, "192.0.2.2", "", 10050, ""), si("s", snmp, "192.0.2.1", "", 161, "")},
			zbx:  []zabbix.HostInterface{zi("7", snmp, "192.0.2.1", "", "161"), zi("6", agent, "192.0.2.2", "", "10050"), zi("5", agent, "192.0.2.1", "", "10050")},
			want: []string{"5", "6", "7"},
		},
		{
			name: "by DNS name",
			have: []store.Interface{si("a", agent, "192.0.2.1", "", 10050, "5"), si("b", agent, "", "b.example.net", 10050, "")},
			zbx:  []zabbix.HostInterface{zi("5", agent, "192.0.2.1", "", "10050"), zi("6", agent, "", "b.example.net", "10050")},
			want: []string{"5", "6"},
		},
		{
			name: "port tells two interfaces on one address apart",
			have: []store.Interface{si("a", agent, "192.0.2.1", "", 10051, ""), si("b", agent, "192.0.2.1", "", 10050, "")},
			zbx:  []zabbix.HostInterface{zi("5", agent, "192.0.2.1", "", "10050"), zi("6", agent, "192.0.2.1", "", "10051")},
			want: []string{"6", "5"},
		},
		{
			name: "a linked interface keeps its ID, which is not given again",
			have: []store.Interface{si("a", agent, "192.0.2.1", "", 10050, "5"), si("b", agent, "192.0.2.1", "", 10050, "")},
			zbx:  []zabbix.HostInterface{zi("5", agent, "192.0.2.1", "", "10050"), zi("6", agent, "192.0.2.1", "", "10050")},
			want: []string{"5", "6"},
		},
		{
			name: "the one unclaimed interface of the type is the match",
			have: []store.Interface{si("a", agent, "192.0.2.1", "", 10050, "5"), si("b", agent, "192.0.2.9", "", 10050, "")},
			zbx:  []zabbix.HostInterface{zi("5", agent, "192.0.2.1", "", "10050"), zi("6", agent, "198.51.100.1", "", "10050")},
			want: []string{"5", "6"},
		},
	}
	for _, tt := range tests {
		hc := store.HostConfig{Name: "z-x", Interfaces: tt.have}
		got, err := flow.Link(hc, "10600", tt.zbx)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var ids []string
		for _, in := range got.Interfaces {
			ids = append(ids, in.InterfaceID)
			if in.HostID != "10600" && in.InterfaceID != "" && in.HostID != "" {
				t.Errorf("%s: %s linked with host %q", tt.name, in.Name, in.HostID)
			}
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if tt.have[0].InterfaceID == "" && hc.Interfaces[0].InterfaceID != "" {
			t.Errorf("%s: Link changed its argument", tt.name)
		}
	}
}

func TestLinkNoMatch(t *testing.T) {
	t.Parallel()
	agent := zabbix.InterfaceAgent
	// Two empty DNS names are no match, and with two unclaimed interfaces
	// of the type there is no single candidate either.
	hc := store.HostConfig{Name: "z-x", Interfaces: []store.Interface{si("b", agent, "192.0.2.9", "", 10050, "")}}
	zbx := []zabbix.HostInterface{zi("5", agent, "192.0.2.1", "", "10050"), zi("6", agent, "192.0.2.2", "", "10050")}
	_, err := flow.Link(hc, "10600", zbx)
	var nm *flow.NoMatchError
	if !errors.Is(err, flow.ErrNoMatch) || !errors.As(err, &nm) {
		t.Fatalf("Link = %v, want a NoMatchError", err)
	}
	if nm.Interface.Name != "b" || len(nm.Candidates) != 2 || nm.Config != "z-x" {
		t.Errorf("NoMatchError = %+v, want both sides", nm)
	}
	for _, sub := range []string{"z-x", "192.0.2.9", "192.0.2.1", "192.0.2.2"} {
		if !strings.Contains(err.Error(), sub) {
			t.Errorf("error %q lacks %q", err, sub)
		}
	}
}
