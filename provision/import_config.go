package provision

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// configFrom makes the host config of an imported host: its groups,
// templates, monitoring source, status and description as they are, the
// tags the library owns (those the settings and tag mapping write), and
// its agent and SNMP interfaces linked by ID — the main agent interface
// (else the main SNMP one) tied to the object's primary IPv4 address, so
// that updates move it with NetBox. Names of groups, templates and
// proxies come from the last imported Zabbix objects, when there are
// some.
func (im *importRun) configFrom(it *importItem, h zabbix.Host) (store.HostConfig, error) {
	obj := it.read.obj
	hc := store.HostConfig{Name: configName(obj), Object: it.ref, HostID: h.HostID, Status: h.Status,
		MonitoredBy: h.MonitoredBy, Description: h.Description}
	for _, id := range h.GroupIDs {
		hc.HostGroups = append(hc.HostGroups, zabbix.HostGroup{GroupID: id,
			Name: nameOf(im.names.HostGroups, id, func(g zabbix.HostGroup) (string, string) { return g.GroupID, g.Name })})
	}
	for _, id := range h.TemplateIDs {
		hc.Templates = append(hc.Templates, zabbix.Template{TemplateID: id,
			Name: nameOf(im.names.Templates, id, func(t zabbix.Template) (string, string) { return t.TemplateID, t.Name })})
	}
	switch h.MonitoredBy {
	case zabbix.MonitoredByProxy:
		hc.Proxy = &zabbix.Proxy{ProxyID: h.ProxyID,
			Name: nameOf(im.names.Proxies, h.ProxyID, func(p zabbix.Proxy) (string, string) { return p.ProxyID, p.Name })}
	case zabbix.MonitoredByProxyGroup:
		hc.ProxyGroup = &zabbix.ProxyGroup{ProxyGroupID: h.ProxyGroupID,
			Name: nameOf(im.names.ProxyGroups, h.ProxyGroupID, func(g zabbix.ProxyGroup) (string, string) { return g.ProxyGroupID, g.Name })}
	}
	owned := mapping.TagNames(im.settings, im.planner.rules[obj.Type].tags)
	for _, t := range h.Tags {
		if slices.Contains(owned, t.Tag) {
			hc.Tags = append(hc.Tags, t)
		}
	}
	count := map[zabbix.InterfaceType]int{}
	linked := false
	for _, t := range []zabbix.InterfaceType{zabbix.InterfaceAgent, zabbix.InterfaceSNMP} {
		for _, in := range h.Interfaces {
			if in.Type != t {
				continue
			}
			si, err := storeInterface(obj, in, count)
			if err != nil {
				return store.HostConfig{}, fmt.Errorf("the Zabbix host %s (%s): %w", h.HostID, h.Host, err)
			}
			if !linked && in.Main == 1 && it.read.ip != nil {
				si.IPAddressID = it.read.ip.ID
				if it.read.ip.AssignedObjectID != 0 {
					si.NetBoxInterface = netbox.Ref{Type: it.read.ip.AssignedObjectType, ID: it.read.ip.AssignedObjectID}
				}
				linked = true
			}
			hc.Interfaces = append(hc.Interfaces, si)
		}
	}
	return hc, nil
}

// storeInterface is a Zabbix agent or SNMP interface as a config holds it,
// named "<object>-agent" ("-agent-2", … for more) or "-snmp".
func storeInterface(obj *netbox.Object, in zabbix.HostInterface, count map[zabbix.InterfaceType]int) (store.Interface, error) {
	count[in.Type]++
	suffix := "-agent"
	if in.Type == zabbix.InterfaceSNMP {
		suffix = "-snmp"
	}
	name := obj.Name + suffix
	if n := count[in.Type]; n > 1 {
		name += "-" + strconv.Itoa(n)
	}
	port, err := strconv.Atoi(in.Port)
	if err != nil || port < 1 || port > 65535 {
		return store.Interface{}, fmt.Errorf("interface %s has port %q, which the library cannot manage (a user macro?): set a number in Zabbix and import again",
			in.InterfaceID, in.Port)
	}
	si := store.Interface{Name: name, Type: in.Type, IP: in.IP, DNSName: in.DNS, UseIP: in.UseIP, Main: in.Main, Port: port,
		InterfaceID: in.InterfaceID, HostID: in.HostID}
	if d := in.Details; d != nil && in.Type == zabbix.InterfaceSNMP {
		si.SNMP = &store.SNMPInterface{Version: d.Version, Community: d.Community, Bulk: d.Bulk, MaxRepetitions: d.MaxRepetitions,
			ContextName: d.ContextName, SecurityName: d.SecurityName, SecurityLevel: d.SecurityLevel,
			AuthProtocol: d.AuthProtocol, AuthPassphrase: d.AuthPassphrase, PrivProtocol: d.PrivProtocol, PrivPassphrase: d.PrivPassphrase}
	}
	return si, nil
}

// nameOf returns the name of the object of objs whose ID is id, or ""
// when the imported Zabbix objects do not have it.
func nameOf[T any](objs []T, id string, idName func(T) (string, string)) string {
	for _, o := range objs {
		if oid, name := idName(o); oid == id {
			return name
		}
	}
	return ""
}
