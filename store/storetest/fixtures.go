package storetest

import (
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// newMapping returns a mapping of object type t with every field set.
func newMapping(t netbox.ObjectType, name string) store.Mapping {
	return store.Mapping{
		ObjectType:    t,
		Name:          name,
		Description:   "mapping " + name,
		InterfaceType: zabbix.InterfaceAgent,
		Sites:         []int64{1, 2},
		Roles:         []int64{3},
		Platforms:     []int64{4, 5},
		Templates:     []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}},
		HostGroups:    []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}, {GroupID: "22", Name: "Web"}},
		HostGroupNames: []string{"Sites/{site}/{role}", "Tenants/{tenant.group}/{tenant}",
			"Plain name", "Braces {{literal}} and ünïcode"},
		Proxy:      &zabbix.Proxy{ProxyID: "31", Name: "proxy-a"},
		ProxyGroup: &zabbix.ProxyGroup{ProxyGroupID: "41", Name: "group-a"},
	}
}

// newTagMapping returns a tag mapping of object type t.
func newTagMapping(t netbox.ObjectType) store.TagMapping {
	return store.TagMapping{
		ObjectType: t,
		Fields: []store.TagField{
			{Name: "site", Path: "site.name", Enabled: true},
			{Name: "role", Path: "role.name", Enabled: false},
			{Name: "rack", Path: "custom_fields.rack", Enabled: true},
		},
		Tags: []string{"prod", "web"},
	}
}

// newInventoryMapping returns an inventory mapping of object type t.
func newInventoryMapping(t netbox.ObjectType) store.InventoryMapping {
	return store.InventoryMapping{
		ObjectType: t,
		Fields: []store.InventoryField{
			{Property: "os", Paths: []string{"platform.name", "custom_fields.os"}, Enabled: true},
			{Property: "location", Paths: []string{"location.name"}, Enabled: false},
		},
	}
}

// newConfig returns a host config of obj named name, with the given Zabbix
// host ID and interfaces and every other field set.
func newConfig(obj netbox.Ref, name, hostID string, ifaces ...store.Interface) store.HostConfig {
	return store.HostConfig{
		Name:        name,
		Object:      obj,
		HostID:      hostID,
		Status:      zabbix.StatusMonitored,
		MonitoredBy: zabbix.MonitoredByProxy,
		Proxy:       &zabbix.Proxy{ProxyID: "31", Name: "proxy-a"},
		Templates:   []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}},
		HostGroups:  []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
		Description: "config of " + obj.String(),
		HandEdited:  true,
		Tags:        []zabbix.Tag{{Tag: "netbox_id", Value: "1"}, {Tag: "Site", Value: "DC1"}},
		Interfaces:  ifaces,
	}
}

// agentInterface returns an agent interface on ip, linked to Zabbix when
// interfaceID is not "".
func agentInterface(name, ip, interfaceID string) store.Interface {
	in := store.Interface{
		Name:            name,
		Type:            zabbix.InterfaceAgent,
		NetBoxInterface: netbox.Ref{Type: netbox.TypeInterface, ID: 501},
		IPAddressID:     601,
		IP:              ip,
		DNSName:         name + ".example.net",
		UseIP:           store.UseIP,
		Main:            1,
		Port:            10050,
		InterfaceID:     interfaceID,
	}
	if interfaceID != "" {
		in.HostID = "10" + interfaceID
	}
	return in
}

// snmpInterface returns an SNMPv3 interface on ip with both passphrases.
func snmpInterface(name, ip string) store.Interface {
	return store.Interface{
		Name:            name,
		Type:            zabbix.InterfaceSNMP,
		NetBoxInterface: netbox.Ref{Type: netbox.TypeVMInterface, ID: 502},
		IPAddressID:     602,
		IP:              ip,
		UseIP:           store.UseIP,
		Main:            1,
		Port:            161,
		SNMP: &store.SNMPInterface{
			Version:        3,
			Bulk:           1,
			MaxRepetitions: 10,
			ContextName:    "ctx-1",
			SecurityName:   "monitor",
			SecurityLevel:  2,
			AuthProtocol:   1,
			AuthPassphrase: zabbix.Secret("auth-pass-" + name),
			PrivProtocol:   1,
			PrivPassphrase: zabbix.Secret("priv-pass-" + name),
			Community:      zabbix.Secret("community-" + name),
		},
	}
}

// simpleConfig returns a config of device id named "z-<prefix>-<id>" with
// one agent interface and no Zabbix host ID.
func simpleConfig(prefix string, id int64) store.HostConfig {
	name := fmt.Sprintf("%s-%d", prefix, id)
	return newConfig(netbox.DeviceRef(id), "z-"+name, "", agentInterface(name+"-agent", "192.0.2.1", ""))
}
