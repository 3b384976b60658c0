package iface

import (
	"context"
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
)

const opCreateZabbixInterface = "CreateZabbixInterface"

// ErrNotProvisioned: the host config has no Zabbix host yet; run
// ProvisionAgent first. It is provision.ErrNotProvisioned.
var ErrNotProvisioned = flow.ErrNotProvisioned

// Request asks for the interfaces of one host config to be pushed.
type Request struct {
	HostConfigID int64  `validate:"gt=0"`
	User         string `validate:"max=255"`
	RequestID    string `validate:"max=255"`
	// DryRun asks for a plan instead of the work: the payload and how the
	// Zabbix host would change, in Result.Plan, with no write to Zabbix or
	// the store.
	DryRun bool
}

// CreateZabbixInterface pushes the interfaces of the host config that its
// Zabbix host lacks, and links every unlinked one. A failure after the
// update restores the host and leaves the store as it was; if the restore
// fails, the error is a *provision.UndoError naming the host.
func (p *Pusher) CreateZabbixInterface(ctx context.Context, req Request) (Result, error) {
	r := flow.Run{Op: opCreateZabbixInterface, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := p.create(ctx, req, &r)
	return p.finish(ctx, r, res, err)
}

func (p *Pusher) create(ctx context.Context, req Request, r *flow.Run) (Result, error) {
	if err := p.env.CheckRequest(req); err != nil {
		return Result{}, err
	}
	hc, unlock, err := p.lockedConfig(ctx, req.HostConfigID, req.DryRun, "create interfaces for", r)
	defer unlock()
	if err != nil {
		return Result{}, err
	}
	s, err := flow.PlanSync(ctx, p.zabbix, hc)
	if err != nil {
		return Result{}, err
	}
	r.PreData = s.Before
	if complete(hc, s.Config) {
		r.Message = fmt.Sprintf("All %d interfaces of %s are already in Zabbix; nothing to create", len(hc.Interfaces), hc.Name)
		return Result{Message: r.Message, HostConfig: hc, Plan: &provision.Plan{Action: provision.ActionNone, Current: &s.Before, HostConfig: hc}}, nil
	}
	r.Data = s.Payload
	plan := flow.UpdatePlan(provision.ActionUpdate, s.Before, s.Payload, s.Config)
	if req.DryRun {
		r.Message = fmt.Sprintf("Would create interface(s) %s of %s in Zabbix host %s", strings.Join(unlinked(s.Config), ", "), hc.Name, hc.HostID)
		return Result{Message: r.Message, HostConfig: s.Config, Plan: plan}, nil
	}
	after, err := flow.ApplyUpdate(ctx, p.zabbix, s.Before, s.Payload, fmt.Sprintf("host config %q", hc.Name))
	r.PostData = after
	if err != nil {
		return Result{}, err
	}
	linked, err := flow.Link(s.Config, hc.HostID, after.Interfaces)
	if err != nil {
		return Result{}, flow.UndoAfter(ctx, p.zabbix, s.Before, err)
	}
	saved, err := p.store.UpdateHostConfig(ctx, linked)
	if err != nil {
		return Result{}, flow.UndoAfter(ctx, p.zabbix, s.Before, fmt.Errorf("store host config %q: %w", hc.Name, err))
	}
	names := newlyLinked(hc, saved)
	r.Message = fmt.Sprintf("Created interface(s) %s of %s in Zabbix host %s", strings.Join(names, ", "), hc.Name, hc.HostID)
	plan.HostConfig = saved
	return Result{Message: r.Message, Linked: names, HostConfig: saved, Plan: plan, After: after}, nil
}

// complete reports whether every interface of the stored config hc is
// linked to an interface its Zabbix host still has (planned, from
// PlanSync, keeps exactly those links), so that there is nothing to push.
func complete(hc, planned store.HostConfig) bool {
	for i, in := range hc.Interfaces {
		if !in.Linked() || planned.Interfaces[i].InterfaceID != in.InterfaceID {
			return false
		}
	}
	return true
}

// unlinked names the interfaces of hc that have no Zabbix interface ID.
func unlinked(hc store.HostConfig) []string {
	var names []string
	for _, in := range hc.Interfaces {
		if !in.Linked() {
			names = append(names, in.Name)
		}
	}
	return names
}

// newlyLinked names the interfaces linked in after that were not in before.
func newlyLinked(before, after store.HostConfig) []string {
	was := make(map[string]bool)
	for _, in := range before.Interfaces {
		if in.Linked() {
			was[in.Name+"\x00"+in.InterfaceID] = true
		}
	}
	var names []string
	for _, in := range after.Interfaces {
		if !was[in.Name+"\x00"+in.InterfaceID] {
			names = append(names, in.Name)
		}
	}
	return names
}
