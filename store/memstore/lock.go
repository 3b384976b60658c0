package memstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/nbzbx/netbox-zabbix/internal/refs"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Lock gives the caller exclusive use of objs until it calls unlock. It
// takes all of objs at once or, while any of them is held elsewhere, waits
// holding none, so locks over several objects never deadlock whatever
// their order. Listing an object twice is the same as listing it once.
//
// When ctx ends first, Lock returns an error wrapping ctx.Err() and holds
// nothing. Once taken, the lock does not depend on ctx: only unlock
// releases it, and calling unlock more than once is harmless.
func (s *Store) Lock(ctx context.Context, objs ...netbox.Ref) (unlock func(), err error) {
	s.mu.Lock()
	err = s.begin(ctx, MethodLock)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	sorted := refs.Sorted(objs)
	for {
		s.mu.Lock()
		busy := s.held(sorted)
		if busy == nil {
			for _, r := range sorted {
				s.locks[r] = make(chan struct{})
			}
			s.mu.Unlock()
			var once sync.Once
			return func() { once.Do(func() { s.release(sorted) }) }, nil
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("memstore: lock %s: %w", refs.Join(sorted), ctx.Err())
		case <-busy:
			// Released: try again.
		}
	}
}

// held returns the release channel of the first of refs that is locked, or
// nil when none is. s.mu must be held.
func (s *Store) held(refs []netbox.Ref) chan struct{} {
	for _, r := range refs {
		if ch, ok := s.locks[r]; ok {
			return ch
		}
	}
	return nil
}

// release unlocks refs and wakes their waiters.
func (s *Store) release(refs []netbox.Ref) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range refs {
		close(s.locks[r])
		delete(s.locks, r)
	}
}
