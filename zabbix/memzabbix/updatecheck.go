package memzabbix

import (
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// validateUpdate7 checks a host.update request in the order 7.0's
// CHost::validateUpdate does and returns the host as it will be stored
// (new interfaces still without IDs).
func (s *Server) validateUpdate7(u zabbix.HostUpdate) (zabbix.Host, error) {
	const m = rpcUpdate
	cur, ok := s.hosts[u.HostID]
	in := asRequest(u, cur)
	if in.HostID == "" {
		return zabbix.Host{}, invalidParams(m, textMissing7, "/1", "hostid")
	}
	if err := checkMonitoredBy(m, 1, in); err != nil {
		return zabbix.Host{}, err
	}
	if in.GroupIDs != nil && len(in.GroupIDs) == 0 {
		return zabbix.Host{}, invalidParams(m, textEmpty7, "/1/groups")
	}
	if err := checkLists(m, in); err != nil {
		return zabbix.Host{}, err
	}
	if err := checkTags(m, in.Tags, "/1/tags"); err != nil {
		return zabbix.Host{}, err
	}
	if !ok {
		return zabbix.Host{}, appError(m, textNoObject)
	}
	if err := s.checkGroups7(m, 1, in.GroupIDs); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkTemplates7(m, "/1/templates", in.TemplateIDs); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkTemplates7(m, "/1/templates_clear", in.TemplatesClear); err != nil {
		return zabbix.Host{}, err
	}
	in = dropUnknownInterfaces(in, cur)
	next := merge(cur, u, in)
	if err := s.checkUpdatedNames(m, in, next); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkProxy7(m, 1, in); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkUpdatedTemplateNames(m, in, next); err != nil {
		return zabbix.Host{}, err
	}
	pair, err := s.checkTLS(m, 1, in, &cur)
	if err != nil {
		return zabbix.Host{}, err
	}
	if pair != nil {
		if err := s.checkPSKReuse(m, []*pskPair{pair}); err != nil {
			return zabbix.Host{}, err
		}
	}
	if err := checkUpdatedInterfaces(m, in, cur, next); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkInterfacesInUse(m, cur, next); err != nil {
		return zabbix.Host{}, err
	}
	return next, nil
}

// validateUpdate6 checks a host.update request in the order 6.0 does (an
// unknown host is -32602 there) and returns the host as it will be stored.
func (s *Server) validateUpdate6(u zabbix.HostUpdate) (zabbix.Host, error) {
	const m = rpcUpdate
	cur, ok := s.hosts[u.HostID]
	in := asRequest(u, cur)
	if in.MonitoredBy == zabbix.MonitoredByProxyGroup {
		return zabbix.Host{}, s.proxyGroupsUnsupported()
	}
	if err := proxyWithoutID6(m, in); err != nil {
		return zabbix.Host{}, err
	}
	if err := checkMonitoredBy(m, 1, in); err != nil {
		return zabbix.Host{}, err
	}
	if in.HostID == "" {
		return zabbix.Host{}, invalidParams(m, textWrongFields6, in.Host)
	}
	if !ok {
		return zabbix.Host{}, invalidParams(m, textNoObject)
	}
	if in.GroupIDs != nil && len(in.GroupIDs) == 0 {
		return zabbix.Host{}, invalidParams(m, textNoGroups6, cur.Host)
	}
	if err := checkLists(m, in); err != nil {
		return zabbix.Host{}, err
	}
	if err := checkTags(m, in.Tags, "/tags"); err != nil {
		return zabbix.Host{}, err
	}
	in = dropUnknownInterfaces(in, cur)
	next := merge(cur, u, in)
	if err := s.checkUpdatedNames(m, in, next); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkUpdatedTemplateNames(m, in, next); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkGroups6(m, in.GroupIDs); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkTemplates6(m, in.TemplateIDs); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkTemplates6(m, in.TemplatesClear); err != nil {
		return zabbix.Host{}, err
	}
	if _, err := s.checkTLS(m, 1, in, &cur); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkProxy6(m, in, "UPDATE hosts SET proxy_hostid=... WHERE hostid=..."); err != nil {
		return zabbix.Host{}, err
	}
	if err := checkUpdatedInterfaces(m, in, cur, next); err != nil {
		return zabbix.Host{}, err
	}
	if err := s.checkInterfacesInUse(m, cur, next); err != nil {
		return zabbix.Host{}, err
	}
	return next, nil
}

// checkInterfacesInUse refuses an update that removes the main interface
// a template's item is bound to, while the host stays linked to the
// template (measured on 6.0.14 and 7.0.22, -32602).
func (s *Server) checkInterfacesInUse(m string, cur, next zabbix.Host) error {
	for _, id := range slices.SortedFunc(slices.Values(next.TemplateIDs), zabbix.CompareIDs) {
		item, ok := s.items[id]
		if !ok || !slices.Contains(cur.TemplateIDs, id) {
			continue
		}
		i := slices.IndexFunc(cur.Interfaces, func(x zabbix.HostInterface) bool { return x.Type == item.Interface && x.Main == 1 })
		if i < 0 {
			continue
		}
		bound := cur.Interfaces[i].InterfaceID
		if !slices.ContainsFunc(next.Interfaces, func(x zabbix.HostInterface) bool { return x.InterfaceID == bound }) {
			return invalidParams(m, textInterfaceInUse, item.Name, cur.Host)
		}
	}
	return nil
}

// checkLists rejects IDs listed twice in the request's groups, templates
// and templates_clear.
func checkLists(m string, in zabbix.Host) error {
	if err := checkUnique(m, in.GroupIDs, "/1/groups", "groupid"); err != nil {
		return err
	}
	if err := checkUnique(m, in.TemplateIDs, "/1/templates", "templateid"); err != nil {
		return err
	}
	return checkUnique(m, in.TemplatesClear, "/1/templates_clear", "templateid")
}

// checkUpdatedNames validates status, inventory and the names the request
// sets, against the other hosts.
func (s *Server) checkUpdatedNames(m string, in, next zabbix.Host) error {
	if err := checkStatus(m, in.Status, next.Host); err != nil {
		return err
	}
	if err := checkInventory(m, in.InventoryMode, in.Inventory); err != nil {
		return err
	}
	if in.Host != "" {
		if err := checkHostName(m, in.Host, "/1/host"); err != nil {
			return err
		}
	}
	if err := checkVisibleName(m, next.Name, "/1/name"); err != nil {
		return err
	}
	return s.nameTaken(m, next.Host, next.Name, next.HostID)
}

// checkUpdatedTemplateNames checks names the request sets against the
// templates.
func (s *Server) checkUpdatedTemplateNames(m string, in, next zabbix.Host) error {
	if in.Host == "" && strings.TrimSpace(in.Name) == "" {
		return nil
	}
	return s.templateNameTaken(m, next.Host, next.Name)
}

// dropUnknownInterfaces leaves out of an update the interfaces whose ID is
// not one of the host's, as real servers do (measured on 6.0.14 and
// 7.0.22: the update succeeds and nothing is created for them).
func dropUnknownInterfaces(in, cur zabbix.Host) zabbix.Host {
	if in.Interfaces == nil {
		return in
	}
	kept := make([]zabbix.HostInterface, 0, len(in.Interfaces))
	for _, x := range in.Interfaces {
		if x.InterfaceID == "" || slices.ContainsFunc(cur.Interfaces, func(y zabbix.HostInterface) bool { return y.InterfaceID == x.InterfaceID }) {
			kept = append(kept, x)
		}
	}
	in.Interfaces = kept
	return in
}

// checkUpdatedInterfaces checks a replaced interface set: kept interfaces
// are listed once each; then the whole set is validated as on create.
func checkUpdatedInterfaces(m string, in, cur, next zabbix.Host) error {
	if in.Interfaces == nil {
		return nil
	}
	for i, x := range in.Interfaces {
		if x.InterfaceID == "" {
			continue
		}
		sameID := func(y zabbix.HostInterface) bool { return y.InterfaceID == x.InterfaceID }
		if slices.ContainsFunc(in.Interfaces[:i], sameID) {
			return invalidParams(m, textNotUnique, path(1, "interfaces", i+1), "interfaceid", x.InterfaceID)
		}
	}
	return checkInterfaces(m, 1, next.Interfaces, next.Host, next.Name)
}
