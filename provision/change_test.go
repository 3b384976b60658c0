package provision_test

import (
	"errors"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func (w *world) change(ch provision.ObjectChange) provision.ChangeResult {
	w.t.Helper()
	res, err := w.p.HandleChange(w.t.Context(), ch)
	if err != nil {
		w.t.Fatalf("HandleChange(%+v): %v", ch, err)
	}
	return res
}

// TestHandleChange: each NetBox change runs the operation the plugin's
// signals would.
func TestHandleChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t, quiet())
	dev := netbox.DeviceRef(1)

	// Created, not onboarded: nothing; onboarded: provisioned.
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectCreated, Object: dev}); res.Op != "" {
		t.Errorf("created without Onboard ran %s", res.Op)
	}
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectCreated, Object: dev, Onboard: true}); res.Op != "ProvisionAgent" || !res.Result.Created {
		t.Fatalf("created with Onboard: %+v", res)
	}
	hostID := w.config(dev).HostID

	// Updated: the host follows.
	w.editDevice(1, func(o *netbox.Object) { o.Status = netbox.Choice{Value: "offline"} })
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectUpdated, Object: dev, Onboard: true}); res.Op != "UpdateZabbixHost" {
		t.Fatalf("updated: %+v", res)
	}
	if h := w.host(hostID); h.Status != zabbix.StatusNotMonitored {
		t.Errorf("status %v after the update", h.Status)
	}

	// An IP address of the device: its owner is updated, found in NetBox
	// or given.
	w.nb.PutIPAddress(&netbox.IPAddress{ID: 10, Address: "192.0.2.10/24", DNSName: "web-01.example.net",
		AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100,
		AssignedObject: &netbox.Nested{ID: 100, Name: "eth0", Attrs: map[string]any{"device": map[string]any{"id": float64(1), "name": "web-01"}}}})
	ip := netbox.Ref{Type: netbox.TypeIPAddress, ID: 10}
	res := w.change(provision.ObjectChange{Kind: provision.ObjectUpdated, Object: ip})
	if res.Op != "UpdateZabbixHost" || res.Object != dev {
		t.Fatalf("IP updated: %+v", res)
	}
	if h := w.host(hostID); h.Interfaces[0].DNS != "web-01.example.net" {
		t.Errorf("interface DNS %q after the address's DNS name changed", h.Interfaces[0].DNS)
	}
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectDeleted, Object: ip, Owner: dev}); res.Op != "UpdateZabbixHost" || res.Object != dev {
		t.Errorf("IP deleted with its owner: %+v", res)
	}
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectDeleted, Object: ip}); res.Op != "" {
		t.Errorf("IP deleted without an owner ran %s", res.Op)
	}

	// Deleted: the host goes (soft, by default).
	w.nb.DeleteObject(dev)
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectDeleted, Object: dev}); res.Op != "DeleteZabbixHost" {
		t.Fatalf("deleted: %+v", res)
	}
	if len(w.configs()) != 0 {
		t.Error("the config stays after the delete")
	}
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectDeleted, Object: dev}); res.Op != "" {
		t.Errorf("a second delete ran %s", res.Op)
	}

	// Other types are nothing to do; a bad change is refused.
	if res := w.change(provision.ObjectChange{Kind: provision.ObjectUpdated, Object: netbox.Ref{Type: netbox.TypeInterface, ID: 100}}); res.Op != "" {
		t.Errorf("an interface change ran %s", res.Op)
	}
	if _, err := w.p.HandleChange(t.Context(), provision.ObjectChange{Kind: "renamed", Object: dev}); !errors.Is(err, provision.ErrInvalidRequest) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := w.p.HandleChange(t.Context(), provision.ObjectChange{Kind: provision.ObjectUpdated, Object: ip, Owner: netbox.Ref{Type: netbox.TypeInterface, ID: 1}}); !errors.Is(err, provision.ErrInvalidRequest) {
		t.Errorf("an interface as owner: %v", err)
	}
}
