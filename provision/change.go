package provision

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// ChangeKind is what happened to a NetBox object.
type ChangeKind string

// Kinds of ObjectChange, as NetBox's webhooks name them.
const (
	ObjectCreated ChangeKind = "created"
	ObjectUpdated ChangeKind = "updated"
	ObjectDeleted ChangeKind = "deleted"
)

// ObjectChange is a change in NetBox that Zabbix should follow: a device,
// virtual machine or IP address was created, updated or deleted.
type ObjectChange struct {
	Kind   ChangeKind `validate:"oneof=created updated deleted"`
	Object netbox.Ref
	// Owner is, for an IP address, the device or virtual machine whose
	// interface the address is assigned to, as the change's data says
	// (NetBox's webhook body does). When it is zero, HandleChange reads
	// the address from NetBox to find it; a deleted address cannot be
	// read, so its change is ignored without an Owner.
	Owner netbox.Ref `validate:"-"`
	// Onboard says to provision a device or virtual machine that has no
	// Zabbix host yet when it is created or updated (with an agent
	// interface, as ProvisionAgent does); without it, only objects
	// already provisioned are followed.
	Onboard bool
	// User and RequestID say who asked; they go into the events.
	User      string `validate:"max=255"`
	RequestID string `validate:"max=255"`
	// DryRun plans the operation and writes nothing.
	DryRun bool
}

// ChangeResult is what HandleChange did.
type ChangeResult struct {
	// Op is the operation run: "ProvisionAgent", "UpdateZabbixHost" or
	// "DeleteZabbixHost"; empty when there was nothing to do.
	Op string
	// Object is the object it ran on (the owner, for an IP address).
	Object netbox.Ref
	// Result is the operation's result.
	Result Result
	// Message says what was done, or why nothing was.
	Message string
}

// HandleChange runs what a NetBox change calls for, as the plugin's
// signals do:
//
//   - a device or virtual machine created or updated: UpdateZabbixHost when
//     it has a Zabbix host; else ProvisionAgent when ObjectChange.Onboard says
//     so, else nothing;
//   - a device or virtual machine deleted: DeleteZabbixHost (hard or soft,
//     as the settings say) when it has a Zabbix host;
//   - an IP address created, updated or deleted: the same as an update of
//     the object it is assigned to (its primary address may have moved or
//     changed its DNS name).
//
// Objects of other types, and objects without a host when nothing is to be
// onboarded, are nothing to do (an empty Op, and Message says why). The
// error is the operation's *Error, or an *Error for a change it cannot
// handle (ErrInvalidRequest) or an IP address it cannot read.
func (p *Provisioner) HandleChange(ctx context.Context, ch ObjectChange) (ChangeResult, error) {
	if err := p.env.CheckRequest(ch); err != nil {
		return ChangeResult{}, &Error{Op: "HandleChange", Object: ch.Object, Err: err}
	}
	target := ch.Object
	switch {
	case ch.Object.Type == netbox.TypeIPAddress:
		owner, err := p.ownerOf(ctx, ch)
		if err != nil || owner == (netbox.Ref{}) {
			res := ChangeResult{Object: ch.Object, Message: fmt.Sprintf("%s is assigned to no device or virtual machine: nothing to do", ch.Object)}
			if err != nil {
				err = &Error{Op: "HandleChange", Object: ch.Object, Err: err}
			}
			return res, err
		}
		target, ch.Kind = owner, ObjectUpdated
	case !ch.Object.Type.Provisionable():
		return ChangeResult{Object: ch.Object, Message: fmt.Sprintf("%s: only devices, virtual machines and IP addresses are followed", ch.Object)}, nil
	}
	req := Request{Object: target, User: ch.User, RequestID: ch.RequestID, DryRun: ch.DryRun}
	hc, err := p.store.HostConfigByObject(ctx, target)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return ChangeResult{}, &Error{Op: "HandleChange", Object: target, Err: fmt.Errorf("read host config: %w", err)}
	}
	provisioned := err == nil && hc.HostID != ""
	run := func(op string, f func(context.Context, Request) (Result, error)) (ChangeResult, error) {
		res, err := f(ctx, req)
		return ChangeResult{Op: op, Object: target, Result: res, Message: res.Message}, err
	}
	switch {
	case ch.Kind == ObjectDeleted && provisioned:
		return run(opDeleteZabbixHost, p.DeleteZabbixHost)
	case ch.Kind == ObjectDeleted:
		return ChangeResult{Object: target, Message: fmt.Sprintf("%s was deleted and has no Zabbix host: nothing to do", target)}, nil
	case provisioned:
		return run(opUpdateZabbixHost, p.UpdateZabbixHost)
	case ch.Onboard:
		return run(opProvisionAgent, p.ProvisionAgent)
	}
	return ChangeResult{Object: target, Message: fmt.Sprintf("%s has no Zabbix host, and new objects are not onboarded: nothing to do", target)}, nil
}

// ownerOf returns the device or virtual machine an IP address change is
// about: the change's Owner, else the one NetBox assigns the address to
// now (zero when none).
func (p *Provisioner) ownerOf(ctx context.Context, ch ObjectChange) (netbox.Ref, error) {
	if ch.Owner != (netbox.Ref{}) {
		if !ch.Owner.Type.Provisionable() || ch.Owner.ID <= 0 {
			return netbox.Ref{}, failure(ErrInvalidRequest, "the owner of %s is %s: give a device or virtual machine", ch.Object, ch.Owner)
		}
		return ch.Owner, nil
	}
	if ch.Kind == ObjectDeleted {
		return netbox.Ref{}, nil // NetBox no longer has it
	}
	ips, err := p.netbox.IPAddresses(ctx, netbox.Query{IDs: []int64{ch.Object.ID}, Fields: []string{"assigned_object"}})
	if err != nil {
		return netbox.Ref{}, fmt.Errorf("read %s from NetBox: %w", ch.Object, err)
	}
	if len(ips) == 0 {
		return netbox.Ref{}, nil
	}
	return assignedOwner(ips[0]), nil
}

// assignedOwner returns the device or virtual machine whose interface ip
// is assigned to, from NetBox's summary of the interface (read with
// Fields "assigned_object"), or zero when there is none.
func assignedOwner(ip *netbox.IPAddress) netbox.Ref {
	if ip == nil || ip.AssignedObject == nil {
		return netbox.Ref{}
	}
	for key, t := range map[string]netbox.ObjectType{"device": netbox.TypeDevice, "virtual_machine": netbox.TypeVirtualMachine} {
		if m, ok := ip.AssignedObject.Attrs[key].(map[string]any); ok {
			if id, ok := number(m["id"]); ok && id > 0 {
				return netbox.Ref{Type: t, ID: id}
			}
		}
	}
	return netbox.Ref{}
}

// number reads a JSON number as NetBox objects decoded into maps hold it.
func number(v any) (int64, bool) {
	switch n := v.(type) {
	case float64:
		return int64(n), n == float64(int64(n))
	case int64:
		return n, true
	case int:
		return int64(n), true
	}
	if s, ok := v.(interface{ Int64() (int64, error) }); ok {
		n, err := s.Int64()
		return n, err == nil
	}
	return 0, false
}
