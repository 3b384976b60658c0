package memzabbix

import "github.com/nbzbx/netbox-zabbix/zabbix"

// checkGroups7 reports the first group ID of host n that does not exist,
// with its 7.x validator path.
func (s *Server) checkGroups7(m string, n int, ids []string) error {
	for j, id := range ids {
		if _, ok := s.groups[id]; !ok {
			return appError(m, textNoObject7, path(n, "groups", j+1))
		}
	}
	return nil
}

// checkTemplates7 reports the first template ID that does not exist; p is
// the list's path ("/1/templates", "/1/templates_clear").
func (s *Server) checkTemplates7(m, p string, ids []string) error {
	for j, id := range ids {
		if _, ok := s.templates[id]; !ok {
			return appError(m, textNoObject7, p+path(j+1))
		}
	}
	return nil
}

// checkGroups6 reports a group ID that does not exist, as 6.x does.
func (s *Server) checkGroups6(m string, ids []string) error {
	for _, id := range ids {
		if _, ok := s.groups[id]; !ok {
			return appError(m, textNoObject)
		}
	}
	return nil
}

// checkTemplates6 reports a template ID that does not exist, as 6.x does.
func (s *Server) checkTemplates6(m string, ids []string) error {
	for _, id := range ids {
		if _, ok := s.templates[id]; !ok {
			return appError(m, textNoObject)
		}
	}
	return nil
}

// checkProxy7 reports a proxy or proxy group of host n that does not exist.
func (s *Server) checkProxy7(m string, n int, h zabbix.Host) error {
	switch h.MonitoredBy {
	case zabbix.MonitoredByProxy:
		if _, ok := s.proxies[h.ProxyID]; !ok {
			return appError(m, textNoObject7, path(n, "proxyid"))
		}
	case zabbix.MonitoredByProxyGroup:
		if _, ok := s.proxyGroups[h.ProxyGroupID]; !ok {
			return appError(m, textNoObject7, path(n, "proxy_groupid"))
		}
	}
	return nil
}

// checkProxy6 reports a proxy that does not exist the way 6.x does: the
// database refuses the statement (stmt, without the values the real text
// shows).
func (s *Server) checkProxy6(m string, h zabbix.Host, stmt string) error {
	if h.MonitoredBy != zabbix.MonitoredByProxy {
		return nil
	}
	if _, ok := s.proxies[h.ProxyID]; !ok {
		return appError(m, textSQLFailed6, stmt)
	}
	return nil
}
