package riverjobs_test

import (
	"encoding/json"
	"testing"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// TestChangeArgs: a change survives the job args' JSON, and its key is the
// object it acts on, a deletion apart.
func TestChangeArgs(t *testing.T) {
	t.Parallel()
	ip := netbox.Ref{Type: netbox.TypeIPAddress, ID: 10}
	for _, c := range []struct {
		ch  provision.ObjectChange
		key string
	}{
		{provision.ObjectChange{Kind: provision.ObjectCreated, Object: netbox.DeviceRef(1), Onboard: true, User: "alice", RequestID: "r1"}, "dcim.device:1"},
		{provision.ObjectChange{Kind: provision.ObjectUpdated, Object: netbox.VMRef(2)}, "virtualization.virtualmachine:2"},
		{provision.ObjectChange{Kind: provision.ObjectDeleted, Object: netbox.DeviceRef(1)}, "dcim.device:1:deleted"},
		{provision.ObjectChange{Kind: provision.ObjectUpdated, Object: ip, Owner: netbox.DeviceRef(1)}, "dcim.device:1"},
		{provision.ObjectChange{Kind: provision.ObjectDeleted, Object: ip, Owner: netbox.VMRef(2)}, "virtualization.virtualmachine:2"},
		{provision.ObjectChange{Kind: provision.ObjectDeleted, Object: ip}, "ipam.ipaddress:10"},
	} {
		a := riverjobs.NewChangeArgs(c.ch)
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back riverjobs.ChangeArgs
		if err := json.Unmarshal(b, &back); err != nil || back.Change() != c.ch || back.Key != c.key {
			t.Errorf("%+v: back %+v key %q (%v); want key %q", c.ch, back.Change(), back.Key, err, c.key)
		}
	}
	if o := (riverjobs.ChangeArgs{}).InsertOpts(); !o.UniqueOpts.ByArgs {
		t.Error("change jobs are not unique by args")
	}
}
