package zabbixtest

import (
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testCreateAndRead creates a host with every part set and reads it back
// by ID and by name.
func testCreateAndRead(t *testing.T, h *harness) {
	in := zabbix.Host{
		Host:          h.name("full"),
		Name:          "Hôte complet " + h.token,
		Description:   "created by zabbixtest",
		GroupIDs:      []string{h.fx.GroupID},
		TemplateIDs:   []string{h.fx.TemplateID},
		Tags:          []zabbix.Tag{{Tag: "env", Value: "test"}, {Tag: "owner", Value: "zabbixtest"}},
		InventoryMode: zabbix.InventoryManual,
		Inventory:     map[string]string{"os": "Debian 12", "location": "rack 1"},
		Interfaces:    []zabbix.HostInterface{agent("192.0.2.10", 1)},
	}
	got := h.create(t, in)[0]
	if diff := gocmp.Diff(h.readBack(in), got, ignoringIDs()...); diff != "" {
		t.Errorf("CreateHosts returned (-want +got):\n%s", diff)
	}

	byID := h.getOne(t, got.HostID)
	if diff := gocmp.Diff(got, byID, exact()...); diff != "" {
		t.Errorf("Hosts by ID (-created +read):\n%s", diff)
	}
	byName, err := h.c.Hosts(t.Context(), zabbix.HostQuery{Names: []string{in.Host}})
	if err != nil {
		t.Fatalf("Hosts by name: %v", err)
	}
	if len(byName) != 1 {
		t.Fatalf("Hosts by name returned %d hosts, want 1", len(byName))
	}
	if diff := gocmp.Diff(got, byName[0], exact()...); diff != "" {
		t.Errorf("Hosts by name (-created +read):\n%s", diff)
	}
	both, err := h.c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{got.HostID}, Names: []string{in.Host}})
	if err != nil {
		t.Fatalf("Hosts by ID and name: %v", err)
	}
	if len(both) != 1 {
		t.Errorf("Hosts matching one host by ID and by name returned %d hosts, want it once", len(both))
	}
}

// testCreateDefaults creates a host with only what Zabbix requires and
// checks the defaults it reads back with.
func testCreateDefaults(t *testing.T, h *harness) {
	in := zabbix.Host{
		Host:          h.name("bare"),
		GroupIDs:      []string{h.fx.GroupID},
		InventoryMode: zabbix.InventoryDisabled,
	}
	got := h.create(t, in)[0]
	want := in
	want.Name = in.Host
	want.TLSConnect, want.TLSAccept = zabbix.TLSNone, zabbix.TLSNone
	if diff := gocmp.Diff(want, got, ignoringIDs()...); diff != "" {
		t.Errorf("host read back (-want +got):\n%s", diff)
	}
}

// testCreateMany creates several hosts in one call: the answer keeps the
// input order, and every host gets its own ID.
func testCreateMany(t *testing.T, h *harness) {
	var in []zabbix.Host
	for _, ip := range []string{"192.0.2.21", "192.0.2.22", "192.0.2.23", "192.0.2.24", "192.0.2.25"} {
		in = append(in, h.host("many-"+ip[len(ip)-2:], ip))
	}
	got := h.create(t, in...)
	ids := make([]string, len(got))
	seen := make(map[string]bool)
	for i, x := range got {
		if seen[x.HostID] {
			t.Errorf("host ID %s handed out twice", x.HostID)
		}
		seen[x.HostID] = true
		ids[i] = x.HostID
		if diff := gocmp.Diff(h.readBack(in[i]), x, ignoringIDs()...); diff != "" {
			t.Errorf("host %d (-want +got):\n%s", i, diff)
		}
	}
	if read := h.get(t, ids...); len(read) != len(in) {
		t.Errorf("Hosts(%v) returned %d hosts, want %d", ids, len(read), len(in))
	}
}

// testEmptyCalls checks that calls about no hosts do nothing and succeed.
func testEmptyCalls(t *testing.T, h *harness) {
	got, err := h.c.CreateHosts(t.Context(), nil)
	if err != nil || len(got) != 0 {
		t.Errorf("CreateHosts(nil) = %v, %v; want no hosts, no error", got, err)
	}
	if err := h.c.DeleteHosts(t.Context()); err != nil {
		t.Errorf("DeleteHosts() = %v, want nil", err)
	}
	read, err := h.c.Hosts(t.Context(), zabbix.HostQuery{})
	if err != nil || len(read) != 0 {
		t.Errorf("Hosts(empty query) = %d hosts, %v; want none, no error", len(read), err)
	}
}

// testHostsMissing reads hosts that do not exist: they are left out, which
// is not an error.
func testHostsMissing(t *testing.T, h *harness) {
	got, err := h.c.Hosts(t.Context(), zabbix.HostQuery{
		HostIDs: []string{missingID},
		Names:   []string{h.name("never-created")},
	})
	if err != nil {
		t.Fatalf("Hosts(missing) error = %v, want nil", err)
	}
	if len(got) != 0 {
		t.Errorf("Hosts(missing) returned %d hosts, want none", len(got))
	}
}
