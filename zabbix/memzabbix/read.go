package memzabbix

import (
	"context"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Hosts returns the hosts whose ID is in q.HostIDs, or whose technical
// name is in q.Names or starts with q.NamePrefix, ordered by host ID, each once. Hosts that do not exist are
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
	var ids []string
	for id, h := range s.hosts {
		if slices.Contains(q.HostIDs, id) || slices.Contains(q.Names, h.Host) || q.NamePrefix != "" && strings.HasPrefix(h.Host, q.NamePrefix) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, zabbix.CompareIDs)
	var out []zabbix.Host
	for _, id := range ids {
		out = append(out, s.read(id))
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
