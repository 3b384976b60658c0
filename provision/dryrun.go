package provision

import (
	"context"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// dryRun plans what ProvisionAgent would do with hc (the config with the
// new agent interface) and returns it in Result.Plan, reading Zabbix but
// writing nothing.
func (p *Provisioner) dryRun(ctx context.Context, r *flow.Run, d decision, hc store.HostConfig) (Result, error) {
	res := Result{Mapping: d.mapping.Name}
	if hc.HostID != "" {
		s, err := flow.PlanSync(ctx, p.zabbix, hc)
		if err != nil {
			return Result{}, err
		}
		r.HostID, r.Data = hc.HostID, s.Payload
		r.Message = fmt.Sprintf("Would update %s with new interface %s in Zabbix", d.obj.Name, hc.Interfaces[len(hc.Interfaces)-1].Name)
		return planned(res, r.Message, flow.UpdatePlan(ActionUpdate, s.Before, s.Payload, s.Config)), nil
	}
	hc, payload, err := newHost(hc, d)
	if err != nil {
		return Result{}, err
	}
	r.Data = payload
	hosts, err := p.zabbix.Hosts(ctx, zabbix.HostQuery{Names: []string{payload.Host}})
	if err != nil {
		return Result{}, fmt.Errorf("look for Zabbix host %q: %w", payload.Host, err)
	}
	if len(hosts) == 0 {
		r.Message = fmt.Sprintf("Would create %s with %s mapping", d.obj.Name, d.mapping.Name)
		res.Created = true
		return planned(res, r.Message, flow.CreatePlan(payload, hc).CreatingGroups(d.createGroups)), nil
	}
	host := hosts[0]
	ok, err := p.adoptable(ctx, d, host)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, &HostNameTakenError{Host: payload.Host, HostID: host.HostID,
			Err: fmt.Errorf("%w: Zabbix host %s has this name", zabbix.ErrHostExists, host.HostID)}
	}
	hc.HostID = host.HostID
	s, err := flow.PlanSync(ctx, p.zabbix, hc)
	if err != nil {
		return Result{}, err
	}
	r.HostID, r.Data = host.HostID, s.Payload
	r.Message = fmt.Sprintf("Would create %s with %s mapping by taking over Zabbix host %s left by an interrupted run",
		d.obj.Name, d.mapping.Name, host.HostID)
	res.Created, res.Adopted = true, true
	return planned(res, r.Message, flow.UpdatePlan(ActionAdopt, s.Before, s.Payload, s.Config).CreatingGroups(d.createGroups)), nil
}

// planned fills a dry run's result.
func planned(res Result, msg string, plan *Plan) Result {
	res.Message, res.Plan, res.HostConfig = msg, plan, plan.HostConfig
	return res
}
