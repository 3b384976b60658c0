package memstore_test

import (
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s := memstore.New(memstore.Config{})
		return s
	})
}

// config returns a host config of device id with one interface.
func config(id int64, name, hostID string) store.HostConfig {
	return store.HostConfig{
		Name:       name,
		Object:     netbox.DeviceRef(id),
		HostID:     hostID,
		Interfaces: []store.Interface{{Name: name + "-agent", Type: 1, IP: "192.0.2.1", Port: 10050}},
	}
}

func TestClock(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	s := memstore.New(memstore.Config{Now: func() time.Time { return now }})
	created, err := s.CreateHostConfigs(t.Context(), []store.HostConfig{config(1, "z-a", "")})
	if err != nil {
		t.Fatalf("CreateHostConfigs: %v", err)
	}
	c := created[0]
	if !c.Created.Equal(now) || !c.Updated.Equal(now) {
		t.Errorf("created config stamped %v / %v, want %v for both", c.Created, c.Updated, now)
	}
	first := now
	now = now.Add(time.Hour)
	c, err = s.UpdateHostConfig(t.Context(), c)
	if err != nil {
		t.Fatalf("UpdateHostConfig: %v", err)
	}
	if !c.Created.Equal(first) || !c.Updated.Equal(now) {
		t.Errorf("updated config stamped %v / %v, want %v / %v", c.Created, c.Updated, first, now)
	}
}

func TestSeed(t *testing.T) {
	settings := store.DefaultSettings()
	settings.TLSPSK = "seeded-psk"
	dev := netbox.DeviceRef(1)
	s := memstore.New(memstore.Config{Seed: memstore.Seed{
		Settings: &settings,
		Mappings: []store.Mapping{
			{ID: 40, ObjectType: netbox.TypeDevice, Name: "default", Default: true},
			{ID: 50, ObjectType: netbox.TypeVirtualMachine, Name: "default", Default: true},
		},
		TagMappings:       []store.TagMapping{{ObjectType: netbox.TypeDevice, Tags: []string{"prod"}}},
		InventoryMappings: []store.InventoryMapping{{ObjectType: netbox.TypeVirtualMachine}},
		HostConfigs:       []store.HostConfig{config(1, "z-a", "10001"), config(2, "z-b", "")},
		Events:            []eventlog.Event{{Name: "seeded", Object: &dev}},
	}})
	ctx := t.Context()
	if got, err := s.Settings(ctx); err != nil || got.TLSPSK.Reveal() != "seeded-psk" {
		t.Errorf("Settings() = %+v, %v; want the seeded settings", got, err)
	}
	if ms, err := s.Mappings(ctx, netbox.TypeVirtualMachine); err != nil || len(ms) != 1 || ms[0].ID != 2 {
		t.Errorf("Mappings(virtual machine) = %+v, %v; want the seeded one with ID 2", ms, err)
	}
	if _, err := s.TagMapping(ctx, netbox.TypeDevice); err != nil {
		t.Errorf("TagMapping(device): %v", err)
	}
	if _, err := s.InventoryMapping(ctx, netbox.TypeVirtualMachine); err != nil {
		t.Errorf("InventoryMapping(virtual machine): %v", err)
	}
	if c, err := s.HostConfigByObject(ctx, netbox.DeviceRef(2)); err != nil || c.ID != 2 || c.Interfaces[0].ID != 2 {
		t.Errorf("HostConfigByObject(device 2) = %+v, %v; want config 2 with interface 2", c, err)
	}
	if es, err := s.Events(ctx, eventlog.Query{Object: &dev}); err != nil || len(es) != 1 || es[0].ID != 1 {
		t.Errorf("Events(device 1) = %+v, %v; want the seeded event with ID 1", es, err)
	}
}

// TestErrorText pins the wording of memstore's errors: operation, key and,
// for conflicts, the rule and the record in the way.
func TestErrorText(t *testing.T) {
	ctx := t.Context()
	s := memstore.New(memstore.Config{Seed: memstore.Seed{
		Mappings:    []store.Mapping{{ObjectType: netbox.TypeDevice, Name: "web"}},
		HostConfigs: []store.HostConfig{config(1, "z-a", "10001"), config(2, "z-b", "")},
	}})
	errText := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return err.Error()
	}
	update := func(c store.HostConfig) error { _, err := s.UpdateHostConfig(ctx, c); return err }
	create := func(cs ...store.HostConfig) error { _, err := s.CreateHostConfigs(ctx, cs); return err }
	b := config(2, "z-b", "")
	b.ID = 2
	for _, tc := range []struct {
		err  error
		want string
	}{
		{func() error { _, err := s.Settings(ctx); return err }(),
			"memstore: settings: store: not found"},
		{func() error { _, err := s.HostConfigByObject(ctx, netbox.DeviceRef(42)); return err }(),
			"memstore: host config for device 42: store: not found"},
		{func() error { _, err := s.TagMapping(ctx, netbox.TypeVirtualMachine); return err }(),
			"memstore: tag mapping for virtual machine: store: not found"},
		{s.DeleteMapping(ctx, 9),
			"memstore: delete mapping 9: store: not found"},
		{func() error {
			_, err := s.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "web"})
			return err
		}(),
			`memstore: create mapping "web": device mapping name "web" is taken by mapping 1: store: conflict`},
		{create(config(1, "z-c", "")),
			`memstore: create host config "z-c": device 1 already has host config 1: store: conflict`},
		{create(config(3, "z-c", ""), config(4, "z-c", "")),
			`memstore: create host config "z-c": name "z-c" is taken by configs[0] of the same call: store: conflict`},
		{update(func() store.HostConfig { c := b; c.HostID = "10001"; return c }()),
			`memstore: update host config 2: Zabbix host ID "10001" is taken by host config 1: store: conflict`},
		{update(func() store.HostConfig { c := b; c.Interfaces = []store.Interface{{ID: 1}}; return c }()),
			"memstore: update host config 2: interface 1: store: not found"},
	} {
		if got := errText(tc.err); got != tc.want {
			t.Errorf("error text\n got: %s\nwant: %s", got, tc.want)
		}
	}
}

func TestSeedConflict(t *testing.T) {
	want := `memstore: seed: memstore: create host config "z-b": device 1 already has configs[0] of the same call: store: conflict`
	defer func() {
		if got := recover(); got != want {
			t.Errorf("New with a conflicting seed panicked with %v\nwant: %s", got, want)
		}
	}()
	memstore.New(memstore.Config{Seed: memstore.Seed{
		HostConfigs: []store.HostConfig{config(1, "z-a", ""), config(1, "z-b", "")},
	}})
}
