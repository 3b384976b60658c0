package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Mappings returns copies of the mappings of object type t, ordered by ID.
func (s *Store) Mappings(ctx context.Context, t netbox.ObjectType) ([]store.Mapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodMappings); err != nil {
		return nil, err
	}
	var out []store.Mapping
	for _, m := range s.mappings {
		if m.ObjectType == t {
			out = append(out, m.Clone())
		}
	}
	return out, nil
}

// PutMapping creates m when its ID is 0, assigning the next mapping ID, and
// otherwise replaces the mapping with that ID (store.ErrNotFound when there
// is none). A name already used by another mapping of the same object type
// is store.ErrConflict. It returns a copy of what was stored.
func (s *Store) PutMapping(ctx context.Context, m store.Mapping) (store.Mapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodPutMapping); err != nil {
		return store.Mapping{}, err
	}
	op := fmt.Sprintf("create mapping %q", m.Name)
	i := -1
	if m.ID != 0 {
		op = fmt.Sprintf("update mapping %d", m.ID)
		var ok bool
		if i, ok = s.mappingIndex(m.ID); !ok {
			return store.Mapping{}, notFound(op)
		}
	}
	for _, o := range s.mappings {
		if o.ID != m.ID && o.ObjectType == m.ObjectType && o.Name == m.Name {
			return store.Mapping{}, conflict(op, fmt.Sprintf("%s mapping name %q is taken by mapping %d", m.ObjectType.Label(), m.Name, o.ID))
		}
	}
	m = m.Clone()
	if i < 0 {
		s.lastMappingID++
		m.ID = s.lastMappingID
		s.mappings = append(s.mappings, m)
	} else {
		s.mappings[i] = m
	}
	return m.Clone(), nil
}

// DeleteMapping deletes the mapping with the given ID, or returns
// store.ErrNotFound.
func (s *Store) DeleteMapping(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodDeleteMapping); err != nil {
		return err
	}
	i, ok := s.mappingIndex(id)
	if !ok {
		return notFound(fmt.Sprintf("delete mapping %d", id))
	}
	s.mappings = slices.Delete(s.mappings, i, i+1)
	return nil
}

// mappingIndex finds the mapping with the given ID in s.mappings.
func (s *Store) mappingIndex(id int64) (int, bool) {
	return slices.BinarySearchFunc(s.mappings, id, func(m store.Mapping, id int64) int {
		return cmp.Compare(m.ID, id)
	})
}
