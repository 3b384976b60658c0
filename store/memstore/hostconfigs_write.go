package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/nbzbx/netbox-zabbix/internal/storerules"
	"github.com/nbzbx/netbox-zabbix/store"
)

// CreateHostConfigs stores copies of cs with their interfaces, all or none.
// Every config gets the next config ID, every interface the next interface
// ID (IDs in cs are ignored), and Created and Updated are set to the current
// time. A config whose object, name or non-empty host ID is already used, by
// a stored config or an earlier config of cs, fails the call with
// store.ErrConflict. cs itself is not changed.
func (s *Store) CreateHostConfigs(ctx context.Context, cs []store.HostConfig) ([]store.HostConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodCreateHostConfigs); err != nil {
		return nil, err
	}
	for i, c := range cs {
		c.ID = 0 // a new config: it clashes with every stored one
		if why := s.clash(c); why != "" {
			return nil, conflict(fmt.Sprintf("create host config %q", c.Name), why)
		}
		for j, o := range cs[:i] {
			if why := storerules.Clash(c, o, func() string { return fmt.Sprintf("configs[%d] of the same call", j) }); why != "" {
				return nil, conflict(fmt.Sprintf("create host config %q", c.Name), why)
			}
		}
	}
	now := s.stamp()
	out := make([]store.HostConfig, len(cs))
	for i, c := range cs {
		c = c.Clone()
		s.lastConfigID++
		c.ID = s.lastConfigID
		c.Created, c.Updated = now, now
		for k := range c.Interfaces {
			s.lastInterfaceID++
			c.Interfaces[k].ID = s.lastInterfaceID
		}
		s.configs = append(s.configs, c)
		s.keys.add(c)
		out[i] = c.Clone()
	}
	return out, nil
}

// UpdateHostConfig replaces the stored config with ID c.ID, and its whole
// interface list, with a copy of c. Interfaces with ID 0 are new and get
// the next interface IDs; others must be interfaces of that config
// (store.ErrNotFound otherwise); stored interfaces missing from c are
// deleted. Created is kept, Updated set to the current time, and interfaces
// come back ordered by ID. An unknown config is store.ErrNotFound; an
// object, name or non-empty host ID used by another config is
// store.ErrConflict. On error nothing changes.
func (s *Store) UpdateHostConfig(ctx context.Context, c store.HostConfig) (store.HostConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodUpdateHostConfig); err != nil {
		return store.HostConfig{}, err
	}
	op := fmt.Sprintf("update host config %d", c.ID)
	i, ok := s.configIndex(c.ID)
	if !ok {
		return store.HostConfig{}, notFound(op)
	}
	if why := s.clash(c); why != "" {
		return store.HostConfig{}, conflict(op, why)
	}
	if err := checkInterfaceIDs(op, c.Interfaces, s.configs[i].Interfaces); err != nil {
		return store.HostConfig{}, err
	}
	c = c.Clone()
	for k := range c.Interfaces {
		if c.Interfaces[k].ID == 0 {
			s.lastInterfaceID++
			c.Interfaces[k].ID = s.lastInterfaceID
		}
	}
	slices.SortStableFunc(c.Interfaces, func(a, b store.Interface) int { return cmp.Compare(a.ID, b.ID) })
	c.Created = s.configs[i].Created
	c.Updated = s.stamp()
	s.keys.remove(s.configs[i])
	s.configs[i] = c
	s.keys.add(c)
	return c.Clone(), nil
}

// checkInterfaceIDs checks that every non-zero interface ID in ifaces names
// one of stored, once.
func checkInterfaceIDs(op string, ifaces, stored []store.Interface) error {
	seen := make(map[int64]bool, len(ifaces))
	for _, in := range ifaces {
		if in.ID == 0 {
			continue
		}
		if !slices.ContainsFunc(stored, func(s store.Interface) bool { return s.ID == in.ID }) {
			return notFound(fmt.Sprintf("%s: interface %d", op, in.ID))
		}
		if seen[in.ID] {
			return conflict(op, fmt.Sprintf("interface %d is listed twice", in.ID))
		}
		seen[in.ID] = true
	}
	return nil
}
