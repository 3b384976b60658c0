package memzabbix

import (
	"context"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Hosts returns the hosts that match q (see zabbix.HostQuery), ordered by
// host ID, each once; with q.Brief only their IDs, names, status and tags. Hosts that do not exist are
// left out, and an empty query matches nothing. A host reads as host.get
// returns it: interfaces ordered by ID, group and template IDs ordered,
// inventory without empty fields (none when inventory is disabled), no
// TemplatesClear, and never the TLS PSK identity or key, which Zabbix does
// not return.
func (s *Server) Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error) {
	q = cloneArgs(q).(zabbix.HostQuery)
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodHosts, cloneArgs(q))
	if err != nil {
		return nil, s.end(idx, err)
	}
	byID, byName, byVisible, byIP, byValue := setOf(q.HostIDs), setOf(q.Names), setOf(q.VisibleNames), setOf(q.AgentIPs), setOf(q.TagValues)
	tagged := func(t zabbix.Tag) bool { return t.Tag == q.Tag && (len(q.TagValues) == 0 || byValue[t.Value]) }
	onIP := func(in zabbix.HostInterface) bool { return in.Type == zabbix.InterfaceAgent && byIP[in.IP] }
	var ids []string
	for id, h := range s.hosts {
		if byID[id] || byName[h.Host] || byVisible[visibleName(h.Name, h.Host)] || q.NamePrefix != "" && strings.HasPrefix(h.Host, q.NamePrefix) ||
			q.Tag != "" && slices.ContainsFunc(h.Tags, tagged) || slices.ContainsFunc(h.Interfaces, onIP) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, zabbix.CompareIDs)
	var out []zabbix.Host
	for _, id := range ids {
		h := s.read(id)
		if q.Brief {
			h = zabbix.Host{HostID: h.HostID, Host: h.Host, Name: h.Name, Status: h.Status, Tags: h.Tags}
		}
		out = append(out, h)
	}
	if after != nil {
		return nil, s.end(idx, after)
	}
	return out, s.end(idx, nil)
}

// read returns a stored host as host.get shows it.
func (s *Server) read(id string) zabbix.Host {
	h := s.hosts[id].Clone()
	h.TLSPSKIdentity, h.TLSPSK = "", ""
	h.TemplatesClear = nil
	slices.SortFunc(h.GroupIDs, zabbix.CompareIDs)
	slices.SortFunc(h.TemplateIDs, zabbix.CompareIDs)
	sortInterfaces(h.Interfaces)
	if len(h.GroupIDs) == 0 {
		h.GroupIDs = nil
	}
	if len(h.TemplateIDs) == 0 {
		h.TemplateIDs = nil
	}
	if len(h.Tags) == 0 {
		h.Tags = nil
	}
	if len(h.Interfaces) == 0 {
		h.Interfaces = nil
	}
	if len(h.Inventory) == 0 {
		h.Inventory = nil
	}
	return h
}

func setOf(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
