package memzabbix

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// The conformance suite pins the texts measured on real servers. These
// tests cover the rules whose texts come from the Zabbix source or are
// assumed (see errors.go), so they refer to the text constants: correcting
// a text there does not break them.

var (
	testV6 = zabbix.V6_0 + 14
	testV7 = zabbix.V7_0 + 22
)

func baseHost() zabbix.Host {
	return zabbix.Host{
		Host:          "h1",
		GroupIDs:      []string{"2"},
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces: []zabbix.HostInterface{{
			Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.1", Port: "10050",
		}},
	}
}

func wantErr(t *testing.T, err error, code int, data string) {
	t.Helper()
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *zabbix.APIError", err)
	}
	if apiErr.Code != code || apiErr.Data != data {
		t.Errorf("error = %d %q, want %d %q", apiErr.Code, apiErr.Data, code, data)
	}
}

func TestCreateRules(t *testing.T) {
	both := []zabbix.Version{testV6, testV7}
	only7 := []zabbix.Version{testV7}
	only6 := []zabbix.Version{testV6}
	iface := func(f func(*zabbix.HostInterface)) func(*zabbix.Host) {
		return func(h *zabbix.Host) { f(&h.Interfaces[0]) }
	}
	tests := []struct {
		name     string
		versions []zabbix.Version
		change   func(*zabbix.Host)
		code     int
		data     string
	}{
		{"NoIPWithUseIP", both, iface(func(i *zabbix.HostInterface) { i.IP, i.DNS = "", "h1.example.test" }),
			codeInvalidParams, fmt.Sprintf(textNoIP, "h1.example.test")},
		{"NoDNSWithUseDNS", both, iface(func(i *zabbix.HostInterface) { i.UseIP = 0 }),
			codeInvalidParams, fmt.Sprintf(textNoDNS, "192.0.2.1", "h1")},
		{"BadDNS", both, iface(func(i *zabbix.HostInterface) { i.DNS = "bad dns" }),
			codeInvalidParams, fmt.Sprintf(textBadDNS, "bad dns")},
		{"NoPort", both, iface(func(i *zabbix.HostInterface) { i.Port = "" }),
			codeInvalidParams, textNoPort},
		{"BadMain", both, iface(func(i *zabbix.HostInterface) { i.Main = 2 }),
			codeInvalidParams, fmt.Sprintf(textBadFlag, "/1/interfaces/1/main")},
		{"BadBulk", both, iface(func(i *zabbix.HostInterface) {
			i.Type, i.Details = zabbix.InterfaceSNMP, &zabbix.SNMPDetails{Version: 2, Bulk: 3, Community: "public"}
		}), codeInvalidParams, textBadBulk},
		{"SNMPv2WithoutCommunity", both, iface(func(i *zabbix.HostInterface) {
			i.Type, i.Details = zabbix.InterfaceSNMP, &zabbix.SNMPDetails{Version: 2, Bulk: 1}
		}), codeInvalidParams, textBadArgs},
		{"SNMPv3BadLevel", both, iface(func(i *zabbix.HostInterface) {
			i.Type, i.Details = zabbix.InterfaceSNMP, &zabbix.SNMPDetails{Version: 3, SecurityLevel: 3}
		}), codeInvalidParams, textBadArgs},
		{"GroupTwice", both, func(h *zabbix.Host) { h.GroupIDs = []string{"2", "2"} },
			codeInvalidParams, fmt.Sprintf(textNotUnique, "/1/groups/2", "groupid", "2")},
		{"EmptyTag7", only7, func(h *zabbix.Host) { h.Tags = []zabbix.Tag{{Value: "v"}} },
			codeInvalidParams, fmt.Sprintf(textEmpty7, "/1/tags/1/tag")},
		{"EmptyTag6", only6, func(h *zabbix.Host) { h.Tags = []zabbix.Tag{{Value: "v"}} },
			codeInvalidParams, fmt.Sprintf(textEmpty7, "/tags/1/tag")},
		{"TagTwice", only7, func(h *zabbix.Host) { h.Tags = []zabbix.Tag{{Tag: "a", Value: "b"}, {Tag: "a", Value: "b"}} },
			codeInvalidParams, fmt.Sprintf(textNotUnique, "/1/tags/2", "tag, value", "a, b")},
		{"Status", both, func(h *zabbix.Host) { h.Status = 2 },
			codeApplication, fmt.Sprintf(textStatus, "h1")},
		{"TemplateName", both, func(h *zabbix.Host) { h.Host = "ICMP Ping" },
			codeInvalidParams, fmt.Sprintf(textTemplateExists, "ICMP Ping")},
		{"TemplateVisibleName", both, func(h *zabbix.Host) { h.Name = "ICMP Ping" },
			codeInvalidParams, fmt.Sprintf(textTemplateVisible, "ICMP Ping")},
		{"NameTooLong", both, func(h *zabbix.Host) { h.Host = strings.Repeat("a", 129) },
			codeApplication, fmt.Sprintf(textHostTooLong, strings.Repeat("a", 129), 129)},
		{"VisibleNameTooLong", both, func(h *zabbix.Host) { h.Name = strings.Repeat("é", 129) },
			codeInvalidParams, fmt.Sprintf(textTooLong, "/1/name")},
		{"MonitoredBy", both, func(h *zabbix.Host) { h.MonitoredBy = 3 },
			codeInvalidParams, fmt.Sprintf(textMonitoredBy7, "/1/monitored_by")},
		{"ProxyGroupMissing", only7, func(h *zabbix.Host) { h.MonitoredBy = zabbix.MonitoredByProxyGroup },
			codeInvalidParams, fmt.Sprintf(textMissing7, "/1", "proxy_groupid")},
		{"ProxyGroupUnknown", only7, func(h *zabbix.Host) { h.MonitoredBy, h.ProxyGroupID = zabbix.MonitoredByProxyGroup, "9" },
			codeApplication, fmt.Sprintf(textNoObject7, "/1/proxy_groupid")},
		{"EmptyGroups7", only7, func(h *zabbix.Host) { h.GroupIDs = []string{} },
			codeInvalidParams, fmt.Sprintf(textEmpty7, "/1/groups")},
		{"TLSConnect", both, func(h *zabbix.Host) { h.TLSConnect = 3 },
			codeInvalidParams, fmt.Sprintf(textTLSValue, "tls_connect", 3)},
		{"TLSAccept", both, func(h *zabbix.Host) { h.TLSAccept = 8 },
			codeInvalidParams, fmt.Sprintf(textTLSValue, "tls_accept", 8)},
		{"PSKWithoutIdentity", only6, func(h *zabbix.Host) { h.TLSPSK = "00112233445566778899aabbccddeeff" },
			codeInvalidParams, fmt.Sprintf(textPSKWithoutTLS, "tls_psk")},
		{"PSKWithoutIdentity7", only7, func(h *zabbix.Host) { h.TLSPSK = "00112233445566778899aabbccddeeff" },
			codeInvalidParams, fmt.Sprintf(textPSKWithoutTLS7, "/1/tls_psk")},
		{"PSKMissing", only6, func(h *zabbix.Host) { h.TLSAccept, h.TLSPSKIdentity = zabbix.TLSPSK, "id" },
			codeInvalidParams, fmt.Sprintf(textFieldEmpty, "tls_psk")},
		{"PSKMissing7", only7, func(h *zabbix.Host) { h.TLSAccept, h.TLSPSKIdentity = zabbix.TLSPSK, "id" },
			codeInvalidParams, fmt.Sprintf(textMissing7, "/1", "tls_psk")},
		{"PSKNotHex7", only7, func(h *zabbix.Host) {
			h.TLSAccept, h.TLSPSKIdentity, h.TLSPSK = zabbix.TLSPSK, "id", zabbix.Secret(strings.Repeat("zz", 16))
		}, codeInvalidParams, fmt.Sprintf(textPSKHex7, "/1/tls_psk")},
		{"PSKShort6", only6, func(h *zabbix.Host) { h.TLSAccept, h.TLSPSKIdentity, h.TLSPSK = zabbix.TLSPSK, "id", "abcd" },
			codeInvalidParams, textPSKLen6},
	}
	for _, tc := range tests {
		for _, v := range tc.versions {
			t.Run(tc.name+"/"+v.String(), func(t *testing.T) {
				s := New(DefaultConfig(v))
				h := baseHost()
				tc.change(&h)
				_, err := s.CreateHosts(t.Context(), []zabbix.Host{h})
				wantErr(t, err, tc.code, tc.data)
				if n := s.HostCount(); n != 1 {
					t.Errorf("%d hosts after a failed create, want only the seeded one", n)
				}
			})
		}
	}
}

func TestCreateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(*zabbix.HostInterface)
	}{
		{"DNSWithMacro", func(i *zabbix.HostInterface) { i.UseIP, i.DNS = 0, "{$DNS}.example-1.test" }},
		{"IPMacro", func(i *zabbix.HostInterface) { i.IP = "{$HOST_IP}" }},
		{"BuiltinIPMacro", func(i *zabbix.HostInterface) { i.IP = "{HOST.IP}" }},
		{"IPv6", func(i *zabbix.HostInterface) { i.IP = "2001:db8::1" }},
		{"PortMacroWithContext", func(i *zabbix.HostInterface) { i.Port = "{$PORT:agent}" }},
		{"PortLLDMacro", func(i *zabbix.HostInterface) { i.Port = "{#PORT}" }},
		{"PortZero", func(i *zabbix.HostInterface) { i.Port = "0" }},
		{"UnknownType", func(i *zabbix.HostInterface) { i.Type = 7 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := New(DefaultConfig(testV7))
			h := baseHost()
			tc.change(&h.Interfaces[0])
			if _, err := s.CreateHosts(t.Context(), []zabbix.Host{h}); err != nil {
				t.Errorf("CreateHosts: %v", err)
			}
		})
	}
}

func TestSNMPDetailsStored(t *testing.T) {
	v3 := &zabbix.SNMPDetails{
		Version: 3, Bulk: 1, Community: "dropped", MaxRepetitions: 20, ContextName: "ctx",
		SecurityName: "user", SecurityLevel: 2, AuthProtocol: 1, AuthPassphrase: "auth",
		PrivProtocol: 1, PrivPassphrase: "priv",
	}
	for _, tc := range []struct {
		v    zabbix.Version
		want zabbix.SNMPDetails
	}{
		{testV6, zabbix.SNMPDetails{Version: 3, Bulk: 1, ContextName: "ctx", SecurityName: "user", SecurityLevel: 2,
			AuthProtocol: 1, AuthPassphrase: "auth", PrivProtocol: 1, PrivPassphrase: "priv"}},
		{testV7, zabbix.SNMPDetails{Version: 3, Bulk: 1, MaxRepetitions: 20, ContextName: "ctx", SecurityName: "user",
			SecurityLevel: 2, AuthProtocol: 1, AuthPassphrase: "auth", PrivProtocol: 1, PrivPassphrase: "priv"}},
	} {
		t.Run(tc.v.String(), func(t *testing.T) {
			s := New(DefaultConfig(tc.v))
			h := baseHost()
			h.Interfaces = append(h.Interfaces, zabbix.HostInterface{
				Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: "192.0.2.2", Port: "161", Details: v3,
			})
			h.Interfaces[0].Details = &zabbix.SNMPDetails{Version: 2} // not SNMP: dropped
			got, err := s.CreateHosts(t.Context(), []zabbix.Host{h})
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Interfaces[0].Details != nil {
				t.Errorf("agent interface kept details %+v", got[0].Interfaces[0].Details)
			}
			if diff := cmp.Diff(&tc.want, got[0].Interfaces[1].Details); diff != "" {
				t.Errorf("SNMP details (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreatePSKReusedInRequest(t *testing.T) {
	s := New(DefaultConfig(testV7))
	a, b := baseHost(), baseHost()
	b.Host = "h2"
	for i, h := range []*zabbix.Host{&a, &b} {
		h.TLSAccept, h.TLSPSKIdentity = zabbix.TLSPSK, "shared"
		h.TLSPSK = zabbix.Secret(strings.Repeat(fmt.Sprint(i), 32))
	}
	_, err := s.CreateHosts(t.Context(), []zabbix.Host{a, b})
	wantErr(t, err, codeInvalidParams, fmt.Sprintf(textPSKReused7, "/2/tls_psk"))
}

func TestCreateDuplicateVisibleNameInRequest(t *testing.T) {
	s := New(DefaultConfig(testV7))
	a, b := baseHost(), baseHost()
	b.Host = "h2"
	a.Name, b.Name = "same", "same"
	_, err := s.CreateHosts(t.Context(), []zabbix.Host{a, b})
	wantErr(t, err, codeInvalidParams, fmt.Sprintf(textDupNameInData, "same"))
}

func TestUpdateRules(t *testing.T) {
	both := []zabbix.Version{testV6, testV7}
	tests := []struct {
		name     string
		versions []zabbix.Version
		change   func(*zabbix.Host)
		code     int
		data     func(v zabbix.Version) string
	}{
		{"EmptyGroups", both, func(h *zabbix.Host) { h.GroupIDs = []string{} }, codeInvalidParams,
			func(v zabbix.Version) string {
				if v.AtLeast(zabbix.V7_0) {
					return fmt.Sprintf(textEmpty7, "/1/groups")
				}
				return fmt.Sprintf(textNoGroups6, "h1")
			}},
		{"UnknownGroup", both, func(h *zabbix.Host) { h.GroupIDs = []string{"9"} }, codeApplication,
			func(v zabbix.Version) string {
				if v.AtLeast(zabbix.V7_0) {
					return fmt.Sprintf(textNoObject7, "/1/groups/1")
				}
				return textNoObject
			}},
		{"UnknownTemplateToClear", both, func(h *zabbix.Host) { h.TemplatesClear = []string{"9"} }, codeApplication,
			func(v zabbix.Version) string {
				if v.AtLeast(zabbix.V7_0) {
					return fmt.Sprintf(textNoObject7, "/1/templates_clear/1")
				}
				return textNoObject
			}},
		{"TemplateTwice", both, func(h *zabbix.Host) { h.TemplateIDs = []string{"10001", "10001"} }, codeInvalidParams,
			func(zabbix.Version) string {
				return fmt.Sprintf(textNotUnique, "/1/templates/2", "templateid", "10001")
			}},
		{"InterfaceTwice", both, func(h *zabbix.Host) { h.Interfaces = append(h.Interfaces, h.Interfaces[0]) },
			codeInvalidParams,
			func(zabbix.Version) string { return fmt.Sprintf(textNotUnique, "/1/interfaces/2", "interfaceid", "2") }},
		{"RenameToTemplate", both, func(h *zabbix.Host) { h.Host = "ICMP Ping" }, codeInvalidParams,
			func(zabbix.Version) string { return fmt.Sprintf(textTemplateExists, "ICMP Ping") }},
		{"VisibleNameTaken", both, func(h *zabbix.Host) { h.Name = "Zabbix server" }, codeInvalidParams,
			func(zabbix.Version) string { return fmt.Sprintf(textVisibleExists, "Zabbix server") }},
		{"BadProxy", []zabbix.Version{testV6}, func(h *zabbix.Host) { h.MonitoredBy, h.ProxyID = zabbix.MonitoredByProxy, "9" },
			codeApplication,
			func(zabbix.Version) string {
				return fmt.Sprintf(textSQLFailed6, "UPDATE hosts SET proxy_hostid=... WHERE hostid=...")
			}},
		{"PSKWithoutMode", both, func(h *zabbix.Host) { h.TLSPSKIdentity = "id" }, codeInvalidParams,
			func(v zabbix.Version) string {
				if v.AtLeast(zabbix.V7_0) {
					return fmt.Sprintf(textPSKWithoutTLS7, "/1/tls_psk_identity")
				}
				return fmt.Sprintf(textPSKWithoutTLS, "tls_psk_identity")
			}},
	}
	for _, tc := range tests {
		for _, v := range tc.versions {
			t.Run(tc.name+"/"+v.String(), func(t *testing.T) {
				s := New(DefaultConfig(v))
				created, err := s.CreateHosts(t.Context(), []zabbix.Host{baseHost()})
				if err != nil {
					t.Fatal(err)
				}
				before, _ := s.Host(created[0].HostID)
				u := created[0]
				tc.change(&u)
				_, err = s.UpdateHost(t.Context(), u.AsUpdate())
				wantErr(t, err, tc.code, tc.data(v))
				if after, _ := s.Host(created[0].HostID); !cmp.Equal(before, after) {
					t.Errorf("a refused update changed the host:\n%s", cmp.Diff(before, after))
				}
			})
		}
	}
}

func TestUpdateWithoutHostID(t *testing.T) {
	for v, want := range map[zabbix.Version]string{
		testV6: fmt.Sprintf(textWrongFields6, ""),
		testV7: fmt.Sprintf(textMissing7, "/1", "hostid"),
	} {
		s := New(DefaultConfig(v))
		h := baseHost()
		h.Host = ""
		_, err := s.UpdateHost(t.Context(), h.AsUpdate())
		wantErr(t, err, codeInvalidParams, want)
	}
}

func TestUpdateTLS(t *testing.T) {
	s := New(DefaultConfig(testV7))
	h := baseHost()
	h.TLSConnect, h.TLSAccept = zabbix.TLSPSK, zabbix.TLSPSK
	h.TLSPSKIdentity, h.TLSPSK = "id", "00112233445566778899aabbccddeeff"
	created, err := s.CreateHosts(t.Context(), []zabbix.Host{h})
	if err != nil {
		t.Fatal(err)
	}
	id := created[0].HostID

	// A new key for the same identity replaces the stored one.
	u := created[0]
	u.TLSPSK = "ffeeddccbbaa99887766554433221100"
	if _, err := s.UpdateHost(t.Context(), u.AsUpdate()); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Host(id); got.TLSPSK != u.TLSPSK || got.TLSPSKIdentity != "id" {
		t.Errorf("after a new key: identity %q, key changed %v", got.TLSPSKIdentity, got.TLSPSK == u.TLSPSK)
	}

	// Leaving PSK clears the stored identity and key.
	u = created[0]
	u.TLSConnect, u.TLSAccept = zabbix.TLSNone, zabbix.TLSNone
	got, err := s.UpdateHost(t.Context(), u.AsUpdate())
	if err != nil {
		t.Fatal(err)
	}
	if got.TLSConnect != zabbix.TLSNone {
		t.Errorf("tls_connect = %d, want 1", got.TLSConnect)
	}
	if stored, _ := s.Host(id); stored.TLSPSKIdentity != "" || !stored.TLSPSK.IsZero() {
		t.Errorf("PSK fields kept after leaving PSK: identity %q", stored.TLSPSKIdentity)
	}
}

func TestUpdateInventoryMode(t *testing.T) {
	s := New(DefaultConfig(testV6))
	h := baseHost()
	h.InventoryMode, h.Inventory = zabbix.InventoryManual, map[string]string{"os": "Linux", "notes": ""}
	created, err := s.CreateHosts(t.Context(), []zabbix.Host{h})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"os": "Linux"}, created[0].Inventory); diff != "" {
		t.Errorf("inventory read back (-want +got):\n%s", diff)
	}
	u := created[0]
	u.Inventory = nil
	u.InventoryMode = zabbix.InventoryDisabled
	got, err := s.UpdateHost(t.Context(), u.AsUpdate())
	if err != nil {
		t.Fatal(err)
	}
	if got.InventoryMode != zabbix.InventoryDisabled || got.Inventory != nil {
		t.Errorf("after disabling inventory: mode %d, inventory %v", got.InventoryMode, got.Inventory)
	}
	u = got
	u.InventoryMode = zabbix.InventoryAutomatic
	if got, err = s.UpdateHost(t.Context(), u.AsUpdate()); err != nil || got.Inventory != nil {
		t.Errorf("re-enabling inventory: %v, inventory %v; want it empty", err, got.Inventory)
	}
}

func TestDeleteRepeatedID(t *testing.T) {
	s := New(DefaultConfig(testV7))
	err := s.DeleteHosts(t.Context(), "10084", "10084")
	wantErr(t, err, codeInvalidParams, fmt.Sprintf(textDupID, "/2", "10084"))
	if s.HostCount() != 1 {
		t.Error("a refused delete deleted")
	}
}
