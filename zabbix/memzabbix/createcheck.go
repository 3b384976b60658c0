package memzabbix

import "github.com/nbzbx/netbox-zabbix/zabbix"

// validateCreate7 checks a host.create request in the order 7.0's
// CHost::validateCreate does: the input rules of every host, the groups and
// templates they name, host names, duplicates, inventory, names already
// taken, proxies, encryption; then the interfaces, which host.create
// validates when it adds them.
func (s *Server) validateCreate7(hs []zabbix.Host) error {
	const m = rpcCreate
	for i, h := range hs {
		n := i + 1
		if err := checkMonitoredBy(m, n, h); err != nil {
			return err
		}
		if h.GroupIDs == nil {
			return invalidParams(m, textMissing7, path(n), "groups")
		}
		if len(h.GroupIDs) == 0 {
			return invalidParams(m, textEmpty7, path(n, "groups"))
		}
		if err := checkUnique(m, h.GroupIDs, path(n, "groups"), "groupid"); err != nil {
			return err
		}
		if err := checkUnique(m, h.TemplateIDs, path(n, "templates"), "templateid"); err != nil {
			return err
		}
		if err := checkTags(m, h.Tags, path(n, "tags")); err != nil {
			return err
		}
	}
	for i, h := range hs {
		if err := s.checkGroups7(m, i+1, h.GroupIDs); err != nil {
			return err
		}
	}
	for i, h := range hs {
		if err := s.checkTemplates7(m, path(i+1, "templates"), h.TemplateIDs); err != nil {
			return err
		}
	}
	for i, h := range hs {
		if err := checkHostName(m, h.Host, path(i+1, "host")); err != nil {
			return err
		}
	}
	if err := duplicateInData(m, hs); err != nil {
		return err
	}
	if err := s.checkNames(m, hs); err != nil {
		return err
	}
	for i, h := range hs {
		if err := s.checkProxy7(m, i+1, h); err != nil {
			return err
		}
	}
	for _, h := range hs {
		if err := s.templateNameTaken(m, h.Host, h.Name); err != nil {
			return err
		}
	}
	if err := s.checkEncryption(m, hs); err != nil {
		return err
	}
	for i, h := range hs {
		if err := checkInterfaces(m, i+1, h.Interfaces, h.Host, h.Name); err != nil {
			return err
		}
	}
	return nil
}

// validateCreate6 checks a host.create request in the order 6.0's
// CHost::validateCreate does, then what 6.0 finds while inserting: the
// proxy (a failed SQL statement), the interfaces, the templates. A request
// a 6.x client cannot send at all (monitoring by proxy group) is refused
// first.
func (s *Server) validateCreate6(hs []zabbix.Host) error {
	const m = rpcCreate
	for _, h := range hs {
		if h.MonitoredBy == zabbix.MonitoredByProxyGroup {
			return s.proxyGroupsUnsupported()
		}
	}
	if err := proxyWithoutID6(m, hs...); err != nil {
		return err
	}
	for i, h := range hs {
		if err := checkMonitoredBy(m, i+1, h); err != nil {
			return err
		}
	}
	for i, h := range hs {
		n := i + 1
		if err := checkHostName(m, h.Host, path(n, "host")); err != nil {
			return err
		}
		if len(h.GroupIDs) == 0 {
			return invalidParams(m, textNoGroups6, h.Host)
		}
		if err := checkUnique(m, h.GroupIDs, path(n, "groups"), "groupid"); err != nil {
			return err
		}
		if err := checkUnique(m, h.TemplateIDs, path(n, "templates"), "templateid"); err != nil {
			return err
		}
	}
	for _, h := range hs {
		if err := checkTags(m, h.Tags, "/tags"); err != nil { // 6.0 paths leave out the host's position
			return err
		}
	}
	if err := duplicateInData(m, hs); err != nil {
		return err
	}
	for _, h := range hs {
		if err := s.checkGroups6(m, h.GroupIDs); err != nil {
			return err
		}
	}
	if err := s.checkNames(m, hs); err != nil {
		return err
	}
	for _, h := range hs {
		if err := s.templateNameTaken(m, h.Host, h.Name); err != nil {
			return err
		}
	}
	if err := s.checkEncryption(m, hs); err != nil {
		return err
	}
	for _, h := range hs {
		if err := s.checkProxy6(m, h, "INSERT INTO hosts (hostid,host,proxy_hostid,name) VALUES (...)"); err != nil {
			return err
		}
	}
	for i, h := range hs {
		if err := checkInterfaces(m, i+1, h.Interfaces, h.Host, h.Name); err != nil {
			return err
		}
	}
	for _, h := range hs {
		if err := s.checkTemplates6(m, h.TemplateIDs); err != nil {
			return err
		}
	}
	return nil
}

// checkNames runs the checks both versions make after the host names'
// grammar and duplicates within the request: visible names, status and
// inventory, and names other hosts already have.
func (s *Server) checkNames(m string, hs []zabbix.Host) error {
	for i, h := range hs {
		if err := checkVisibleName(m, h.Name, path(i+1, "name")); err != nil {
			return err
		}
	}
	for _, h := range hs {
		if err := checkStatus(m, h.Status, h.Host); err != nil {
			return err
		}
		if err := checkInventory(m, h.InventoryMode, h.Inventory); err != nil {
			return err
		}
	}
	for _, h := range hs {
		if err := s.nameTaken(m, h.Host, h.Name, ""); err != nil {
			return err
		}
	}
	return nil
}

// checkEncryption validates every host's TLS fields, then (7.x) that no
// PSK identity gets a second key.
func (s *Server) checkEncryption(m string, hs []zabbix.Host) error {
	var pairs []*pskPair
	for i, h := range hs {
		p, err := s.checkTLS(m, i+1, h, nil)
		if err != nil {
			return err
		}
		if p != nil {
			pairs = append(pairs, p)
		}
	}
	return s.checkPSKReuse(m, pairs)
}
