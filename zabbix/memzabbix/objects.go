package memzabbix

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Error texts of host groups (measured on 6.0.14 and 7.0.22).
const (
	textGroupExists = `Host group "%s" already exists.`
	textGroupEmpty  = `Invalid parameter "%s": cannot be empty.`
)

// named returns the objects of m whose name is in names (all when none is
// given), ordered by ID.
func named[T any](m map[string]T, names []string, name func(T) string) []T {
	var out []T
	for _, id := range slices.SortedFunc(maps.Keys(m), zabbix.CompareIDs) {
		if len(names) == 0 || slices.Contains(names, name(m[id])) {
			out = append(out, m[id])
		}
	}
	return out
}

// HostGroups returns the host groups with the given names (every group
// when none is given), ordered by ID.
func (s *Server) HostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodHostGroups, slices.Clone(names))
	if err != nil {
		return nil, s.end(idx, err)
	}
	out := named(s.groups, names, func(g zabbix.HostGroup) string { return g.Name })
	return out, s.end(idx, after)
}

// CreateHostGroups creates host groups, all or none, and returns them with
// their IDs in input order. A taken or repeated name, or an empty one, is
// refused as Zabbix refuses it.
func (s *Server) CreateHostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodCreateHostGroups, slices.Clone(names))
	if err != nil {
		return nil, s.end(idx, err)
	}
	if len(names) == 0 {
		return nil, s.end(idx, after)
	}
	const m = "hostgroup.create"
	for i, n := range names {
		switch {
		case strings.TrimSpace(n) == "":
			return nil, s.end(idx, invalidParams(m, textGroupEmpty, path(i+1, "name")))
		case slices.Contains(names[:i], n):
			return nil, s.end(idx, invalidParams(m, textNotUnique, path(i+1), "name", n))
		}
		for _, g := range s.groups {
			if g.Name == n {
				return nil, s.end(idx, invalidParams(m, textGroupExists, n))
			}
		}
	}
	out := make([]zabbix.HostGroup, len(names))
	next := uint64(1)
	for id := range s.groups {
		next = max(next, idAfter(id))
	}
	for i, n := range names {
		g := zabbix.HostGroup{GroupID: strconv.FormatUint(next, 10), Name: n}
		next++
		s.groups[g.GroupID] = g
		out[i] = g
	}
	if after != nil {
		return nil, s.end(idx, after)
	}
	return out, s.end(idx, nil)
}

// Templates returns the templates with the given technical names (every
// template when none is given), ordered by ID.
func (s *Server) Templates(ctx context.Context, names ...string) ([]zabbix.Template, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodTemplates, slices.Clone(names))
	if err != nil {
		return nil, s.end(idx, err)
	}
	out := named(s.templates, names, func(t zabbix.Template) string { return t.Name })
	return out, s.end(idx, after)
}

// Proxies returns the proxies with the given names (every proxy when none
// is given), ordered by ID.
func (s *Server) Proxies(ctx context.Context, names ...string) ([]zabbix.Proxy, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodProxies, slices.Clone(names))
	if err != nil {
		return nil, s.end(idx, err)
	}
	out := named(s.proxies, names, func(p zabbix.Proxy) string { return p.Name })
	return out, s.end(idx, after)
}

// ProxyGroups returns the proxy groups with the given names (every proxy
// group when none is given), ordered by ID; none before 7.0.
func (s *Server) ProxyGroups(ctx context.Context, names ...string) ([]zabbix.ProxyGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodProxyGroups, slices.Clone(names))
	if err != nil {
		return nil, s.end(idx, err)
	}
	var out []zabbix.ProxyGroup
	if s.v7() {
		out = named(s.proxyGroups, names, func(g zabbix.ProxyGroup) string { return g.Name })
	}
	return out, s.end(idx, after)
}
