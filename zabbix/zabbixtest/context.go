package zabbixtest

import (
	"context"
	"errors"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testCanceledContext calls every method with a canceled context: each
// returns context.Canceled and changes nothing.
func testCanceledContext(t *testing.T, h *harness) {
	x := h.create(t, h.host("ctx", "192.0.2.200"))[0]
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	in := h.host("ctx-new", "192.0.2.201")
	if _, err := h.c.CreateHosts(ctx, []zabbix.Host{in}); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateHosts error = %v, want context.Canceled", err)
	}
	h.wantNone(t, in.Host)

	if _, err := h.c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{x.HostID}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Hosts error = %v, want context.Canceled", err)
	}

	desc := "changed under a canceled context"
	if _, err := h.c.UpdateHost(ctx, zabbix.HostUpdate{HostID: x.HostID, Description: &desc}); !errors.Is(err, context.Canceled) {
		t.Errorf("UpdateHost error = %v, want context.Canceled", err)
	}
	h.wantSame(t, x, "an update under a canceled context")

	if err := h.c.DeleteHosts(ctx, x.HostID); !errors.Is(err, context.Canceled) {
		t.Errorf("DeleteHosts error = %v, want context.Canceled", err)
	}
	h.wantIDs(t, []string{x.HostID}, x.HostID)
}

// testNoAliasing changes the values passed to and returned by the backend:
// what it stores must not change with them.
func testNoAliasing(t *testing.T, h *harness) {
	in := h.host("alias", "192.0.2.210")
	in.Tags = []zabbix.Tag{{Tag: "env", Value: "test"}}
	in.InventoryMode = zabbix.InventoryManual
	in.Inventory = map[string]string{"os": "Debian 12"}
	in.Interfaces = append(in.Interfaces, zabbix.HostInterface{
		Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: "192.0.2.211", Port: "161",
		Details: &zabbix.SNMPDetails{Version: 2, Bulk: 1, Community: "public"},
	})
	hosts := []zabbix.Host{in}
	created, err := h.c.CreateHosts(t.Context(), hosts)
	if err != nil {
		t.Fatalf("CreateHosts: %v", err)
	}
	want := created[0].Clone()

	scribble(&hosts[0])
	scribble(&created[0])
	h.wantSame(t, want, "changing the CreateHosts argument or result")

	read := h.get(t, want.HostID)
	scribble(&read[0])
	h.wantSame(t, want, "changing a Hosts result")

	u := want.AsUpdate()
	got, err := h.c.UpdateHost(t.Context(), u)
	if err != nil {
		t.Fatalf("UpdateHost: %v", err)
	}
	scribbleUpdate(&u)
	scribble(&got)
	h.wantSame(t, want, "changing the UpdateHost argument or result")
}

// scribble changes every part of x that could share memory.
func scribble(x *zabbix.Host) {
	for i := range x.GroupIDs {
		x.GroupIDs[i] = "scribbled"
	}
	for i := range x.TemplateIDs {
		x.TemplateIDs[i] = "scribbled"
	}
	for i := range x.Tags {
		x.Tags[i].Value = "scribbled"
	}
	for k := range x.Inventory {
		x.Inventory[k] = "scribbled"
	}
	if x.Inventory != nil {
		x.Inventory["notes"] = "scribbled"
	}
	for i := range x.Interfaces {
		x.Interfaces[i].IP = "192.0.2.254"
		if d := x.Interfaces[i].Details; d != nil {
			d.Community = "scribbled"
		}
	}
}

// scribbleUpdate changes every part of u that could share memory.
func scribbleUpdate(u *zabbix.HostUpdate) {
	x := zabbix.Host{GroupIDs: u.GroupIDs, TemplateIDs: u.TemplateIDs, Tags: u.Tags, Inventory: u.Inventory, Interfaces: u.Interfaces}
	scribble(&x)
	*u.Status, *u.Description, *u.InventoryMode, *u.MonitoredBy = 1, "scribbled", zabbix.InventoryAutomatic, zabbix.MonitoredByProxy
}

// wantSame fails the test when the host no longer reads as want.
func (h *harness) wantSame(t *testing.T, want zabbix.Host, after string) {
	t.Helper()
	if diff := gocmp.Diff(want, h.getOne(t, want.HostID), exact()...); diff != "" {
		t.Errorf("%s changed the stored host (-want +got):\n%s", after, diff)
	}
}
