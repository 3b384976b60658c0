package verdict

import (
	"errors"

	"github.com/nbzbx/netbox-zabbix/provision"
)

// OfChange decides what to do with a failed Provisioner.HandleChange of
// ch. It is Of, except for failures that mean the change has nothing left
// to do:
//
//   - a device or VM created or updated that NetBox no longer has (it was
//     deleted since; its own deleted event removes the host): Done;
//   - a deletion whose host config another run removed first: Done.
func OfChange(ch provision.ObjectChange, err error) Verdict {
	switch {
	case err == nil:
		return Verdict{Action: Done}
	case ch.Kind != provision.ObjectDeleted && errors.Is(err, provision.ErrObjectNotFound):
		return Verdict{Action: Done, Reason: "the object is gone from NetBox: its deleted event removes the host"}
	case ch.Kind == provision.ObjectDeleted && errors.Is(err, provision.ErrNotProvisioned):
		return Verdict{Action: Done, Reason: "the object's host config was removed by another run"}
	}
	return Of(err)
}
