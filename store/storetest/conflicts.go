package storetest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// createFails checks that creating cs fails with ErrConflict and leaves the
// store holding exactly before.
func createFails(t *testing.T, s store.Store, what string, before []store.HostConfig, cs ...store.HostConfig) {
	t.Helper()
	_, err := s.CreateHostConfigs(t.Context(), cs)
	checkErr(t, "CreateHostConfigs with "+what, err, store.ErrConflict)
	diff(t, "stored configs after CreateHostConfigs with "+what, before, mustFind(t, s, store.HostConfigFilter{}), equal())
}

// testHostConfigConflict: one config per object, unique names, unique
// non-empty host IDs, checked against stored configs; empty host IDs may
// repeat.
func testHostConfigConflict(t *testing.T, s store.Store) {
	stored := mustCreate(t, s,
		newConfig(netbox.DeviceRef(1), "z-a", "10001"),
		newConfig(netbox.DeviceRef(2), "z-b", ""),
	)
	createFails(t, s, "a stored object", stored, newConfig(netbox.DeviceRef(1), "z-c", ""))
	createFails(t, s, "a stored name", stored, newConfig(netbox.DeviceRef(3), "z-a", ""))
	createFails(t, s, "a stored host ID", stored, newConfig(netbox.DeviceRef(3), "z-c", "10001"))

	more := mustCreate(t, s, newConfig(netbox.DeviceRef(3), "z-c", ""), newConfig(netbox.VMRef(1), "z-d", ""))
	diff(t, "configs with empty host IDs", append(stored, more...), mustFind(t, s, store.HostConfigFilter{}), equal())
}

// testHostConfigConflictInOneCall: the same rules hold among the configs of
// one call, which then stores none of them.
func testHostConfigConflictInOneCall(t *testing.T, s store.Store) {
	createFails(t, s, "one object twice", nil,
		newConfig(netbox.DeviceRef(1), "z-a", ""), newConfig(netbox.DeviceRef(1), "z-b", ""))
	createFails(t, s, "one name twice", nil,
		newConfig(netbox.DeviceRef(1), "z-a", ""), newConfig(netbox.DeviceRef(2), "z-a", ""))
	createFails(t, s, "one host ID twice", nil,
		newConfig(netbox.DeviceRef(1), "z-a", "10001"), newConfig(netbox.DeviceRef(2), "z-b", "10001"))
	_, err := s.HostConfigByObject(t.Context(), netbox.DeviceRef(1))
	checkErr(t, "HostConfigByObject after failed calls", err, store.ErrNotFound)
}

// testHostConfigAllOrNone: a call with one bad config stores none of the
// good ones, wherever the bad one is, and they can be created afterwards.
func testHostConfigAllOrNone(t *testing.T, s store.Store) {
	stored := mustCreate(t, s, newConfig(netbox.DeviceRef(1), "z-a", "10001"))
	good := simpleConfig("good", 50)
	good.HostID = "10050"
	good2 := simpleConfig("good", 51)
	bad := newConfig(netbox.DeviceRef(1), "z-taken", "")
	createFails(t, s, "a bad config last", stored, good, good2, bad)
	createFails(t, s, "a bad config first", stored, bad, good, good2)
	createFails(t, s, "a bad config in the middle", stored, good, bad, good2)
	got := mustFind(t, s, store.HostConfigFilter{Names: []string{good.Name, good2.Name}, HostIDs: []string{good.HostID}})
	if len(got) != 0 {
		t.Errorf("configs of failed calls were stored: %+v", got)
	}
	checkCreated(t, []store.HostConfig{good, good2}, mustCreate(t, s, good, good2), map[int64]bool{stored[0].ID: true})
}
