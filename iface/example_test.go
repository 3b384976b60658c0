package iface_test

import (
	"context"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// ExamplePusher_CreateZabbixInterface pushes an SNMP interface that a host
// config has and its Zabbix host lacks, and links its ID back.
func ExamplePusher_CreateZabbixInterface() {
	ctx := context.Background()
	// A Zabbix host with one agent interface, and its config, which has
	// that interface linked and a new SNMP interface.
	zbx := memzabbix.New(memzabbix.Config{
		HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
		Hosts: []zabbix.Host{{HostID: "10600", Host: "sw-01", GroupIDs: []string{"2"}, Interfaces: []zabbix.HostInterface{
			{InterfaceID: "5", Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.5", Port: "10050"}}}},
	})
	st := memstore.New(memstore.Config{Seed: memstore.Seed{HostConfigs: []store.HostConfig{{
		Name: "z-sw-01", Object: netbox.DeviceRef(9), HostID: "10600",
		HostGroups: []zabbix.HostGroup{{GroupID: "2"}},
		Interfaces: []store.Interface{
			{Name: "sw-01-agent", Type: zabbix.InterfaceAgent, IP: "192.0.2.5", UseIP: 1, Main: 1, Port: 10050, InterfaceID: "5", HostID: "10600"},
			{Name: "sw-01-snmp", Type: zabbix.InterfaceSNMP, IP: "192.0.2.5", UseIP: 1, Main: 1, Port: 161,
				SNMP: &store.SNMPInterface{Version: 2, Community: "{$SNMP_COMMUNITY}", Bulk: 1}},
		},
	}}}})
	c, err := iface.New(iface.Config{Zabbix: zbx, Store: st})
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := c.CreateZabbixInterface(ctx, iface.Request{HostConfigID: 1, User: "alice"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Message)
	for _, in := range res.HostConfig.Interfaces {
		fmt.Printf("%s -> Zabbix interface %s\n", in.Name, in.InterfaceID)
	}
	// Output:
	// Created interface(s) sw-01-snmp of z-sw-01 in Zabbix host 10600
	// sw-01-agent -> Zabbix interface 5
	// sw-01-snmp -> Zabbix interface 6
}
