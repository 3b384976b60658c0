package provision_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// ExampleProvisioner_ProvisionAgent provisions a device on the in-memory
// backends: NetBox has the device and its primary address, the store a
// default mapping, and Zabbix what a fresh server has.
func ExampleProvisioner_ProvisionAgent() {
	ctx := context.Background()
	nb := memnetbox.New(memnetbox.Config{
		Objects: []*netbox.Object{{Type: netbox.TypeDevice, ID: 42, Name: "edge-router-1", Status: netbox.Choice{Value: "active"},
			PrimaryIP4: &netbox.NestedIP{ID: 7, Address: "198.51.100.1/24"}}},
		IPAddresses: []*netbox.IPAddress{{ID: 7, Address: "198.51.100.1/24", DNSName: "edge-router-1.example.net"}},
	})
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: []store.Mapping{{
		ObjectType: netbox.TypeDevice, Name: "default", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
	}}}})
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0)), Store: st})
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(42), User: "alice"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Message)
	in := res.HostConfig.Interfaces[0]
	fmt.Printf("%s: %s via DNS %s port %d, Zabbix interface %s\n", res.HostConfig.Name, in.Name, in.DNSName, in.Port, in.InterfaceID)

	// Provisioning again finds the interface already there.
	_, err = p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(42)})
	fmt.Println(errors.Is(err, provision.ErrInterfaceExists))
	// Output:
	// Created edge-router-1 with default mapping
	// z-edge-router-1: edge-router-1-agent via DNS edge-router-1.example.net port 10050, Zabbix interface 2
	// true
}

// exampleBackends returns in-memory backends with n devices (IDs 1 to n,
// named dev-1 …) and a default device mapping.
func exampleBackends(n int) (*memnetbox.NetBox, *memzabbix.Server, *memstore.Store) {
	var cfg memnetbox.Config
	for i := 1; i <= n; i++ {
		addr := fmt.Sprintf("198.51.100.%d/24", i)
		cfg.Objects = append(cfg.Objects, &netbox.Object{Type: netbox.TypeDevice, ID: int64(i), Status: netbox.Choice{Value: "active"}, Name: fmt.Sprintf("dev-%d", i),
			PrimaryIP4: &netbox.NestedIP{ID: int64(100 + i), Address: addr}})
		cfg.IPAddresses = append(cfg.IPAddresses, &netbox.IPAddress{ID: int64(100 + i), Address: addr})
	}
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: []store.Mapping{{
		ObjectType: netbox.TypeDevice, Name: "default", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
	}}}})
	return memnetbox.New(cfg), memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0)), st
}

// ExampleProvisioner_ProvisionAgents provisions many objects at once: one
// array host.create per batch, isolating the objects Zabbix refuses.
func ExampleProvisioner_ProvisionAgents() {
	nb, zbx, st := exampleBackends(3)
	p, _ := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})

	refs := []netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(2), netbox.DeviceRef(3), netbox.DeviceRef(99)}
	results, err := p.ProvisionAgents(context.Background(), provision.BulkRequest{Objects: refs, User: "alice"})
	if err != nil {
		fmt.Println(err) // a bad request, unreadable settings or the end of the context
		return
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Println(r.Object, "failed:", errors.Is(r.Err, provision.ErrObjectNotFound))
			continue
		}
		fmt.Println(r.Object, r.Result.Message)
	}
	// Output:
	// device 1 Created dev-1 with default mapping
	// device 2 Created dev-2 with default mapping
	// device 3 Created dev-3 with default mapping
	// device 99 failed: true
}

// A dry run returns the exact payload and the changes, field by field, and
// writes nothing.
func ExampleRequest_dryRun() {
	nb, zbx, st := exampleBackends(1)
	p, _ := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})

	res, err := p.ProvisionAgent(context.Background(), provision.Request{Object: netbox.DeviceRef(1), DryRun: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Message)
	fmt.Println(res.Plan.Action, res.Plan.Create.Host, res.Plan.Create.GroupIDs)
	for _, c := range res.Plan.Changes[:3] {
		fmt.Println(c)
	}
	fmt.Println("hosts in Zabbix:", zbx.HostCount())
	// Output:
	// Would create dev-1 with default mapping
	// create dev-1 [2]
	// host: "" -> "dev-1"
	// name: "" -> "dev-1"
	// status: "" -> "0"
	// hosts in Zabbix: 1
}

// Every failure is an *Error naming the operation and the object. When a
// failure comes after Zabbix changed and the undo fails too, an
// *UndoError names the Zabbix host left behind.
func ExampleUndoError() {
	nb, zbx, st := exampleBackends(1)
	p, _ := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})
	// The store refuses the config after the host is created, and the
	// delete that would undo the create fails too.
	st.FailCall(memstore.MethodCreateHostConfigs, 1, errors.New("disk full"))
	zbx.FailCall(memzabbix.MethodDeleteHosts, 1, errors.New("connection reset"))

	_, err := p.ProvisionAgent(context.Background(), provision.Request{Object: netbox.DeviceRef(1)})
	var pe *provision.Error
	var ue *provision.UndoError
	if errors.As(err, &pe) && errors.As(err, &ue) {
		fmt.Println(pe.Op, pe.Object)
		fmt.Println("left behind: Zabbix host", ue.HostID, "-", ue.Action, "failed:", ue.UndoErr)
		fmt.Println(errors.Is(err, provision.ErrUndoFailed))
	}
	// Output:
	// ProvisionAgent device 1
	// left behind: Zabbix host 10600 - delete the host failed: connection reset
	// true
}
