package storetest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// checkCreated checks what CreateHostConfigs returned for in: the same
// content, in input order, with new distinct non-zero IDs for configs and
// interfaces (tracked across calls in seen) and Created and Updated set.
func checkCreated(t *testing.T, in, got []store.HostConfig, seen map[int64]bool) {
	t.Helper()
	diff(t, "CreateHostConfigs result", in, got, asStored())
	ifaceSeen := map[int64]bool{}
	for _, c := range got {
		if c.ID == 0 || seen[c.ID] {
			t.Errorf("config %q got ID %d; want a new non-zero ID", c.Name, c.ID)
		}
		seen[c.ID] = true
		if c.Created.IsZero() || c.Updated.IsZero() {
			t.Errorf("config %q: Created = %v, Updated = %v; want both set", c.Name, c.Created, c.Updated)
		}
		for _, in := range c.Interfaces {
			if in.ID == 0 || ifaceSeen[in.ID] {
				t.Errorf("config %q interface %q got ID %d; want a non-zero ID unique in the store", c.Name, in.Name, in.ID)
			}
			ifaceSeen[in.ID] = true
		}
	}
}

// testHostConfigCreateAndRead: create assigns IDs and times without
// touching its input; reads by ID and by object return what create did.
func testHostConfigCreateAndRead(t *testing.T, s store.Store) {
	in := []store.HostConfig{
		newConfig(netbox.DeviceRef(101), "z-web-01", "10101",
			agentInterface("web-01-agent", "192.0.2.10", "501"),
			agentInterface("web-01-agent-2", "192.0.2.11", "")),
		newConfig(netbox.VMRef(101), "z-vm-01", "",
			agentInterface("vm-01-agent", "198.51.100.7", "")),
	}
	in[1].Proxy = nil
	in[1].ProxyGroup = &zabbix.ProxyGroup{ProxyGroupID: "41", Name: "group-a"}
	in[1].MonitoredBy = zabbix.MonitoredByProxyGroup
	in[1].Status = zabbix.StatusNotMonitored

	// IDs given to CreateHostConfigs are ignored.
	in[1].ID, in[1].Interfaces[0].ID = 987654, 987655
	snapshot := []store.HostConfig{in[0].Clone(), in[1].Clone()}

	got := mustCreate(t, s, in...)
	checkCreated(t, in, got, map[int64]bool{987654: true})
	if got[1].Interfaces[0].ID == 987655 {
		t.Errorf("CreateHostConfigs kept the interface ID it was given; want a new one")
	}
	diff(t, "CreateHostConfigs input after the call", snapshot, in, equal())

	for _, want := range got {
		diff(t, "HostConfig(id)", want, mustConfig(t, s, want.ID), equal())
		byObj, err := s.HostConfigByObject(t.Context(), want.Object)
		if err != nil {
			t.Fatalf("HostConfigByObject(%v): %v", want.Object, err)
		}
		diff(t, "HostConfigByObject", want, byObj, equal())
	}
}

// testHostConfigFind: a filter selects configs by any listed object, host
// ID or name, in ID order; an empty filter selects all.
func testHostConfigFind(t *testing.T, s store.Store) {
	got := mustCreate(t, s,
		newConfig(netbox.DeviceRef(1), "z-a", "10001"),
		newConfig(netbox.DeviceRef(2), "z-b", ""),
		newConfig(netbox.VMRef(1), "z-c", "10003"),
	)
	a, b, c := got[0], got[1], got[2]
	for _, tc := range []struct {
		name string
		f    store.HostConfigFilter
		want []store.HostConfig
	}{
		{"empty filter", store.HostConfigFilter{}, []store.HostConfig{a, b, c}},
		{"objects", store.HostConfigFilter{Objects: []netbox.Ref{netbox.VMRef(1), netbox.DeviceRef(2)}}, []store.HostConfig{b, c}},
		{"host IDs", store.HostConfigFilter{HostIDs: []string{"10003", "10001"}}, []store.HostConfig{a, c}},
		{"names", store.HostConfigFilter{Names: []string{"z-b"}}, []store.HostConfig{b}},
		{"any list matches", store.HostConfigFilter{Objects: []netbox.Ref{netbox.DeviceRef(1)}, Names: []string{"z-c"}}, []store.HostConfig{a, c}},
		{"empty host ID matches nothing", store.HostConfigFilter{HostIDs: []string{""}}, nil},
		{"unknown keys", store.HostConfigFilter{Objects: []netbox.Ref{netbox.DeviceRef(3)}, HostIDs: []string{"99"}, Names: []string{"z-x"}}, nil},
	} {
		diff(t, "FindHostConfigs with "+tc.name, tc.want, mustFind(t, s, tc.f), equal())
	}
}

