package memstore

import (
	"context"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// TagMapping returns a copy of the tag mapping of object type t, or an
// error wrapping store.ErrNotFound when none was saved.
func (s *Store) TagMapping(ctx context.Context, t netbox.ObjectType) (store.TagMapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodTagMapping); err != nil {
		return store.TagMapping{}, err
	}
	m, ok := s.tagMappings[t]
	if !ok {
		return store.TagMapping{}, notFound("tag mapping for " + t.Label())
	}
	return m.Clone(), nil
}

// PutTagMapping saves a copy of m as the tag mapping of m.ObjectType.
func (s *Store) PutTagMapping(ctx context.Context, m store.TagMapping) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodPutTagMapping); err != nil {
		return err
	}
	s.tagMappings[m.ObjectType] = m.Clone()
	return nil
}

// InventoryMapping returns a copy of the inventory mapping of object type
// t, or an error wrapping store.ErrNotFound when none was saved.
func (s *Store) InventoryMapping(ctx context.Context, t netbox.ObjectType) (store.InventoryMapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodInventoryMapping); err != nil {
		return store.InventoryMapping{}, err
	}
	m, ok := s.inventoryMappings[t]
	if !ok {
		return store.InventoryMapping{}, notFound("inventory mapping for " + t.Label())
	}
	return m.Clone(), nil
}

// PutInventoryMapping saves a copy of m as the inventory mapping of
// m.ObjectType.
func (s *Store) PutInventoryMapping(ctx context.Context, m store.InventoryMapping) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodPutInventoryMapping); err != nil {
		return err
	}
	s.inventoryMappings[m.ObjectType] = m.Clone()
	return nil
}
