package provision

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opDeleteZabbixHost = "DeleteZabbixHost"

// archiveAttempts bounds the names a soft delete tries when a concurrent
// one takes the name it chose.
const archiveAttempts = 3

// DeleteZabbixHost removes the Zabbix host of an object and its host
// config (docs/behaviour.md, "DeleteZabbixHost"), as the settings' delete
// mode says: store.DeleteHard deletes the host; store.DeleteSoft renames
// it "<host><suffix>" (then "-1", "-2", … while that is taken), disables
// it, moves it to the graveyard host group (created when missing) and
// takes the object's default tag off it. A host already gone from Zabbix
// is not an error. It touches only the host the object's config links, and
// refuses one that carries another object's default tag.
//
// It reads the host once and writes it once (twice the first time a
// Provisioner soft-deletes: it finds or creates the graveyard group). The
// config is removed after Zabbix changed; if that fails, a soft delete is
// undone and a hard one leaves the config without a host. An object
// without a config matches ErrNotProvisioned.
func (p *Provisioner) DeleteZabbixHost(ctx context.Context, req Request) (Result, error) {
	r := flow.Run{Op: opDeleteZabbixHost, Object: req.Object, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := p.deleteHost(ctx, req, &r)
	return p.finish(ctx, r, res, err)
}

func (p *Provisioner) deleteHost(ctx context.Context, req Request, r *flow.Run) (Result, error) {
	if err := p.validateRequest(req); err != nil {
		return Result{}, err
	}
	s, err := p.env.LoadSettings(ctx, p.store)
	r.Settings = s
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
		return Result{}, flow.Failure(ErrNotProvisioned, "%s has no host config: nothing to delete", req.Object)
	case err != nil:
		return Result{}, fmt.Errorf("read host config: %w", err)
	}
	r.Name, r.HostID = hc.Name, hc.HostID
	if hc.HostID == "" {
		return p.dropConfig(ctx, r, hc, req.DryRun, fmt.Sprintf("host config %s had no Zabbix host", hc.Name))
	}
	soft := s.DeleteMode == store.DeleteSoft
	q := zabbix.HostQuery{HostIDs: []string{hc.HostID}}
	if soft {
		q.NamePrefix = flow.HostName(strings.TrimPrefix(hc.Name, "z-")) + s.GraveyardSuffix
	}
	hosts, err := p.zabbix.Hosts(ctx, q)
	if err != nil {
		return Result{}, fmt.Errorf("read Zabbix host %s of host config %q: %w", hc.HostID, hc.Name, err)
	}
	i := slices.IndexFunc(hosts, func(h zabbix.Host) bool { return h.HostID == hc.HostID })
	if i < 0 {
		return p.dropConfig(ctx, r, hc, req.DryRun, fmt.Sprintf("Zabbix host %s of %s was already gone", hc.HostID, hc.Name))
	}
	host := hosts[i]
	r.PreData = host
	if tag, ok := mapping.DefaultTag(s, hc.Object); ok {
		for _, t := range host.Tags {
			if t.Tag == tag.Tag && t.Value != tag.Value {
				return Result{}, fmt.Errorf("host config %q points at Zabbix host %s (%s), which carries %s=%s, not this object's %s=%s: it is not this object's host; nothing deleted, fix the config",
					hc.Name, host.HostID, host.Host, t.Tag, t.Value, tag.Tag, tag.Value)
			}
		}
	}
	if soft {
		return p.archive(ctx, r, hc, host, hosts, s, req.DryRun)
	}
	return p.hardDelete(ctx, r, hc, host, req.DryRun)
}

// dropConfig removes a config whose Zabbix host is gone (or never was).
func (p *Provisioner) dropConfig(ctx context.Context, r *flow.Run, hc store.HostConfig, dryRun bool, why string) (Result, error) {
	plan := &Plan{Action: ActionNone, HostConfig: hc}
	if dryRun {
		r.Message = why + "; would delete the host config"
		return Result{Message: r.Message, HostConfig: hc, Plan: plan}, nil
	}
	if err := p.store.DeleteHostConfig(ctx, hc.ID); err != nil {
		return Result{}, fmt.Errorf("delete host config %q: %w", hc.Name, err)
	}
	r.Message = why + "; deleted the host config"
	return Result{Message: r.Message, HostConfig: hc, Plan: plan}, nil
}

