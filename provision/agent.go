package provision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opProvisionAgent = "ProvisionAgent"

// ProvisionAgent gives a NetBox device or virtual machine a Zabbix host
// monitored through an agent interface (docs/behaviour.md,
// "ProvisionAgent").
//
// When the object has no host config with a Zabbix host yet, it resolves the
// object's mapping, builds the config "z-<name>" with an agent interface on
// the object's primary IPv4 address, creates the host, links the interface
// ID and stores the config: "Created <name> with <mapping> mapping". When the
// object already has a host, it adds the agent interface to the config and
// the host: "Updated <name> with new interface <interface> in Zabbix"; an
// agent interface with the same address and port already there is an
// *InterfaceExistsError.
//
// Any failure after Zabbix changed undoes the change (the host created is
// deleted; the host updated is restored) and leaves the store as it was; if
// the undo fails, the error is an *UndoError naming the host. Work on one
// object is serialised through Store.Lock. Every failure is an *Error.
func (p *Provisioner) ProvisionAgent(ctx context.Context, req Request) (Result, error) {
	return p.provisionInterface(ctx, opProvisionAgent, zabbix.InterfaceAgent, req)
}

// provisionInterface runs ProvisionAgent (t agent) or ProvisionSNMP (t
// SNMP).
func (p *Provisioner) provisionInterface(ctx context.Context, op string, t zabbix.InterfaceType, req Request) (Result, error) {
	r := flow.Run{Op: op, Object: req.Object, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := p.provision(ctx, req, t, &r)
	return p.finish(ctx, r, res, err)
}

func (p *Provisioner) provision(ctx context.Context, req Request, t zabbix.InterfaceType, r *flow.Run) (Result, error) {
	if err := p.validateRequest(req); err != nil {
		return Result{}, err
	}
	settings, err := p.env.LoadSettings(ctx, p.store)
	r.Settings = settings
	if err != nil {
		return Result{}, err
	}
	planner, err := p.newPlanner(ctx, settings, req.Object.Type)
	if err != nil {
		return Result{}, err
	}
	planner.forRun(req.DryRun)
	read := p.readObjects(ctx, req.Object.Type, []int64{req.Object.ID}, planner.rules[req.Object.Type].fields, settings)[0]
	if read.obj != nil {
		r.Name = read.obj.Name
	}
	if read.err != nil {
		return Result{}, read.err
	}
	obj := read.obj
	d, err := planner.decide(ctx, obj, read.ip, t)
	if err != nil {
		return Result{}, err
	}
	unlock, err := p.lockObject(ctx, req)
	if err != nil {
		return Result{}, err
	}
	defer unlock()

	hc, err := p.store.HostConfigByObject(ctx, req.Object)
	switch {
	case errors.Is(err, store.ErrNotFound):
		hc = newConfig(obj, settings)
	case err != nil:
		return Result{}, fmt.Errorf("read host config: %w", err)
	}
	if hc, err = addInterface(hc, d.iface); err != nil {
		return Result{}, err
	}
	if hc.HostID == "" {
		// The mapping applies to a new host: its groups by name too.
		if err := planner.withGroups(ctx, &d); err != nil {
			return Result{}, err
		}
	}
	if req.DryRun {
		return p.dryRun(ctx, r, d, hc)
	}
	if hc.HostID != "" {
		return p.pushInterface(ctx, r, d, hc)
	}
	return p.create(ctx, r, d, hc)
}

// newConfig is the config of an object that has none: "z-<name>", with
// the status the settings give the object's NetBox status.
func newConfig(obj *netbox.Object, s store.Settings) store.HostConfig {
	return store.HostConfig{Name: configName(obj), Object: obj.Ref(), Status: s.ZabbixStatus(obj.Status.Value)}
}

// configName is the name of an object's host config.
func configName(obj *netbox.Object) string { return "z-" + obj.Name }

// truthy reports whether a custom field value is set: true, a non-empty
// text, a non-zero number, or a non-empty list or object.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	case int:
		return x != 0
	case int64:
		return x != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}
