package iface

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opUpdateZabbixInterface = "UpdateZabbixInterface"

// ErrInterfaceInUse: the update would remove an interface that items use;
// Zabbix refused it and nothing changed.
var ErrInterfaceInUse = errors.New("interface used by items")

// InterfaceInUseError reports an update Zabbix refused because it would
// remove an interface that items use. Nothing changed.
type InterfaceInUseError struct {
	Config     string   // the host config
	Interfaces []string // the interfaces the update removes; one of them is in use
	Err        error    // Zabbix's refusal, naming the item
}

func (e *InterfaceInUseError) Error() string {
	return fmt.Sprintf("host config %q: removing interface(s) %s from the Zabbix host is refused, items use it: move the items to another interface or delete them in Zabbix, then update again: %v",
		e.Config, strings.Join(e.Interfaces, ", "), e.Err)
}

// Is reports whether target is ErrInterfaceInUse.
func (e *InterfaceInUseError) Is(target error) bool { return target == ErrInterfaceInUse }

func (e *InterfaceInUseError) Unwrap() error { return e.Err }

// UpdateRequest asks for the interfaces of one host config to become a
// new list, in the store and in Zabbix.
type UpdateRequest struct {
	HostConfigID int64 `validate:"gt=0"`
	// Interfaces is the config's new interface list: its interfaces (by
	// their store ID, changed or not), without those to remove, and new
	// ones (ID 0). Nil means the list as stored, after it was changed in
	// the store; interfaces removed there are then no longer known and
	// stay in Zabbix.
	Interfaces []store.Interface `validate:"omitempty,dive"`
	User       string            `validate:"max=255"`
	RequestID  string            `validate:"max=255"`
	// DryRun asks for a plan instead of the work.
	DryRun bool
}

