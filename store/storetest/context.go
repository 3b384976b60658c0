package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// testCanceledContext: every method called with a canceled context returns
// context.Canceled, and no write takes effect.
func testCanceledContext(t *testing.T, s store.Store) {
	m := mustPutMapping(t, s, newMapping(netbox.TypeDevice, "web"))
	c := mustCreate(t, s, simpleConfig("a", 1))[0]

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	changedMapping := m
	changedMapping.Name = "changed"
	changedConfig := c.Clone()
	changedConfig.Name = "z-changed"
	calls := []struct {
		name string
		call func() error
	}{
		{"Settings", func() error { _, err := s.Settings(ctx); return err }},
		{"PutSettings", func() error { return s.PutSettings(ctx, store.DefaultSettings()) }},
		{"Mappings", func() error { _, err := s.Mappings(ctx, netbox.TypeDevice); return err }},
		{"PutMapping(new)", func() error { _, err := s.PutMapping(ctx, newMapping(netbox.TypeDevice, "new")); return err }},
		{"PutMapping(replace)", func() error { _, err := s.PutMapping(ctx, changedMapping); return err }},
		{"DeleteMapping", func() error { return s.DeleteMapping(ctx, m.ID) }},
		{"TagMapping", func() error { _, err := s.TagMapping(ctx, netbox.TypeDevice); return err }},
		{"PutTagMapping", func() error { return s.PutTagMapping(ctx, newTagMapping(netbox.TypeDevice)) }},
		{"InventoryMapping", func() error { _, err := s.InventoryMapping(ctx, netbox.TypeDevice); return err }},
		{"PutInventoryMapping", func() error { return s.PutInventoryMapping(ctx, newInventoryMapping(netbox.TypeDevice)) }},
		{"HostConfig", func() error { _, err := s.HostConfig(ctx, c.ID); return err }},
		{"HostConfigByObject", func() error { _, err := s.HostConfigByObject(ctx, c.Object); return err }},
		{"FindHostConfigs", func() error { _, err := s.FindHostConfigs(ctx, store.HostConfigFilter{}); return err }},
		{"CreateHostConfigs", func() error { _, err := s.CreateHostConfigs(ctx, []store.HostConfig{simpleConfig("b", 2)}); return err }},
		{"UpdateHostConfig", func() error { _, err := s.UpdateHostConfig(ctx, changedConfig); return err }},
		{"DeleteHostConfig", func() error { return s.DeleteHostConfig(ctx, c.ID) }},
		{"RecordEvent", func() error { return s.RecordEvent(ctx, newEvent(0, nil)) }},
		{"Events", func() error { _, err := s.Events(ctx, eventlog.Query{}); return err }},
		{"ZabbixObjects", func() error { _, err := s.ZabbixObjects(ctx); return err }},
		{"PutZabbixObjects", func() error { return s.PutZabbixObjects(ctx, store.ZabbixObjects{}) }},
		{"Lock", func() error {
			unlock, err := s.Lock(ctx, c.Object)
			if err == nil {
				unlock()
			}
			return err
		}},
	}
	for _, call := range calls {
		checkErr(t, call.name+" with a canceled context", call.call(), context.Canceled)
	}

	// Nothing was written.
	_, err := s.Settings(t.Context())
	checkErr(t, "Settings after a canceled PutSettings", err, store.ErrNotFound)
	diff(t, "Mappings after canceled writes", []store.Mapping{m}, mustMappings(t, s, netbox.TypeDevice), equal())
	_, err = s.TagMapping(t.Context(), netbox.TypeDevice)
	checkErr(t, "TagMapping after a canceled PutTagMapping", err, store.ErrNotFound)
	_, err = s.InventoryMapping(t.Context(), netbox.TypeDevice)
	checkErr(t, "InventoryMapping after a canceled PutInventoryMapping", err, store.ErrNotFound)
	diff(t, "host configs after canceled writes", []store.HostConfig{c}, mustFind(t, s, store.HostConfigFilter{}), equal())
	if got := mustEvents(t, s, eventlog.Query{}); len(got) != 0 {
		t.Errorf("Events after a canceled RecordEvent = %+v, want none", got)
	}
	// The canceled Lock holds nothing.
	lockCtx, stop := context.WithTimeout(t.Context(), 5*time.Second)
	defer stop()
	unlock, err := s.Lock(lockCtx, c.Object)
	if err != nil {
		t.Fatalf("Lock after a canceled Lock: %v", err)
	}
	unlock()
}
