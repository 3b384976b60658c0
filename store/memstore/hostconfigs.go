package memstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// HostConfig returns a copy of the host config with the given ID, or an
// error wrapping store.ErrNotFound.
func (s *Store) HostConfig(ctx context.Context, id int64) (store.HostConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodHostConfig); err != nil {
		return store.HostConfig{}, err
	}
	i, ok := s.configIndex(id)
	if !ok {
		return store.HostConfig{}, notFound(fmt.Sprintf("host config %d", id))
	}
	return s.configs[i].Clone(), nil
}

// HostConfigByObject returns a copy of the host config of obj, or an error
// wrapping store.ErrNotFound.
func (s *Store) HostConfigByObject(ctx context.Context, obj netbox.Ref) (store.HostConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodHostConfigByObject); err != nil {
		return store.HostConfig{}, err
	}
	if i, ok := s.configIndex(s.keys.byObject[obj]); ok {
		return s.configs[i].Clone(), nil
	}
	return store.HostConfig{}, notFound(fmt.Sprintf("host config for %s", obj))
}

// FindHostConfigs returns copies of the host configs that match f, ordered
// by ID. A config matches when its object, host ID or name is listed in f;
// an empty host ID in f.HostIDs matches nothing, and an empty filter matches
// every config.
func (s *Store) FindHostConfigs(ctx context.Context, f store.HostConfigFilter) ([]store.HostConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodFindHostConfigs); err != nil {
		return nil, err
	}
	var out []store.HostConfig
	if len(f.Objects) == 0 && len(f.HostIDs) == 0 && len(f.Names) == 0 {
		for _, c := range s.configs {
			out = append(out, c.Clone())
		}
		return out, nil
	}
	ids := make(map[int64]bool)
	for _, o := range f.Objects {
		ids[s.keys.byObject[o]] = true
	}
	for _, h := range f.HostIDs {
		if h != "" {
			ids[s.keys.byHostID[h]] = true
		}
	}
	for _, n := range f.Names {
		ids[s.keys.byName[n]] = true
	}
	delete(ids, 0)
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		i, _ := s.configIndex(id)
		out = append(out, s.configs[i].Clone())
	}
	return out, nil
}

// DeleteHostConfig deletes the host config with the given ID and its
// interfaces, or returns store.ErrNotFound.
func (s *Store) DeleteHostConfig(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodDeleteHostConfig); err != nil {
		return err
	}
	i, ok := s.configIndex(id)
	if !ok {
		return notFound(fmt.Sprintf("delete host config %d", id))
	}
	s.keys.remove(s.configs[i])
	s.configs = slices.Delete(s.configs, i, i+1)
	return nil
}

// configIndex finds the host config with the given ID in s.configs.
func (s *Store) configIndex(id int64) (int, bool) {
	return slices.BinarySearchFunc(s.configs, id, func(c store.HostConfig, id int64) int {
		return cmp.Compare(c.ID, id)
	})
}
