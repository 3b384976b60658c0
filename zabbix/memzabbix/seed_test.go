package memzabbix_test

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

func TestZeroVersionIs7022(t *testing.T) {
	if got := memzabbix.New(memzabbix.Config{}).Version(); got != v7 {
		t.Errorf("Version() = %s, want %s", got, v7)
	}
	if got := memzabbix.DefaultConfig(0).Version; got != v7 {
		t.Errorf("DefaultConfig(zero).Version = %s, want %s", got, v7)
	}
}

func TestDefaultConfig(t *testing.T) {
	for _, tc := range []struct {
		v          zabbix.Version
		icmp, snmp string
	}{
		{v6, "10186", "10204"},
		{v7, "10564", "10563"},
	} {
		t.Run(tc.v.String(), func(t *testing.T) {
			cfg := memzabbix.DefaultConfig(tc.v)
			ids := make(map[string]string)
			for _, tpl := range cfg.Templates {
				ids[tpl.Name] = tpl.TemplateID
			}
			want := map[string]string{
				"Linux by Zabbix agent": "10001", "Zabbix server health": "10047",
				"ICMP Ping": tc.icmp, "Generic by SNMP": tc.snmp,
			}
			if diff := cmp.Diff(want, ids); diff != "" {
				t.Errorf("template IDs (-want +got):\n%s", diff)
			}

			srv := memzabbix.New(cfg)
			got, err := srv.Hosts(t.Context(), zabbix.HostQuery{Names: []string{"Zabbix server"}})
			if err != nil || len(got) != 1 {
				t.Fatalf("Hosts(Zabbix server) = %v, %v", got, err)
			}
			if got[0].HostID != "10084" || got[0].Interfaces[0].InterfaceID != "1" {
				t.Errorf("Zabbix server is host %s with interface %s, want 10084 and 1",
					got[0].HostID, got[0].Interfaces[0].InterfaceID)
			}
		})
	}
}

func TestSeededHosts(t *testing.T) {
	psk := zabbix.Secret("1f87b595725ac58dd977beef14b97461a7c1045b9a1c963065002c5473194952")
	seed := []zabbix.Host{
		{HostID: "20000", Host: "big", GroupIDs: []string{"2"},
			Interfaces: []zabbix.HostInterface{{InterfaceID: "500", Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.1", Port: "10050"}}},
		{Host: "no-id", GroupIDs: []string{"2"}, TLSConnect: zabbix.TLSPSK, TLSAccept: zabbix.TLSPSK,
			TLSPSKIdentity: "id", TLSPSK: psk,
			Interfaces: []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.2", Port: "10050"}}},
	}
	cfg := memzabbix.Config{HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}}, Hosts: seed}
	srv := memzabbix.New(cfg)
	seed[0].Host = "changed after New" // the server keeps its own copy

	all := srv.AllHosts()
	if len(all) != 2 || all[0].Host != "big" || all[1].Host != "no-id" {
		t.Fatalf("AllHosts() = %+v, want big then no-id", all)
	}
	noID := all[1]
	if id(t, noID.HostID) <= 20000 || id(t, noID.Interfaces[0].InterfaceID) <= 500 {
		t.Errorf("seeded host without IDs got host %s, interface %s; want IDs above the seeded ones",
			noID.HostID, noID.Interfaces[0].InterfaceID)
	}
	if noID.Name != "no-id" || noID.Interfaces[0].HostID != noID.HostID {
		t.Errorf("seeded host read back with name %q, interface host %q", noID.Name, noID.Interfaces[0].HostID)
	}

	// Host shows what is stored, secrets included; Hosts reads as the API.
	stored, ok := srv.Host(noID.HostID)
	if !ok || stored.TLSPSKIdentity != "id" || stored.TLSPSK != psk {
		t.Errorf("Host(%s) = PSK identity %q (found %v), want the stored identity and key", noID.HostID, stored.TLSPSKIdentity, ok)
	}
	read, err := srv.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{noID.HostID}})
	if err != nil || read[0].TLSPSKIdentity != "" || !read[0].TLSPSK.IsZero() {
		t.Errorf("Hosts returned PSK fields (%q) or failed (%v)", read[0].TLSPSKIdentity, err)
	}

	created, err := srv.CreateHosts(t.Context(), []zabbix.Host{newHost("new")})
	if err != nil {
		t.Fatal(err)
	}
	if hid, iid := id(t, created[0].HostID), id(t, created[0].Interfaces[0].InterfaceID); hid <= id(t, noID.HostID) || iid <= 500 {
		t.Errorf("new host got host %d, interface %d; want IDs above every seeded one", hid, iid)
	}
	if srv.HostCount() != 3 {
		t.Errorf("HostCount() = %d, want 3", srv.HostCount())
	}
}

func TestNewHostIDsStartAt10600(t *testing.T) {
	srv := memzabbix.New(memzabbix.DefaultConfig(v6))
	created, err := srv.CreateHosts(t.Context(), []zabbix.Host{newHost("a"), newHost("b")})
	if err != nil {
		t.Fatal(err)
	}
	if created[0].HostID != "10600" || created[1].HostID != "10601" {
		t.Errorf("host IDs %s, %s; want 10600, 10601", created[0].HostID, created[1].HostID)
	}
	if created[0].Interfaces[0].InterfaceID != "2" || created[1].Interfaces[0].InterfaceID != "3" {
		t.Errorf("interface IDs %s, %s; want 2, 3 (after the Zabbix server's 1)",
			created[0].Interfaces[0].InterfaceID, created[1].Interfaces[0].InterfaceID)
	}
}

func TestBrokenSeedPanics(t *testing.T) {
	agent := zabbix.HostInterface{InterfaceID: "7", Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.1", Port: "10050"}
	tests := map[string][]zabbix.Host{
		"same host ID":      {{HostID: "1", Host: "a"}, {HostID: "1", Host: "b"}},
		"same name":         {{Host: "a"}, {Host: "a"}},
		"same interface ID": {{Host: "a", Interfaces: []zabbix.HostInterface{agent}}, {Host: "b", Interfaces: []zabbix.HostInterface{agent}}},
	}
	for name, seed := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("New did not panic")
				}
			}()
			memzabbix.New(memzabbix.Config{Hosts: seed})
		})
	}
}

func id(t *testing.T, s string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("ID %q is not numeric", s)
	}
	return n
}
