package netboxtest

import (
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// testLeanObjects: a read with Fields gives the base fields
// (netbox.BaseFields) and the top-level fields asked for, typed or not,
// exactly as a read of every field does; names the type lacks are ignored.
func testLeanObjects(t *testing.T, c Client, fx Fixture) {
	for _, tc := range []struct {
		typ  netbox.ObjectType
		want Object
	}{{netbox.TypeDevice, fx.Device}, {netbox.TypeDevice, fx.DeviceWithoutIP}, {netbox.TypeVirtualMachine, fx.VM}} {
		full := readOne(t, c, tc.typ, tc.want.ID)
		asked := append(append(slices.Sorted(maps.Keys(tc.want.Attrs)), typedFields...), "no_such_field")
		for _, fields := range [][]string{{}, {"site", "tags"}, asked} {
			q := netbox.Query{Type: tc.typ, IDs: []int64{tc.want.ID}, Fields: fields}
			got, err := c.Objects(t.Context(), q)
			if err != nil || len(got) != 1 {
				t.Fatalf("Objects(%v, Fields %q) = %d objects, %v; want 1", q, fields, len(got), err)
			}
			lean := got[0]
			keep := append(netbox.BaseFields(tc.typ), fields...)
			if diff := cmp.Diff(typedOnly(full, keep), typedOnly(lean, keep)); diff != "" {
				t.Errorf("%s %d: typed fields of a read with Fields %q differ from a read of every field (-every +lean):\n%s",
					tc.typ.Label(), tc.want.ID, fields, diff)
			}
			for _, name := range fields {
				fv, fok := full.Field(name)
				lv, lok := lean.Field(name)
				if fok != lok || !sameValue(fv, lv) {
					t.Errorf("%s %d: field %q asked for: %#v (%t), a read of every field has %#v (%t)",
						tc.typ.Label(), tc.want.ID, name, lv, lok, fv, fok)
				}
			}
		}
	}
	// By several IDs (a list read), with the device's fields asked for.
	q := netbox.Query{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID, fx.DeviceWithoutIP.ID},
		Fields: append(slices.Sorted(maps.Keys(fx.Device.Attrs)), typedFields...)}
	got, err := c.Objects(t.Context(), q)
	if err != nil || len(got) != 2 {
		t.Fatalf("Objects(%v, Fields %q) = %v, %v; want 2 objects", q, q.Fields, objectIDs(got), err)
	}
	for _, o := range got {
		if o.ID == fx.Device.ID {
			checkObject(t, o, netbox.TypeDevice, fx.Device)
		}
	}
}

// testLeanIPs: a read of IP addresses with Fields gives every typed field
// as a read of every field does; AssignedObject only when asked for.
func testLeanIPs(t *testing.T, c Client, fx Fixture) {
	ids := []int64{fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID}
	full, err := c.IPAddresses(t.Context(), netbox.Query{IDs: ids})
	if err != nil || len(full) != 2 {
		t.Fatalf("IPAddresses(%v) = %v, %v", ids, ipIDs(full), err)
	}
	for _, fields := range [][]string{{}, {"assigned_object"}} {
		for _, q := range []netbox.Query{{IDs: ids, Fields: fields}, {IDs: ids[:1], Fields: fields}} {
			lean, err := c.IPAddresses(t.Context(), q)
			if err != nil || len(lean) != len(q.IDs) {
				t.Fatalf("IPAddresses(%v, Fields %q) = %v, %v", q, fields, ipIDs(lean), err)
			}
			for i, ip := range lean {
				want := full[i].Clone()
				want.Attrs = nil
				got := ip.Clone()
				got.Attrs = nil
				if len(fields) == 0 {
					want.AssignedObject, got.AssignedObject = nil, nil
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("IP address %d read with Fields %q differs from a read of every field (-every +lean):\n%s", ip.ID, fields, diff)
				}
			}
		}
	}
}

// typedFields are the NetBox names of the typed fields of netbox.Object
// beyond netbox.BaseFields.
var typedFields = []string{"site", "role", "platform", "cluster", "tenant", "location", "tags", "custom_fields"}

// typedOnly is o without Attrs, and without the typed fields whose NetBox
// names keep lacks.
func typedOnly(o *netbox.Object, keep []string) *netbox.Object {
	c := o.Clone()
	c.Attrs = nil
	for name, f := range map[string]func(){
		"name": func() { c.Name = "" }, "status": func() { c.Status = netbox.Choice{} },
		"site": func() { c.Site = nil }, "role": func() { c.Role = nil }, "platform": func() { c.Platform = nil },
		"cluster": func() { c.Cluster = nil }, "tenant": func() { c.Tenant = nil }, "location": func() { c.Location = nil },
		"primary_ip4": func() { c.PrimaryIP4 = nil }, "tags": func() { c.Tags = nil }, "custom_fields": func() { c.CustomFields = nil },
	} {
		if !slices.Contains(keep, name) {
			f()
		}
	}
	return c
}