// hardDelete deletes host, then its config.
func (p *Provisioner) hardDelete(ctx context.Context, r *flow.Run, hc store.HostConfig, host zabbix.Host, dryRun bool) (Result, error) {
	plan := &Plan{Action: ActionDelete, Delete: host.HostID, Current: &host, HostConfig: hc,
		Changes: []Change{{Field: "host", Before: host.Host}}}
	r.Data = plan.Payload()
	if dryRun {
		r.Message = fmt.Sprintf("Would delete Zabbix host %s (%s) and host config %s", host.HostID, host.Host, hc.Name)
		return Result{Message: r.Message, HostConfig: hc, Plan: plan}, nil
	}
	if err := p.zabbix.DeleteHosts(ctx, host.HostID); err != nil {
		if gone, ferr := p.deleted(ctx, host.HostID, err); ferr != nil || !gone {
			return Result{}, ferr
		}
	}
	if err := p.store.DeleteHostConfig(ctx, hc.ID); err != nil {
		return Result{}, p.unlinkAfter(ctx, hc, fmt.Errorf("delete host config %q: %w", hc.Name, err))
	}
	r.Message = fmt.Sprintf("Deleted Zabbix host %s (%s) and host config %s", host.HostID, host.Host, hc.Name)
	return Result{Message: r.Message, HostConfig: hc, Plan: plan}, nil
}

// deleted tells, after host.delete of hostID failed with err, whether the
// host is gone: Zabbix says it no longer exists, or the answer was lost
// and a read finds no host. Otherwise it returns the error to report.
func (p *Provisioner) deleted(ctx context.Context, hostID string, err error) (bool, error) {
	err = fmt.Errorf("delete Zabbix host %s: %w", hostID, err)
	switch {
	case errors.Is(err, zabbix.ErrNoObject):
		return true, nil // deleted by someone else meanwhile
	case flow.Rejected(err):
		return false, err
	}
	ctx, cancel := flow.UndoContext(ctx)
	defer cancel()
	hosts, rerr := p.zabbix.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{hostID}})
	switch {
	case rerr != nil:
		return false, fmt.Errorf("%w; whether the host is gone is not known (reading it failed: %w): run DeleteZabbixHost again", err, rerr)
	case len(hosts) == 0:
		return true, nil
	}
	return false, err // the delete did not happen; the config stays
}

// unlinkAfter, after the config of a deleted host could not be removed
// (err), unlinks it from the host, so that no config points at a host
// that is gone, and returns err; or an error matching ErrUndoFailed when
// that fails too.
func (p *Provisioner) unlinkAfter(ctx context.Context, hc store.HostConfig, err error) error {
	ctx, cancel := flow.UndoContext(ctx)
	defer cancel()
	hc = hc.Clone()
	hc.HostID = ""
	for i := range hc.Interfaces {
		hc.Interfaces[i].InterfaceID, hc.Interfaces[i].HostID = "", ""
	}
	if _, uerr := p.store.UpdateHostConfig(ctx, hc); uerr != nil {
		return fmt.Errorf("%w; %w: the Zabbix host is deleted, but host config %q still points at it and could not be unlinked (%w): run DeleteZabbixHost again",
			err, ErrUndoFailed, hc.Name, uerr)
	}
	return fmt.Errorf("%w; the Zabbix host is deleted and host config %q kept without it: run DeleteZabbixHost again to remove it", err, hc.Name)
}

