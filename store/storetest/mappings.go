package storetest

import (
	"cmp"
	"slices"
	"strconv"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testMappings: create assigns distinct IDs, reads are per object type and
// ordered by ID, replace keeps the ID, delete removes.
func testMappings(t *testing.T, s store.Store) {
	if got := mustMappings(t, s, netbox.TypeDevice); len(got) != 0 {
		t.Errorf("Mappings of an empty store = %v, want none", got)
	}

	inputs := []store.Mapping{
		newMapping(netbox.TypeDevice, "web"),
		newMapping(netbox.TypeVirtualMachine, "vm-web"),
		newMapping(netbox.TypeDevice, "db"),
		newMapping(netbox.TypeDevice, "default"),
	}
	inputs[3].Default = true
	inputs[3].InterfaceType = zabbix.InterfaceAny
	inputs[3].Sites, inputs[3].Roles, inputs[3].Platforms = nil, nil, nil
	inputs[3].Proxy, inputs[3].ProxyGroup = nil, nil
	inputs[3].HostGroupNames = nil // a mapping without names reads back without names

	var devices, vms []store.Mapping
	seen := map[int64]bool{}
	for _, in := range inputs {
		got := mustPutMapping(t, s, in)
		if got.ID == 0 || seen[got.ID] {
			t.Fatalf("PutMapping(%q) assigned ID %d; want a new non-zero ID (have %v)", in.Name, got.ID, seen)
		}
		seen[got.ID] = true
		diff(t, "PutMapping("+in.Name+")", in, got, asStored())
		if in.ObjectType == netbox.TypeDevice {
			devices = append(devices, got)
		} else {
			vms = append(vms, got)
		}
	}
	byID := func(a, b store.Mapping) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(devices, byID)
	diff(t, "Mappings(device)", devices, mustMappings(t, s, netbox.TypeDevice), equal())
	diff(t, "Mappings(virtual machine)", vms, mustMappings(t, s, netbox.TypeVirtualMachine), equal())

	// Replace the first device mapping: same ID, new content.
	changed := devices[0]
	changed.Name = "web-renamed"
	changed.Default = true
	changed.InterfaceType = zabbix.InterfaceSNMP
	changed.Sites = []int64{9}
	changed.Templates = append(changed.Templates, zabbix.Template{TemplateID: "10002", Name: "ICMP Ping"})
	changed.Proxy = nil
	changed.HostGroupNames = []string{"Roles/{role}"} // names replace names, not add to them
	got := mustPutMapping(t, s, changed)
	diff(t, "PutMapping(replace)", changed, got, equal())
	devices[0] = changed
	diff(t, "Mappings(device) after replace", devices, mustMappings(t, s, netbox.TypeDevice), equal())

	// Delete the last device mapping.
	last := devices[len(devices)-1]
	if err := s.DeleteMapping(t.Context(), last.ID); err != nil {
		t.Fatalf("DeleteMapping(%d): %v", last.ID, err)
	}
	devices = devices[:len(devices)-1]
	diff(t, "Mappings(device) after delete", devices, mustMappings(t, s, netbox.TypeDevice), equal())
	diff(t, "Mappings(virtual machine) after delete", vms, mustMappings(t, s, netbox.TypeVirtualMachine), equal())
	err := s.DeleteMapping(t.Context(), last.ID)
	checkErr(t, "DeleteMapping of a deleted mapping", err, store.ErrNotFound, strconv.FormatInt(last.ID, 10))
}

// testMappingNameConflict: names are unique per object type, not across
// types, and a mapping does not conflict with itself.
func testMappingNameConflict(t *testing.T, s store.Store) {
	ctx := t.Context()
	web := mustPutMapping(t, s, newMapping(netbox.TypeDevice, "web"))
	db := mustPutMapping(t, s, newMapping(netbox.TypeDevice, "db"))

	_, err := s.PutMapping(ctx, newMapping(netbox.TypeDevice, "web"))
	checkErr(t, "PutMapping(new device mapping with a taken name)", err, store.ErrConflict)

	renamed := db
	renamed.Name = "web"
	_, err = s.PutMapping(ctx, renamed)
	checkErr(t, "PutMapping(rename to a taken name)", err, store.ErrConflict)
	diff(t, "Mappings(device) after the conflicts", []store.Mapping{web, db}, mustMappings(t, s, netbox.TypeDevice), equal())

	vm := mustPutMapping(t, s, newMapping(netbox.TypeVirtualMachine, "web"))
	diff(t, "Mappings(virtual machine)", []store.Mapping{vm}, mustMappings(t, s, netbox.TypeVirtualMachine), equal())

	web.Description = "same name, new description"
	diff(t, "PutMapping(replace keeping its name)", web, mustPutMapping(t, s, web), equal())
}

// testMappingNotFound: replacing or deleting an unknown ID is ErrNotFound
// naming the ID, and creates nothing.
func testMappingNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	m := newMapping(netbox.TypeDevice, "ghost")
	m.ID = 987654
	_, err := s.PutMapping(ctx, m)
	checkErr(t, "PutMapping(unknown ID)", err, store.ErrNotFound, "987654")
	err = s.DeleteMapping(ctx, 987655)
	checkErr(t, "DeleteMapping(unknown ID)", err, store.ErrNotFound, "987655")
	if got := mustMappings(t, s, netbox.TypeDevice); len(got) != 0 {
		t.Errorf("Mappings after failed writes = %v, want none", got)
	}
}

