package memstore

import (
	"context"

	"github.com/nbzbx/netbox-zabbix/eventlog"
)

// RecordEvent stores a copy of e with the next event ID. Its Created time
// is kept as given.
func (s *Store) RecordEvent(ctx context.Context, e eventlog.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodRecordEvent); err != nil {
		return err
	}
	return s.events.RecordEvent(ctx, e)
}

// Events returns copies of the stored events that match q, newest first
// (ties by descending ID), at most q.Limit of them when it is positive.
func (s *Store) Events(ctx context.Context, q eventlog.Query) ([]eventlog.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(ctx, MethodEvents); err != nil {
		return nil, err
	}
	return s.events.Events(ctx, q)
}
