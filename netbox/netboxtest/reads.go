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
// returns each existing object once, ordered by ID.
func testManyIDs(t *testing.T, c Client, fx Fixture) {
	missing := fx.missingIDs()
	ids := append([]int64{fx.DeviceWithoutIP.ID, fx.Device.ID, missing[0], fx.Device.ID}, missing...)
	q := netbox.Query{Type: netbox.TypeDevice, IDs: ids}
	got, err := c.Objects(t.Context(), q)
	if err != nil {
		t.Fatalf("Objects(%v): %v", q, err)
	}
	if want := sortedIDs(fx.Device.ID, fx.DeviceWithoutIP.ID); !slices.Equal(objectIDs(got), want) {
		t.Fatalf("Objects(%v) returned IDs %v, want exactly %v, in that order", q, objectIDs(got), want)
	}
	for _, o := range got {
		if o.ID == fx.Device.ID {
			checkObject(t, o, netbox.TypeDevice, fx.Device)
		} else {
			checkObject(t, o, netbox.TypeDevice, fx.DeviceWithoutIP)
		}
	}

	ipq := netbox.Query{IDs: []int64{fx.VM.PrimaryIP4.ID, fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID, missing[0]}}
	ips, err := c.IPAddresses(t.Context(), ipq)
	if err != nil {
		t.Fatalf("IPAddresses(%v): %v", ipq, err)
	}
	if gotIDs := ipIDs(ips); !slices.Equal(gotIDs, sortedIDs(fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID)) {
		t.Errorf("IPAddresses(vm IP, device IP, vm IP, missing) returned IDs %v, want each existing one once, ordered by ID", gotIDs)
	}
}

// testMissingIDs: missing objects are left out, not errors, for one ID
// and for many; a query of no IDs (and no filter) reads nothing.
func testMissingIDs(t *testing.T, c Client, fx Fixture) {
	missing := fx.missingIDs()
	for _, ids := range [][]int64{missing[:1], missing, nil, {}, {0, -4}} {
		for _, typ := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
			q := netbox.Query{Type: typ, IDs: ids}
			got, err := c.Objects(t.Context(), q)
			if err != nil || len(got) != 0 {
				t.Errorf("Objects(%v) = %v, %v; want nothing and no error", q, objectIDs(got), err)
			}
			q.Filter = "status=active"
			if len(ids) > 0 {
				if got, err := c.Objects(t.Context(), q); err != nil || len(got) != 0 {
					t.Errorf("Objects(%v) = %v, %v; want nothing and no error", q, objectIDs(got), err)
				}
			}
		}
		got, err := c.IPAddresses(t.Context(), netbox.Query{IDs: ids})
		if err != nil || len(got) != 0 {
			t.Errorf("IPAddresses(%v) = %v, %v; want nothing and no error", ids, ipIDs(got), err)
		}
	}
}

// testIPAddresses: the device's and the VM's addresses with the
// interfaces they are assigned to, read one at a time and together.
func testIPAddresses(t *testing.T, c Client, fx Fixture) {
	for _, want := range []*IP{fx.Device.PrimaryIP4, fx.VM.PrimaryIP4} {
		got, err := c.IPAddresses(t.Context(), netbox.Query{IDs: []int64{want.ID}})
		if err != nil || len(got) != 1 {
			t.Fatalf("IPAddresses(%d) = %d addresses, %v; want 1", want.ID, len(got), err)
		}
		checkIP(t, got[0], want)
	}
	both, err := c.IPAddresses(t.Context(), netbox.Query{Type: netbox.TypeIPAddress, IDs: []int64{fx.Device.PrimaryIP4.ID, fx.VM.PrimaryIP4.ID}})
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

// readOne reads one object with every field.
func readOne(t *testing.T, c Client, typ netbox.ObjectType, id int64) *netbox.Object {
	t.Helper()
	q := netbox.Query{Type: typ, IDs: []int64{id}}
	got, err := c.Objects(t.Context(), q)
	if err != nil {
		t.Fatalf("Objects(%v): %v", q, err)
	}
	if len(got) != 1 {
		t.Fatalf("Objects(%v) returned %d objects, want 1", q, len(got))
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

// ipIDs returns the IDs of ips in the order given.
func ipIDs(ips []*netbox.IPAddress) []int64 {
	ids := make([]int64, len(ips))
	for i, ip := range ips {
		ids[i] = ip.ID
	}
	return ids
}

func sortedIDs(ids ...int64) []int64 {
	s := slices.Clone(ids)
	slices.Sort(s)
	return slices.Compact(s)
}
