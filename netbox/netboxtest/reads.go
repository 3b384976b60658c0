package netboxtest

import (
	"slices"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

func testReadDevice(t *testing.T, c Client, fx Fixture) {
	got := readOne(t, c, netbox.TypeDevice, fx.Device.ID)
	checkObject(t, got, netbox.TypeDevice, fx.Device)
}

func testReadVM(t *testing.T, c Client, fx Fixture) {
	got := readOne(t, c, netbox.TypeVirtualMachine, fx.VM.ID)
	checkObject(t, got, netbox.TypeVirtualMachine, fx.VM)
}

func testDeviceWithoutIP(t *testing.T, c Client, fx Fixture) {
	got := readOne(t, c, netbox.TypeDevice, fx.DeviceWithoutIP.ID)
	checkObject(t, got, netbox.TypeDevice, fx.DeviceWithoutIP)
}

// testManyIDs: one call with several IDs, duplicates and missing ones
// returns each existing object once, in any order.
func testManyIDs(t *testing.T, c Client, fx Fixture) {
	missing := fx.missingIDs()
	ids := append([]int64{fx.DeviceWithoutIP.ID, fx.Device.ID, missing[0], fx.Device.ID}, missing...)
	got, err := c.Objects(t.Context(), netbox.TypeDevice, ids...)
	if err != nil {
		t.Fatalf("Objects(device, %v): %v", ids, err)
	}
	byID := make(map[int64]*netbox.Object)
	for _, o := range got {
		if byID[o.ID] != nil {
			t.Errorf("Objects(device, %v) returned device %d twice", ids, o.ID)
		}
		byID[o.ID] = o
	}
	if len(byID) != 2 || byID[fx.Device.ID] == nil || byID[fx.DeviceWithoutIP.ID] == nil {
		t.Fatalf("Objects(device, %v) returned IDs %v, want exactly %d and %d", ids, objectIDs(got), fx.Device.ID, fx.DeviceWithoutIP.ID)
	}
	checkObject(t, byID[fx.Device.ID], netbox.TypeDevice, fx.Device)
	checkObject(t, byID[fx.DeviceWithoutIP.ID], netbox.TypeDevice, fx.DeviceWithoutIP)

	ips, err := c.IPAddresses(t.Context(), fx.VM.PrimaryIP4.ID, fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID, missing[0])
	if err != nil {
		t.Fatalf("IPAddresses: %v", err)
	}
	if gotIDs := ipIDs(ips); !slices.Equal(gotIDs, sortedIDs(fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID)) {
		t.Errorf("IPAddresses(vm IP, device IP, vm IP, missing) returned IDs %v, want each existing one once", gotIDs)
	}
}

// testMissingIDs: missing objects are left out, not errors, for one ID
// and for many.
func testMissingIDs(t *testing.T, c Client, fx Fixture) {
	missing := fx.missingIDs()
	for _, ids := range [][]int64{missing[:1], missing, nil} {
		for _, typ := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
			got, err := c.Objects(t.Context(), typ, ids...)
			if err != nil || len(got) != 0 {
				t.Errorf("Objects(%s, %v) = %v, %v; want nothing and no error", typ, ids, objectIDs(got), err)
			}
		}
		got, err := c.IPAddresses(t.Context(), ids...)
		if err != nil || len(got) != 0 {
			t.Errorf("IPAddresses(%v) = %v, %v; want nothing and no error", ids, ipIDs(got), err)
		}
	}
}

// testIPAddresses: the device's and the VM's addresses with the
// interfaces they are assigned to, read one at a time and together.
func testIPAddresses(t *testing.T, c Client, fx Fixture) {
	for _, want := range []*IP{fx.Device.PrimaryIP4, fx.VM.PrimaryIP4} {
		got, err := c.IPAddresses(t.Context(), want.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("IPAddresses(%d) = %d addresses, %v; want 1", want.ID, len(got), err)
		}
		checkIP(t, got[0], want)
	}
	both, err := c.IPAddresses(t.Context(), fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID)
	if err != nil || len(both) != 2 {
		t.Fatalf("IPAddresses(both) = %v, %v; want 2 addresses", ipIDs(both), err)
	}
	for _, ip := range both {
		switch ip.ID {
		case fx.Device.PrimaryIP4.ID:
			checkIP(t, ip, fx.Device.PrimaryIP4)
		case fx.VM.PrimaryIP4.ID:
			checkIP(t, ip, fx.VM.PrimaryIP4)
		}
	}
}

func readOne(t *testing.T, c Client, typ netbox.ObjectType, id int64) *netbox.Object {
	t.Helper()
	got, err := c.Objects(t.Context(), typ, id)
	if err != nil {
		t.Fatalf("Objects(%s, %d): %v", typ, id, err)
	}
	if len(got) != 1 {
		t.Fatalf("Objects(%s, %d) returned %d objects, want 1", typ, id, len(got))
	}
	return got[0]
}

func objectIDs(os []*netbox.Object) []int64 {
	ids := make([]int64, len(os))
	for i, o := range os {
		ids[i] = o.ID
	}
	return ids
}

func ipIDs(ips []*netbox.IPAddress) []int64 {
	ids := make([]int64, len(ips))
	for i, ip := range ips {
		ids[i] = ip.ID
	}
	slices.Sort(ids)
	return ids
}

func sortedIDs(ids ...int64) []int64 {
	s := slices.Clone(ids)
	slices.Sort(s)
	return slices.Compact(s)
}
