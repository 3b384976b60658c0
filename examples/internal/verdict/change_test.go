package verdict_test

import (
	"errors"
	"testing"

	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// TestOfChange: a change whose object is gone, or whose config another run
// removed, has nothing left to do; anything else is decided as Of does.
func TestOfChange(t *testing.T) {
	t.Parallel()
	dev := netbox.DeviceRef(42)
	wrap := func(op string, err error) error { return &provision.Error{Op: op, Object: dev, Err: err} }
	updated := provision.ObjectChange{Kind: provision.ObjectUpdated, Object: dev}
	deleted := provision.ObjectChange{Kind: provision.ObjectDeleted, Object: dev}
	for _, c := range []struct {
		name string
		ch   provision.ObjectChange
		err  error
		want verdict.Action
	}{
		{"updated, gone from NetBox", updated, wrap("UpdateZabbixHost", provision.ErrObjectNotFound), verdict.Done},
		{"deleted, config already removed", deleted, wrap("DeleteZabbixHost", provision.ErrNotProvisioned), verdict.Done},
		{"deleted, not found", deleted, wrap("DeleteZabbixHost", provision.ErrObjectNotFound), verdict.Cancel},
		{"updated, no primary IP", updated, wrap("UpdateZabbixHost", provision.ErrNoPrimaryIP), verdict.Cancel},
		{"updated, unknown", updated, errors.New("something else"), verdict.Retry},
	} {
		if v := verdict.OfChange(c.ch, c.err); v.Action != c.want || v.Reason == "" {
			t.Errorf("%s: OfChange = %v %q, want %v", c.name, v.Action, v.Reason, c.want)
		}
	}
	if v := verdict.OfChange(updated, nil); v.Action != verdict.Done {
		t.Errorf("nil: %v", v.Action)
	}
}