// testTagMapping: ErrNotFound per object type until put; put replaces.
func testTagMapping(t *testing.T, s store.Store) {
	ctx := t.Context()
	_, err := s.TagMapping(ctx, netbox.TypeDevice)
	checkErr(t, "TagMapping(device) before put", err, store.ErrNotFound, "device")

	want := newTagMapping(netbox.TypeDevice)
	if err := s.PutTagMapping(ctx, want); err != nil {
		t.Fatalf("PutTagMapping: %v", err)
	}
	got, err := s.TagMapping(ctx, netbox.TypeDevice)
	if err != nil {
		t.Fatalf("TagMapping(device): %v", err)
	}
	diff(t, "TagMapping(device)", want, got, equal())
	_, err = s.TagMapping(ctx, netbox.TypeVirtualMachine)
	checkErr(t, "TagMapping(virtual machine) after putting the device one", err, store.ErrNotFound)

	want.Fields = want.Fields[1:]
	want.Fields[0].Enabled = true
	want.Tags = nil
	if err := s.PutTagMapping(ctx, want); err != nil {
		t.Fatalf("PutTagMapping(replace): %v", err)
	}
	got, err = s.TagMapping(ctx, netbox.TypeDevice)
	if err != nil {
		t.Fatalf("TagMapping(device): %v", err)
	}
	diff(t, "TagMapping(device) after replace", want, got, equal())
}

// testInventoryMapping: ErrNotFound per object type until put; put
// replaces.
func testInventoryMapping(t *testing.T, s store.Store) {
	ctx := t.Context()
	_, err := s.InventoryMapping(ctx, netbox.TypeVirtualMachine)
	checkErr(t, "InventoryMapping(virtual machine) before put", err, store.ErrNotFound)

	want := newInventoryMapping(netbox.TypeVirtualMachine)
	if err := s.PutInventoryMapping(ctx, want); err != nil {
		t.Fatalf("PutInventoryMapping: %v", err)
	}
	got, err := s.InventoryMapping(ctx, netbox.TypeVirtualMachine)
	if err != nil {
		t.Fatalf("InventoryMapping(virtual machine): %v", err)
	}
	diff(t, "InventoryMapping(virtual machine)", want, got, equal())
	_, err = s.InventoryMapping(ctx, netbox.TypeDevice)
	checkErr(t, "InventoryMapping(device) after putting the VM one", err, store.ErrNotFound, "device")

	want.Fields[0].Paths = []string{"custom_fields.os"}
	want.Fields = append(want.Fields, store.InventoryField{Property: "tag", Paths: []string{"tenant.name", "site.name"}, Enabled: true})
	if err := s.PutInventoryMapping(ctx, want); err != nil {
		t.Fatalf("PutInventoryMapping(replace): %v", err)
	}
	got, err = s.InventoryMapping(ctx, netbox.TypeVirtualMachine)
	if err != nil {
		t.Fatalf("InventoryMapping(virtual machine): %v", err)
	}
	diff(t, "InventoryMapping(virtual machine) after replace", want, got, equal())
}
