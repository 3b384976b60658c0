package memzabbix

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// maxNameLen is the length of the hosts.host and hosts.name columns.
const maxNameLen = 128

// checkHostName enforces Zabbix's host name grammar: one or more ASCII
// letters, digits, spaces, '.', '-' and '_', at most 128 of them. p is the
// validator path of the field.
func checkHostName(method, name, p string) error {
	if name == "" {
		return invalidParams(method, textBadHostName, name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != ' ' && c != '.' && c != '-' && c != '_' {
			return invalidParams(method, textBadHostName, name)
		}
	}
	if len(name) > maxNameLen {
		return appError(method, textHostTooLong, name, len(name))
	}
	return nil
}

// checkVisibleName limits the visible name's length.
func checkVisibleName(method, name, p string) error {
	if utf8.RuneCountInString(name) > maxNameLen {
		return invalidParams(method, textTooLong, p)
	}
	return nil
}

// visibleName is the visible name Zabbix stores: name, or host when name
// is blank.
func visibleName(name, host string) string {
	if strings.TrimSpace(name) == "" {
		return host
	}
	return name
}

// checkUnique rejects an ID listed twice, as the API validator's "uniq"
// rule does. p is the list's path, field the object's ID field.
func checkUnique(method string, ids []string, p, field string) error {
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return invalidParams(method, textNotUnique, p+path(i+1), field, id)
		}
	}
	return nil
}

// checkTags rejects empty tag names and repeated (tag, value) pairs. p is
// the tag list's path.
func checkTags(method string, tags []zabbix.Tag, p string) error {
	for i, t := range tags {
		if t.Tag == "" {
			return invalidParams(method, textEmpty7, p+path(i+1, "tag"))
		}
		if slices.Contains(tags[:i], t) {
			return invalidParams(method, textNotUnique, p+path(i+1), "tag, value", t.Tag+", "+t.Value)
		}
	}
	return nil
}

// checkStatus accepts monitored and not monitored.
func checkStatus(method string, status zabbix.Status, host string) error {
	if status != zabbix.StatusMonitored && status != zabbix.StatusNotMonitored {
		return appError(method, textStatus, host)
	}
	return nil
}

// checkInventory validates the inventory mode and the inventory fields
// given with it.
func checkInventory(method string, mode zabbix.InventoryMode, inv map[string]string) error {
	if mode < zabbix.InventoryDisabled || mode > zabbix.InventoryAutomatic {
		return appError(method, textInventoryMode)
	}
	if len(inv) == 0 {
		return nil
	}
	if mode == zabbix.InventoryDisabled {
		return invalidParams(method, textInventoryDisabled)
	}
	keys := make([]string, 0, len(inv))
	for k := range inv {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the order encoding/json sends map keys in
	for _, k := range keys {
		if !isInventoryField(k) {
			return invalidParams(method, textInventoryField, k)
		}
	}
	return nil
}

// checkMonitoredBy checks the fields the API validator checks before
// anything else: the monitored_by value and the proxy or proxy group it
// needs. n is the host's 1-based position in the request. 6.x has no
// monitored_by (a 6.x client must refuse these requests itself); the fake
// answers them there with the same 7.0 texts.
func checkMonitoredBy(method string, n int, h zabbix.Host) error {
	switch h.MonitoredBy {
	case zabbix.MonitoredByServer:
	case zabbix.MonitoredByProxy:
		if h.ProxyID == "" {
			return invalidParams(method, textMissing7, path(n), "proxyid")
		}
	case zabbix.MonitoredByProxyGroup:
		if h.ProxyGroupID == "" {
			return invalidParams(method, textMissing7, path(n), "proxy_groupid")
		}
	default:
		return invalidParams(method, textMonitoredBy7, path(n, "monitored_by"))
	}
	return nil
}

// proxyWithoutID6 is what a 6.x client refuses to send: a host monitored
// by a proxy without a proxy ID (6.x has no monitored_by to check it).
func proxyWithoutID6(method string, hs ...zabbix.Host) error {
	for _, h := range hs {
		if h.MonitoredBy == zabbix.MonitoredByProxy && h.ProxyID == "" {
			return fmt.Errorf("%w: %s: host %q is monitored by a proxy but has no ProxyID", zabbix.ErrInvalidRequest, method, h.Host)
		}
	}
	return nil
}

// proxyGroupsUnsupported is what a client refuses to send to a server
// older than 7.0.
func (s *Server) proxyGroupsUnsupported() error {
	return &zabbix.VersionError{Version: s.version, Need: zabbix.V7_0, What: "monitoring by proxy group"}
}

// nameTaken reports an existing host (other than self) that already has
// the technical name, else one that has the visible name.
func (s *Server) nameTaken(method, host, visible, self string) error {
	for id, h := range s.hosts {
		if id != self && h.Host == host {
			return invalidParams(method, textHostExists, host)
		}
	}
	for id, h := range s.hosts {
		if id != self && h.Name == visible {
			return invalidParams(method, textVisibleExists, visible)
		}
	}
	return nil
}

// templateNameTaken reports a template whose name is the host's technical
// or visible name.
func (s *Server) templateNameTaken(method, host, visible string) error {
	ids := make([]string, 0, len(s.templates))
	for id := range s.templates {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, zabbix.CompareIDs)
	for _, id := range ids {
		t := s.templates[id]
		if t.Name == host {
			return invalidParams(method, textTemplateExists, host)
		}
		if t.Name == visible {
			return invalidParams(method, textTemplateVisible, visible)
		}
	}
	return nil
}

// duplicateInData reports two hosts of one request with the same technical
// or visible name.
func duplicateInData(method string, hosts []zabbix.Host) error {
	for i, h := range hosts {
		for _, o := range hosts[:i] {
			if o.Host == h.Host {
				return invalidParams(method, textDupHostInData, h.Host)
			}
		}
	}
	for i, h := range hosts {
		for _, o := range hosts[:i] {
			if o.Name == h.Name {
				return invalidParams(method, textDupNameInData, h.Name)
			}
		}
	}
	return nil
}
