package memstore

import (
	"context"

	"github.com/nbzbx/netbox-zabbix/store"
)

// Settings returns the saved settings, or an error wrapping
// store.ErrNotFound before the first PutSettings.
func (s *Store) Settings(ctx context.Context) (store.Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodSettings); err != nil {
		return store.Settings{}, err
	}
	if s.settings == nil {
		return store.Settings{}, notFound("settings")
	}
	return *s.settings, nil
}

// PutSettings saves a copy of st, secrets included, replacing the saved
// settings.
func (s *Store) PutSettings(ctx context.Context, st store.Settings) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodPutSettings); err != nil {
		return err
	}
	s.settings = &st
	return nil
}
