package memstore

import (
	"context"

	"github.com/nbzbx/netbox-zabbix/store"
)

// ZabbixObjects returns a copy of the Zabbix objects last saved, or an
// error wrapping store.ErrNotFound when none were.
func (s *Store) ZabbixObjects(ctx context.Context) (store.ZabbixObjects, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodZabbixObjects); err != nil {
		return store.ZabbixObjects{}, err
	}
	if s.zabbixObjects == nil {
		return store.ZabbixObjects{}, notFound("zabbix objects")
	}
	return s.zabbixObjects.Clone(), nil
}

// PutZabbixObjects saves a copy of o, replacing those saved before.
func (s *Store) PutZabbixObjects(ctx context.Context, o store.ZabbixObjects) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodPutZabbixObjects); err != nil {
		return err
	}
	c := o.Clone()
	s.zabbixObjects = &c
	return nil
}
