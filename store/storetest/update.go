package storetest

import (
	"slices"
	"strconv"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testHostConfigUpdate: an update replaces the config and its whole
// interface list: kept interfaces keep their IDs, removed ones are gone, new
// ones get new IDs, and interfaces come back ordered by ID. Created stays,
// Updated moves.
func testHostConfigUpdate(t *testing.T, s store.Store) {
	orig := mustCreate(t, s, newConfig(netbox.DeviceRef(1), "z-web", "",
		agentInterface("web-agent", "192.0.2.1", ""),
		agentInterface("web-agent-2", "192.0.2.2", ""),
		snmpInterface("web-snmp", "192.0.2.3"),
	))[0]
	other := mustCreate(t, s, simpleConfig("other", 2))[0]
	keep, drop, change := orig.Interfaces[0], orig.Interfaces[1], orig.Interfaces[2]
	before := mustConfig(t, s, orig.ID)

	upd := orig
	upd.Name = "z-web-renamed"
	upd.HostID = "10555"
	upd.Status = zabbix.StatusNotMonitored
	upd.MonitoredBy = zabbix.MonitoredByProxyGroup
	upd.Proxy = nil
	upd.ProxyGroup = &zabbix.ProxyGroup{ProxyGroupID: "41", Name: "group-a"}
	upd.Templates = []zabbix.Template{{TemplateID: "10002", Name: "ICMP Ping"}}
	upd.Description = "updated"
	change.Port = 1161
	change.InterfaceID, change.HostID = "7003", "10555"
	change.SNMP = &store.SNMPInterface{Version: 2, Community: "public", Bulk: 1}
	added := agentInterface("web-agent-3", "192.0.2.4", "")
	// The new interface comes first: the result is ordered by ID anyway.
	upd.Interfaces = []store.Interface{added, change, keep}

	got := mustUpdate(t, s, upd)
	if got.ID != orig.ID {
		t.Errorf("UpdateHostConfig changed the config ID from %d to %d", orig.ID, got.ID)
	}
	if len(got.Interfaces) != 3 {
		t.Fatalf("UpdateHostConfig returned interfaces %+v, want 3", got.Interfaces)
	}
	newID := got.Interfaces[2].ID
	known := []int64{keep.ID, drop.ID, change.ID, other.Interfaces[0].ID}
	if newID == 0 || slices.Contains(known, newID) {
		t.Errorf("new interface got ID %d, want a non-zero ID not yet used (used: %v)", newID, known)
	}
	added.ID = newID
	want := upd
	want.Interfaces = []store.Interface{keep, change, added}
	diff(t, "UpdateHostConfig result", want, got, asStored())
	if !got.Created.Equal(before.Created) {
		t.Errorf("UpdateHostConfig changed Created from %v to %v", before.Created, got.Created)
	}
	if got.Updated.IsZero() || got.Updated.Before(before.Updated) {
		t.Errorf("UpdateHostConfig set Updated to %v, want a time at or after %v", got.Updated, before.Updated)
	}

	read := mustConfig(t, s, orig.ID)
	diff(t, "HostConfig after update", got, read, equal())
	if !read.Created.Equal(before.Created) {
		t.Errorf("Created read back as %v after update, want %v", read.Created, before.Created)
	}
	diff(t, "FindHostConfigs by the new host ID", []store.HostConfig{got}, mustFind(t, s, store.HostConfigFilter{HostIDs: []string{"10555"}}), equal())
	if old := mustFind(t, s, store.HostConfigFilter{Names: []string{"z-web"}}); len(old) != 0 {
		t.Errorf("FindHostConfigs by the old name = %+v, want none", old)
	}
	diff(t, "the other config after update", other, mustConfig(t, s, other.ID), equal())

	// An update with no interfaces removes them all.
	got.Interfaces = nil
	emptied := mustUpdate(t, s, got)
	if n := len(mustConfig(t, s, orig.ID).Interfaces); n != 0 || len(emptied.Interfaces) != 0 {
		t.Errorf("after an update without interfaces the config has %d, want 0", n)
	}
}

// testHostConfigUpdateNotFound: updating an unknown config, or naming an
// interface that is not the config's, is ErrNotFound and changes nothing.
func testHostConfigUpdateNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	cs := mustCreate(t, s, simpleConfig("a", 1), simpleConfig("b", 2))
	ghost := simpleConfig("ghost", 3)
	ghost.ID = 987654
	_, err := s.UpdateHostConfig(ctx, ghost)
	checkErr(t, "UpdateHostConfig(unknown ID)", err, store.ErrNotFound, "987654")

	foreign := cs[1]
	foreign.Description = "steals an interface"
	foreign.Interfaces = append(foreign.Interfaces, cs[0].Interfaces[0])
	_, err = s.UpdateHostConfig(ctx, foreign)
	checkErr(t, "UpdateHostConfig with another config's interface", err, store.ErrNotFound, strconv.FormatInt(cs[0].Interfaces[0].ID, 10))
	diff(t, "configs after failed updates", cs, mustFind(t, s, store.HostConfigFilter{}), equal())
}

// testHostConfigUpdateConflict: an update may keep its own object, name and
// host ID but not take another config's; a failed update changes nothing.
func testHostConfigUpdateConflict(t *testing.T, s store.Store) {
	ctx := t.Context()
	cs := mustCreate(t, s,
		newConfig(netbox.DeviceRef(1), "z-a", "10001", agentInterface("a-agent", "192.0.2.1", "")),
		newConfig(netbox.DeviceRef(2), "z-b", "10002", agentInterface("b-agent", "192.0.2.2", "")),
	)
	a, b := cs[0], cs[1]
	for _, tc := range []struct {
		what   string
		change func(c *store.HostConfig)
	}{
		{"another config's object", func(c *store.HostConfig) { c.Object = a.Object }},
		{"another config's name", func(c *store.HostConfig) { c.Name = a.Name }},
		{"another config's host ID", func(c *store.HostConfig) { c.HostID = a.HostID }},
	} {
		upd := b.Clone()
		upd.Description = "should not be stored"
		upd.Interfaces = append(upd.Interfaces, agentInterface("b-agent-2", "192.0.2.3", ""))
		tc.change(&upd)
		_, err := s.UpdateHostConfig(ctx, upd)
		checkErr(t, "UpdateHostConfig to "+tc.what, err, store.ErrConflict)
		diff(t, "configs after UpdateHostConfig to "+tc.what, cs, mustFind(t, s, store.HostConfigFilter{}), equal())
	}

	b.Description = "keeps its own keys"
	got := mustUpdate(t, s, b)
	diff(t, "UpdateHostConfig keeping its own keys", b, got, asStored())
}