// archive soft-deletes host: renamed with the settings' suffix (others is
// what Zabbix has of the names that start with it), disabled, moved to
// the graveyard host group, without the object's default tag; then its
// config goes.
func (p *Provisioner) archive(ctx context.Context, r *flow.Run, hc store.HostConfig, host zabbix.Host, others []zabbix.Host,
	s store.Settings, dryRun bool) (Result, error) {
	base := host.Host + s.GraveyardSuffix
	if !strings.HasPrefix(base, flow.HostName(strings.TrimPrefix(hc.Name, "z-"))+s.GraveyardSuffix) {
		// The host was renamed in Zabbix: the names read do not tell
		// which archived names are taken.
		var err error
		if others, err = p.zabbix.Hosts(ctx, zabbix.HostQuery{NamePrefix: base}); err != nil {
			return Result{}, fmt.Errorf("read the Zabbix hosts named %s…: %w", base, err)
		}
	}
	var graveyard zabbix.HostGroup
	if dryRun {
		graveyard = zabbix.HostGroup{Name: s.GraveyardHostGroup}
		if g, err := p.zabbix.HostGroups(ctx, s.GraveyardHostGroup); err == nil && len(g) == 1 {
			graveyard = g[0]
		}
	} else {
		var err error
		if graveyard, err = p.graveyard(ctx, s.GraveyardHostGroup); err != nil {
			return Result{}, err
		}
	}
	var u zabbix.HostUpdate
	for attempt := 1; ; attempt++ {
		u = archiveUpdate(host, freeName(base, others), graveyard.GroupID, s, hc.Object)
		r.Data = u
		if dryRun {
			plan := flow.UpdatePlan(ActionUpdate, host, u, hc)
			r.Message = fmt.Sprintf("Would archive Zabbix host %s as %s in host group %s and delete host config %s", host.HostID, u.Host, graveyard.Name, hc.Name)
			return Result{Message: r.Message, HostConfig: hc, Plan: plan}, nil
		}
		after, err := flow.ApplyUpdate(ctx, p.zabbix, host, u, fmt.Sprintf("host config %q", hc.Name))
		if errors.Is(err, zabbix.ErrHostExists) && attempt < archiveAttempts {
			// Another host took the name meanwhile: read the names again.
			if others, err = p.zabbix.Hosts(ctx, zabbix.HostQuery{NamePrefix: base}); err != nil {
				return Result{}, fmt.Errorf("read the Zabbix hosts named %s…: %w", base, err)
			}
			continue
		}
		if err != nil {
			return Result{}, err
		}
		r.PostData = after
		break
	}
	if err := p.store.DeleteHostConfig(ctx, hc.ID); err != nil {
		return Result{}, flow.UndoAfter(ctx, p.zabbix, host, fmt.Errorf("delete host config %q: %w", hc.Name, err))
	}
	r.Message = fmt.Sprintf("Archived Zabbix host %s as %s in host group %s and deleted host config %s", host.HostID, u.Host, graveyard.Name, hc.Name)
	return Result{Message: r.Message, HostConfig: hc, Plan: flow.UpdatePlan(ActionUpdate, host, u, hc)}, nil
}

// archiveUpdate is the host.update of a soft delete.
func archiveUpdate(host zabbix.Host, name, groupID string, s store.Settings, obj netbox.Ref) zabbix.HostUpdate {
	disabled := zabbix.StatusNotMonitored
	tags := []zabbix.Tag{}
	tag, _ := mapping.DefaultTag(s, obj)
	for _, t := range host.Tags {
		if t != tag {
			tags = append(tags, t)
		}
	}
	return zabbix.HostUpdate{HostID: host.HostID, Host: name, Name: name, Status: &disabled, GroupIDs: []string{groupID}, Tags: tags}
}

// freeName is base, or base-1, base-2, … : the first no host of others has
// as its technical or visible name.
func freeName(base string, others []zabbix.Host) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(others, func(h zabbix.Host) bool { return h.Host == n || h.Name == n })
	}
	name := base
	for i := 1; taken(name); i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	return name
}

// graveyard returns the host group soft-deleted hosts move to, creating it
// when Zabbix has none of that name. The group's ID is kept for the
// Provisioner's life.
func (p *Provisioner) graveyard(ctx context.Context, name string) (zabbix.HostGroup, error) {
	p.mu.Lock()
	g, ok := p.graveyards[name]
	p.mu.Unlock()
	if ok {
		return g, nil
	}
	found, err := p.zabbix.HostGroups(ctx, name)
	if err != nil {
		return g, fmt.Errorf("look for the graveyard host group %q: %w", name, err)
	}
	if len(found) == 0 {
		created, err := p.zabbix.CreateHostGroups(ctx, name)
		switch {
		case err != nil && !errors.Is(err, zabbix.ErrGroupExists):
			return g, fmt.Errorf("create the graveyard host group %q: %w", name, err)
		case err != nil: // created by another worker meanwhile
			if found, err = p.zabbix.HostGroups(ctx, name); err != nil || len(found) == 0 {
				return g, fmt.Errorf("look for the graveyard host group %q: %w", name, cmp.Or(err, errors.New("it exists but cannot be read")))
			}
		default:
			found = created
		}
	}
	g = found[0]
	p.mu.Lock()
	p.graveyards[name] = g
	p.mu.Unlock()
	return g, nil
}