// testHostConfigNotFound: missing configs are ErrNotFound naming the key.
func testHostConfigNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, simpleConfig("a", 1))
	_, err := s.HostConfig(ctx, 987654)
	checkErr(t, "HostConfig(unknown ID)", err, store.ErrNotFound, "987654")
	_, err = s.HostConfigByObject(ctx, netbox.DeviceRef(424242))
	checkErr(t, "HostConfigByObject(unknown object)", err, store.ErrNotFound, "424242")
	_, err = s.HostConfigByObject(ctx, netbox.VMRef(1)) // device 1 has one
	checkErr(t, "HostConfigByObject(VM with a device's ID)", err, store.ErrNotFound)
	err = s.DeleteHostConfig(ctx, 987655)
	checkErr(t, "DeleteHostConfig(unknown ID)", err, store.ErrNotFound, "987655")
}

// testHostConfigDelete: a deleted config is gone by every read, and its
// object, name and host ID are free again.
func testHostConfigDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	in := newConfig(netbox.DeviceRef(7), "z-seven", "10007", agentInterface("seven-agent", "192.0.2.7", "7001"))
	got := mustCreate(t, s, in, simpleConfig("other", 8))
	gone, kept := got[0], got[1]
	if err := s.DeleteHostConfig(ctx, gone.ID); err != nil {
		t.Fatalf("DeleteHostConfig(%d): %v", gone.ID, err)
	}
	_, err := s.HostConfig(ctx, gone.ID)
	checkErr(t, "HostConfig after delete", err, store.ErrNotFound)
	_, err = s.HostConfigByObject(ctx, gone.Object)
	checkErr(t, "HostConfigByObject after delete", err, store.ErrNotFound)
	diff(t, "FindHostConfigs(all) after delete", []store.HostConfig{kept}, mustFind(t, s, store.HostConfigFilter{}), equal())
	err = s.DeleteHostConfig(ctx, gone.ID)
	checkErr(t, "DeleteHostConfig twice", err, store.ErrNotFound)

	again := mustCreate(t, s, in)
	checkCreated(t, []store.HostConfig{in}, again, map[int64]bool{kept.ID: true})
}

// testHostConfigSNMP: SNMP details, passphrases included, round-trip, and
// interfaces without them stay without them.
func testHostConfigSNMP(t *testing.T, s store.Store) {
	v2 := snmpInterface("sw-snmp-v2", "192.0.2.21")
	v2.SNMP = &store.SNMPInterface{Version: 2, Community: "{$SNMP_COMMUNITY}", Bulk: 1, MaxRepetitions: 5}
	v2.Main = 0
	in := newConfig(netbox.DeviceRef(21), "z-sw", "", snmpInterface("sw-snmp", "192.0.2.20"), v2, agentInterface("sw-agent", "192.0.2.20", ""))
	created := mustCreate(t, s, in)[0]
	got := mustConfig(t, s, created.ID)
	diff(t, "HostConfig with SNMP interfaces", in, got, asStored())
	if len(got.Interfaces) != 3 || got.Interfaces[0].SNMP == nil {
		t.Fatalf("HostConfig(%d).Interfaces = %+v, want 3, the first with SNMP details", got.ID, got.Interfaces)
	}
	want, have := in.Interfaces[0].SNMP, got.Interfaces[0].SNMP
	if have.AuthPassphrase.Reveal() != want.AuthPassphrase.Reveal() || have.PrivPassphrase.Reveal() != want.PrivPassphrase.Reveal() ||
		have.Community.Reveal() != want.Community.Reveal() {
		t.Errorf("SNMP secrets read back as %q / %q / %q, want %q / %q / %q: the store must keep the real secrets",
			have.AuthPassphrase.Reveal(), have.PrivPassphrase.Reveal(), have.Community.Reveal(),
			want.AuthPassphrase.Reveal(), want.PrivPassphrase.Reveal(), want.Community.Reveal())
	}
	if got.Interfaces[2].SNMP != nil {
		t.Errorf("agent interface read back with SNMP details %+v, want none", got.Interfaces[2].SNMP)
	}
}
