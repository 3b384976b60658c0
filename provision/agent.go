package provision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

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
	r := flow.Run{Op: opProvisionAgent, Object: req.Object, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := p.provisionAgent(ctx, req, &r)
	return p.finish(ctx, r, res, err)
}

func (p *Provisioner) provisionAgent(ctx context.Context, req Request, r *flow.Run) (Result, error) {
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
	read := p.readObjects(ctx, req.Object.Type, []int64{req.Object.ID}, planner.rules[req.Object.Type].fields, settings)[0]
	if read.obj != nil {
		r.Name = read.obj.Name
	}
	if read.err != nil {
		return Result{}, read.err
	}
	obj := read.obj
	d, err := planner.decide(ctx, obj, read.ip)
	if err != nil {
		return Result{}, err
	}
	if !req.DryRun {
		unlock, err := p.store.Lock(ctx, req.Object)
		if err != nil {
			return Result{}, fmt.Errorf("lock %s in the store: %w", req.Object, err)
		}
		defer unlock()
	}

	hc, err := p.store.HostConfigByObject(ctx, req.Object)
	switch {
	case errors.Is(err, store.ErrNotFound):
		hc = newConfig(obj)
	case err != nil:
		return Result{}, fmt.Errorf("read host config: %w", err)
	}
	if hc, err = addAgentInterface(hc, d.iface); err != nil {
		return Result{}, err
	}
	if req.DryRun {
		return p.dryRun(ctx, r, d, hc)
	}
	if hc.HostID != "" {
		return p.addInterface(ctx, r, d, hc)
	}
	return p.create(ctx, r, d, hc)
}

// newConfig is the config of an object that has none: "z-<name>",
// monitored.
func newConfig(obj *netbox.Object) store.HostConfig {
	return store.HostConfig{Name: "z-" + obj.Name, Object: obj.Ref(), Status: zabbix.StatusMonitored}
}

// agentInterface builds the agent interface on the object's primary IPv4
// address: by DNS when the address has a DNS name (unless the settings say
// IP), on the settings' agent port.
func agentInterface(obj *netbox.Object, ip *netbox.IPAddress, s store.Settings) (store.Interface, error) {
	addr, err := ip.IP()
	if err != nil || !addr.Is4() {
		return store.Interface{}, failure(ErrNoPrimaryIP, "%s does not have a primary IPv4 address: its primary_ip4 is %q; assign an IPv4 address in NetBox",
			obj.Name, ip.Address)
	}
	in := store.Interface{
		Name:        obj.Name + "-agent",
		Type:        zabbix.InterfaceAgent,
		IPAddressID: ip.ID,
		IP:          addr.String(),
		DNSName:     ip.DNSName,
		UseIP:       store.UseIP,
		Main:        1,
		Port:        s.AgentPort,
	}
	if ip.AssignedObjectID != 0 {
		in.NetBoxInterface = netbox.Ref{Type: ip.AssignedObjectType, ID: ip.AssignedObjectID}
	}
	if s.UseIP == store.UseDNS && ip.DNSName != "" {
		in.UseIP = store.UseDNS
	}
	return in, nil
}

// addAgentInterface adds in to hc: refused when an agent interface with the
// same address and port is there; not main when hc has a main agent
// interface; named "<name>-agent-2" and so on when the name is taken.
func addAgentInterface(hc store.HostConfig, in store.Interface) (store.HostConfig, error) {
	names := make(map[string]bool)
	for _, have := range hc.Interfaces {
		if have.Type == zabbix.InterfaceAgent && have.Port == in.Port && (have.IP == in.IP || have.DNSName != "" && have.DNSName == in.DNSName) {
			return hc, &InterfaceExistsError{Config: hc.Name, Existing: have}
		}
		if have.Type == in.Type && have.Main == 1 {
			in.Main = 0
		}
		names[have.Name] = true
	}
	base := in.Name
	for n := 2; names[in.Name]; n++ {
		in.Name = base + "-" + strconv.Itoa(n)
	}
	hc = hc.Clone()
	hc.Interfaces = append(hc.Interfaces, in)
	return hc, nil
}

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
