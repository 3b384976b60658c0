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
		Objects: []*netbox.Object{{Type: netbox.TypeDevice, ID: 42, Name: "edge-router-1",
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
