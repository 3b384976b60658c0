package eventlog

import (
	"context"
	"sync"
)

// Memory is an in-memory Sink. The zero value is ready to use.
type Memory struct {
	mu     sync.Mutex
	events []Event
	nextID int64
}

// RecordEvent stores a copy of e, assigning it the next ID.
func (m *Memory) RecordEvent(ctx context.Context, e Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	e = e.Clone()
	e.ID = m.nextID
	m.events = append(m.events, e)
	return nil
}

// Events returns copies of the stored events that match q, newest first.
func (m *Memory) Events(ctx context.Context, q Query) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Event
	for _, e := range m.events {
		if q.match(e) {
			out = append(out, e.Clone())
		}
	}
	return sortNewestFirst(out, q.Limit), nil
}
