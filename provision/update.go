package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opUpdateZabbixHost = "UpdateZabbixHost"

// UpdateZabbixHost brings the Zabbix host of a provisioned object in line
// with NetBox as it is now (docs/behaviour.md, "UpdateZabbixHost"): its
// names follow the object's name, its status the NetBox status (through
// the settings' status map), its templates, host groups and proxy the
// mapping that applies now (unless the config was edited by hand), its
// main interfaces the primary IPv4 address (same Zabbix interface, new
// address: never a second one), and its tags and inventory the mappings.
// Only what the library owns changes; what was added in Zabbix by hand
// stays, unless the settings make NetBox own whole hosts.
//
// It reads the host once; when nothing differs it writes nothing. Else it
// sends one host.update (read back in the same request), links any new
// interface and stores the config; a failure after Zabbix changed
// restores the host as it was read. An object NetBox no longer has
// matches ErrObjectNotFound, one without a host ErrNotProvisioned.
func (p *Provisioner) UpdateZabbixHost(ctx context.Context, req Request) (Result, error) {
	r := flow.Run{Op: opUpdateZabbixHost, Object: req.Object, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := p.update(ctx, req, &r)
	return p.finish(ctx, r, res, err)
}

func (p *Provisioner) update(ctx context.Context, req Request, r *flow.Run) (Result, error) {
	if err := p.validateRequest(req); err != nil {
		return Result{}, err
	}
	unlock, err := p.lockObject(ctx, req)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	st, err := p.inspect(ctx, req.Object, r)
	if err != nil {
		return Result{}, err
	}
	cur, tg, prev := st.current, st.target, st.config
	u := ownedUpdate(cur, prev, tg, st.settings.OwnWholeHost)
	name := st.read.obj.Name
	if u.Empty() && !configChanged(prev, tg.config) {
		r.Message = fmt.Sprintf("%s is in step with NetBox; nothing to change", name)
		return Result{Message: r.Message, Mapping: st.mapping, HostConfig: prev,
			Plan: &Plan{Action: ActionNone, Current: &cur, HostConfig: prev}}, nil
	}
	plan := flow.UpdatePlan(ActionUpdate, cur, u, tg.config).CreatingGroups(st.createGroups)
	if u.Empty() {
		plan.Update = nil
	}
	r.Data, r.PreData = plan.Payload(), cur
	if req.DryRun {
		r.Message = updatedMessage("Would update", name, plan)
		return Result{Message: r.Message, Mapping: st.mapping, HostConfig: tg.config, Plan: plan}, nil
	}
	after, cfg := cur, tg.config
	if !u.Empty() {
		if after, err = flow.ApplyUpdate(ctx, p.zabbix, cur, u, fmt.Sprintf("host config %q", prev.Name)); err != nil {
			return Result{}, err
		}
		r.PostData = after
		if cfg, err = flow.Link(cfg, cfg.HostID, after.Interfaces); err != nil {
			return Result{}, flow.UndoAfter(ctx, p.zabbix, cur, err)
		}
	}
	saved, err := p.store.UpdateHostConfig(ctx, cfg)
	if err != nil {
		err = fmt.Errorf("store host config %q: %w", cfg.Name, err)
		if !u.Empty() {
			err = flow.UndoAfter(ctx, p.zabbix, cur, err)
		}
		return Result{}, err
	}
	plan.HostConfig = saved
	r.Message = updatedMessage("Updated", name, plan)
	return Result{Message: r.Message, Mapping: st.mapping, HostConfig: saved, Plan: plan, After: after}, nil
}

// updatedMessage is "<verb> <name> in Zabbix: <fields>", or, when only the
// config changes, "<verb> the host config of <name>".
func updatedMessage(verb, name string, plan *Plan) string {
	if plan.Update == nil {
		return fmt.Sprintf("%s the host config of %s; the Zabbix host is in step", verb, name)
	}
	var fields []string
	for _, c := range plan.Changes {
		f, _, _ := strings.Cut(c.Field, "[")
		if len(fields) == 0 || fields[len(fields)-1] != f {
			fields = append(fields, f)
		}
	}
	return fmt.Sprintf("%s %s in Zabbix: %s", verb, name, strings.Join(fields, ", "))
}

// inspection is a provisioned object as NetBox, the store and Zabbix have
// it, and what its host should be.
type inspection struct {
	settings store.Settings
	config   store.HostConfig // as stored
	read     objectRead       // the object and its primary address
	current  zabbix.Host      // as Zabbix has it
	target   target
	mapping  string
	// createGroups are the host groups a dry run would create first.
	createGroups []string
}

// inspect reads the config of obj, the object from NetBox and its host from
// Zabbix (one request), and works out what the host should be. r learns
// the settings, the object's name and the host ID.
func (p *Provisioner) inspect(ctx context.Context, ref netbox.Ref, r *flow.Run) (inspection, error) {
	var st inspection
	var err error
	if st.settings, err = p.env.LoadSettings(ctx, p.store); err != nil {
		return st, err
	}
	r.Settings = st.settings
	hc, err := p.store.HostConfigByObject(ctx, ref)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return st, flow.Failure(ErrNotProvisioned, "%s has no host config: provision it first", ref)
	case err != nil:
		return st, fmt.Errorf("read host config: %w", err)
	case hc.HostID == "":
		return st, flow.Failure(ErrNotProvisioned, "host config %q of %s has no Zabbix host: provision it first", hc.Name, ref)
	}
	st.config = hc
	r.Name, r.HostID = hc.Name, hc.HostID
	planner, err := p.newPlanner(ctx, st.settings, ref.Type)
	if err != nil {
		return st, err
	}
	planner.forRun(r.DryRun)
	st.read = p.readObjects(ctx, ref.Type, []int64{ref.ID}, planner.rules[ref.Type].fields, st.settings)[0]
	if st.read.obj != nil {
		r.Name = st.read.obj.Name
	}
	if st.read.err != nil {
		if errors.Is(st.read.err, ErrObjectNotFound) && st.read.obj == nil {
			return st, fmt.Errorf("%w: host config %q stays as it is; remove the host with DeleteZabbixHost", st.read.err, hc.Name)
		}
		return st, st.read.err
	}
	d, tg, err := planner.target(ctx, st.read.obj, st.read.ip, hc)
	if err != nil {
		return st, err
	}
	st.target, st.mapping, st.createGroups = tg, d.mapping.Name, d.createGroups
	if hc.HandEdited {
		st.mapping = "" // the config's own lists apply
	}
	st.current, err = flow.ReadHost(ctx, p.zabbix, hc)
	return st, err
}
