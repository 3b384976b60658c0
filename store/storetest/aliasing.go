package storetest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// The scribble functions change every part of a record that a shallow copy
// would share with the store.

func scribbleMapping(m *store.Mapping) {
	m.Sites[0], m.Roles[0], m.Platforms[0] = -1, -1, -1
	m.Templates[0].Name = "scribbled"
	m.HostGroups[0].Name = "scribbled"
	m.HostGroupNames[0] = "scribbled"
	m.Proxy.Name = "scribbled"
	m.ProxyGroup.Name = "scribbled"
}

func scribbleTagMapping(m *store.TagMapping) {
	m.Fields[0].Path = "scribbled"
	m.Tags[0] = "scribbled"
}

func scribbleInventoryMapping(m *store.InventoryMapping) {
	m.Fields[0].Paths[0] = "scribbled"
	m.Fields[0].Property = "scribbled"
}

func scribbleConfig(c *store.HostConfig) {
	c.Templates[0].Name = "scribbled"
	c.HostGroups[0].Name = "scribbled"
	c.Proxy.Name = "scribbled"
	for i := range c.Interfaces {
		c.Interfaces[i].Port = 1
		if c.Interfaces[i].SNMP != nil {
			c.Interfaces[i].SNMP.Community = "scribbled"
			c.Interfaces[i].SNMP.AuthPassphrase = "scribbled"
		}
	}
}

func scribbleEvent(e *eventlog.Event) {
	e.Object.ID = -1
	for _, raw := range [][]byte{e.Data, e.PreData, e.PostData} {
		for i := range raw {
			raw[i] = ' '
		}
	}
}

// testNoAliasingMappings: changing a mapping after it was put, or one that
// a read returned, does not change the stored mapping.
func testNoAliasingMappings(t *testing.T, s store.Store) {
	ctx := t.Context()
	in := newMapping(netbox.TypeDevice, "web")
	put := mustPutMapping(t, s, in)
	want := put.Clone()
	scribbleMapping(&in)
	scribbleMapping(&put)
	scribbleMapping(&mustMappings(t, s, netbox.TypeDevice)[0])
	diff(t, "mapping after changing values passed and returned", []store.Mapping{want}, mustMappings(t, s, netbox.TypeDevice), equal())

	tags := newTagMapping(netbox.TypeDevice)
	if err := s.PutTagMapping(ctx, tags); err != nil {
		t.Fatalf("PutTagMapping: %v", err)
	}
	scribbleTagMapping(&tags)
	if got, err := s.TagMapping(ctx, netbox.TypeDevice); err != nil {
		t.Fatalf("TagMapping: %v", err)
	} else {
		scribbleTagMapping(&got)
	}
	got, err := s.TagMapping(ctx, netbox.TypeDevice)
	if err != nil {
		t.Fatalf("TagMapping: %v", err)
	}
	diff(t, "tag mapping after changing values passed and returned", newTagMapping(netbox.TypeDevice), got, equal())

	inv := newInventoryMapping(netbox.TypeDevice)
	if err := s.PutInventoryMapping(ctx, inv); err != nil {
		t.Fatalf("PutInventoryMapping: %v", err)
	}
	scribbleInventoryMapping(&inv)
	if got, err := s.InventoryMapping(ctx, netbox.TypeDevice); err != nil {
		t.Fatalf("InventoryMapping: %v", err)
	} else {
		scribbleInventoryMapping(&got)
	}
	gotInv, err := s.InventoryMapping(ctx, netbox.TypeDevice)
	if err != nil {
		t.Fatalf("InventoryMapping: %v", err)
	}
	diff(t, "inventory mapping after changing values passed and returned", newInventoryMapping(netbox.TypeDevice), gotInv, equal())
}

// testNoAliasingHostConfigs: changing configs passed to or returned by any
// method does not change the stored configs.
func testNoAliasingHostConfigs(t *testing.T, s store.Store) {
	ctx := t.Context()
	in := []store.HostConfig{newConfig(netbox.DeviceRef(1), "z-a", "", agentInterface("a-agent", "192.0.2.1", ""), snmpInterface("a-snmp", "192.0.2.1"))}
	created := mustCreate(t, s, in...)
	want := created[0].Clone()
	scribbleConfig(&in[0])
	scribbleConfig(&created[0])
	check := func(when string) {
		t.Helper()
		diff(t, "host config after changing "+when, want, mustConfig(t, s, want.ID), equal())
	}
	check("the values passed to and returned by CreateHostConfigs")

	got := mustConfig(t, s, want.ID)
	scribbleConfig(&got)
	check("a value returned by HostConfig")
	byObj, err := s.HostConfigByObject(ctx, want.Object)
	if err != nil {
		t.Fatalf("HostConfigByObject: %v", err)
	}
	scribbleConfig(&byObj)
	check("a value returned by HostConfigByObject")
	scribbleConfig(&mustFind(t, s, store.HostConfigFilter{})[0])
	check("a value returned by FindHostConfigs")

	upd := want.Clone()
	upd.Description = "updated"
	returned := mustUpdate(t, s, upd)
	want = returned.Clone()
	scribbleConfig(&upd)
	scribbleConfig(&returned)
	check("the values passed to and returned by UpdateHostConfig")
}

// testNoAliasingEvents: changing an event after recording it, or one that
// Events returned, does not change the stored event.
func testNoAliasingEvents(t *testing.T, s store.Store) {
	obj := netbox.DeviceRef(1)
	e := newEvent(0, &obj)
	recordAll(t, s, e)
	scribbleEvent(&e)
	scribbleEvent(&mustEvents(t, s, eventlog.Query{})[0])
	wantObj := netbox.DeviceRef(1)
	diff(t, "event after changing values passed and returned", []eventlog.Event{newEvent(0, &wantObj)}, mustEvents(t, s, eventlog.Query{}), asStored())
}
