package provision

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/store"
)

const opValidateHost = "ValidateHost"

// State is how a provisioned object's Zabbix host stands against NetBox.
type State string

// States of a Validation.
const (
	StateInSync      State = "in sync"      // the host is as NetBox says
	StateDrifted     State = "drifted"      // the host differs; Plan says how
	StateHostMissing State = "host missing" // the config's Zabbix host is gone
	StateObjectGone  State = "object gone"  // NetBox no longer has the object
)

// Validation is what ValidateHost found.
type Validation struct {
	State   State
	Message string
	// Plan is, for StateDrifted, the host.update UpdateZabbixHost would
	// send and the changes field by field (a config-only difference has
	// no Update).
	Plan *Plan
	// HostConfig is the config as stored.
	HostConfig store.HostConfig
}

// ValidateHost compares the Zabbix host of a provisioned object with what
// UpdateZabbixHost would make of it, and writes nothing: the host is in
// sync, has drifted (the changes, field by field), is missing from
// Zabbix, or its object is gone from NetBox. It costs one Zabbix request,
// and one more when the mapping names host groups by name; host groups it
// would create are in the plan's CreateGroups.
// An object without a host config matches ErrNotProvisioned; other
// failures are the backends'.
func (p *Provisioner) ValidateHost(ctx context.Context, req Request) (Validation, error) {
	r := flow.Run{Op: opValidateHost, Object: req.Object, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: true}
	v, err := p.validateHost(ctx, req, &r)
	if err != nil {
		err = &Error{Op: r.Op, Object: r.Object, Err: err}
		v = Validation{}
	} else {
		r.Message = v.Message
	}
	_, _ = p.env.Finish(ctx, r, err) // a read-only run records no event
	return v, err
}

func (p *Provisioner) validateHost(ctx context.Context, req Request, r *flow.Run) (Validation, error) {
	if err := p.validateRequest(req); err != nil {
		return Validation{}, err
	}
	st, err := p.inspect(ctx, req.Object, r)
	v := Validation{HostConfig: st.config}
	switch {
	case errors.Is(err, ErrHostMissing):
		v.State, v.Message = StateHostMissing, fmt.Sprintf("Zabbix host %s of %s is missing", st.config.HostID, st.config.Name)
		return v, nil
	case errors.Is(err, ErrObjectNotFound) && st.config.Name != "" && st.read.obj == nil:
		v.State, v.Message = StateObjectGone, fmt.Sprintf("%s of host config %s is not in NetBox any more", req.Object, st.config.Name)
		return v, nil
	case err != nil:
		return Validation{}, err
	}
	u := ownedUpdate(st.current, st.config, st.target, st.settings.OwnWholeHost)
	if u.Empty() && !configChanged(st.config, st.target.config) {
		v.State, v.Message = StateInSync, fmt.Sprintf("%s is in sync with NetBox", st.read.obj.Name)
		return v, nil
	}
	v.State, v.Plan = StateDrifted, flow.UpdatePlan(ActionUpdate, st.current, u, st.target.config).CreatingGroups(st.createGroups)
	if u.Empty() {
		v.Plan.Update = nil
	}
	v.Message = updatedMessage("Zabbix differs from NetBox: would update", st.read.obj.Name, v.Plan)
	return v, nil
}