// UpdateZabbixInterface brings the interfaces of a host config's Zabbix
// host in line with the config (docs/behaviour.md,
// "UpdateZabbixInterface"): interfaces whose details changed (address,
// DNS name, how Zabbix connects, port, main, SNMP details) are updated in
// place, by their Zabbix interface ID; those removed from the config are
// removed from the host; unlinked ones are created and linked. Interfaces
// added to the host in Zabbix by hand stay. When items use an interface
// it would remove, Zabbix refuses the update: that is an
// *InterfaceInUseError (matching ErrInterfaceInUse), and nothing changed.
//
// It reads the host once and, when something differs, sends one
// host.update (read back in the same request), links the new interfaces
// and stores the config; a failure after Zabbix changed restores the host.
func (p *Pusher) UpdateZabbixInterface(ctx context.Context, req UpdateRequest) (Result, error) {
	r := flow.Run{Op: opUpdateZabbixInterface, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := p.update(ctx, req, &r)
	return p.finish(ctx, r, res, err)
}

func (p *Pusher) update(ctx context.Context, req UpdateRequest, r *flow.Run) (Result, error) {
	if err := p.env.CheckRequest(req); err != nil {
		return Result{}, err
	}
	hc, unlock, err := p.lockedConfig(ctx, req.HostConfigID, req.DryRun, "update the interfaces of", r)
	defer unlock()
	if err != nil {
		return Result{}, err
	}
	want, err := wanted(hc, req.Interfaces)
	if err != nil {
		return Result{}, err
	}
	cur, err := flow.ReadHost(ctx, p.zabbix, hc)
	if err != nil {
		return Result{}, err
	}
	r.PreData = cur
	want = flow.ForgetStale(want, cur.Interfaces)
	ifaces, changed := flow.MergeInterfaces(cur.Interfaces, hc, flow.Interfaces(want), false)
	if !changed {
		r.Message = fmt.Sprintf("The interfaces of %s are as in Zabbix host %s; nothing to update", hc.Name, hc.HostID)
		if !req.DryRun && configChanged(hc, want) {
			saved, err := p.store.UpdateHostConfig(ctx, want)
			if err != nil {
				return Result{}, fmt.Errorf("store host config %q: %w", hc.Name, err)
			}
			hc = saved
		}
		return Result{Message: r.Message, HostConfig: hc, Plan: &provision.Plan{Action: provision.ActionNone, Current: &cur, HostConfig: hc}}, nil
	}
	u := zabbix.HostUpdate{HostID: hc.HostID, Interfaces: ifaces}
	plan := flow.UpdatePlan(provision.ActionUpdate, cur, u, want)
	r.Data = u
	summary := interfaceChanges(hc, want)
	if req.DryRun {
		r.Message = fmt.Sprintf("Would update the interfaces of %s in Zabbix host %s: %s", hc.Name, hc.HostID, summary)
		return Result{Message: r.Message, HostConfig: want, Plan: plan}, nil
	}
	after, err := flow.ApplyUpdate(ctx, p.zabbix, cur, u, fmt.Sprintf("host config %q", hc.Name))
	if errors.Is(err, zabbix.ErrInterfaceInUse) {
		return Result{}, &InterfaceInUseError{Config: hc.Name, Interfaces: removed(hc, want), Err: err}
	}
	if err != nil {
		return Result{}, err
	}
	r.PostData = after
	linked, err := flow.Link(want, hc.HostID, after.Interfaces)
	if err != nil {
		return Result{}, flow.UndoAfter(ctx, p.zabbix, cur, err)
	}
	saved, err := p.store.UpdateHostConfig(ctx, linked)
	if err != nil {
		return Result{}, flow.UndoAfter(ctx, p.zabbix, cur, fmt.Errorf("store host config %q: %w", hc.Name, err))
	}
	r.Message = fmt.Sprintf("Updated the interfaces of %s in Zabbix host %s: %s", hc.Name, hc.HostID, summary)
	plan.HostConfig = saved
	return Result{Message: r.Message, Linked: newlyLinked(hc, saved), HostConfig: saved, Plan: plan, After: after}, nil
}

// wanted is hc with the interface list ifaces (nil: as stored). An
// interface with an ID must be one of hc's, listed once, and keeps hc's
// link; an interface without an ID is new.
func wanted(hc store.HostConfig, ifaces []store.Interface) (store.HostConfig, error) {
	want := hc.Clone()
	if ifaces == nil {
		return want, nil
	}
	want.Interfaces = make([]store.Interface, 0, len(ifaces))
	seen := make(map[int64]bool)
	for _, in := range ifaces {
		in = in.Clone()
		if in.ID != 0 {
			i := slices.IndexFunc(hc.Interfaces, func(s store.Interface) bool { return s.ID == in.ID })
			if i < 0 || seen[in.ID] {
				return want, flow.Failure(flow.ErrInvalidRequest, "interface %d (%q) is not an interface of host config %q, or is listed twice: give new interfaces ID 0",
					in.ID, in.Name, hc.Name)
			}
			seen[in.ID] = true
			in.InterfaceID, in.HostID = hc.Interfaces[i].InterfaceID, hc.Interfaces[i].HostID
		} else {
			in.InterfaceID, in.HostID = "", ""
		}
		want.Interfaces = append(want.Interfaces, in)
	}
	return want, nil
}

// removed names the interfaces of hc that want no longer has.
func removed(hc, want store.HostConfig) []string {
	var names []string
	for _, in := range hc.Interfaces {
		if !slices.ContainsFunc(want.Interfaces, func(w store.Interface) bool { return w.ID == in.ID }) {
			names = append(names, in.Name)
		}
	}
	return names
}

// interfaceChanges says which interfaces want changes, removes and adds
// compared with hc.
func interfaceChanges(hc, want store.HostConfig) string {
	var changed, added []string
	for _, w := range want.Interfaces {
		i := slices.IndexFunc(hc.Interfaces, func(in store.Interface) bool { return in.ID == w.ID })
		switch {
		case w.ID == 0 || !w.Linked():
			added = append(added, w.Name)
		case i >= 0 && !flow.SameInterface(flow.Interface(hc.Interfaces[i]), flow.Interface(w)):
			changed = append(changed, w.Name)
		}
	}
	var parts []string
	for _, p := range []struct {
		verb  string
		names []string
	}{{"changed", changed}, {"removed", removed(hc, want)}, {"added", added}} {
		if len(p.names) > 0 {
			parts = append(parts, p.verb+" "+strings.Join(p.names, ", "))
		}
	}
	if len(parts) == 0 {
		return "relinked"
	}
	return strings.Join(parts, "; ")
}

// configChanged reports whether want differs from hc in its interfaces.
func configChanged(hc, want store.HostConfig) bool {
	if len(hc.Interfaces) != len(want.Interfaces) {
		return true
	}
	for i := range hc.Interfaces {
		a, b := hc.Interfaces[i], want.Interfaces[i]
		if a.ID != b.ID || a.Name != b.Name || a.InterfaceID != b.InterfaceID || a.IPAddressID != b.IPAddressID || a.NetBoxInterface != b.NetBoxInterface ||
			!flow.SameInterface(flow.Interface(a), flow.Interface(b)) {
			return true
		}
	}
	return false
}
