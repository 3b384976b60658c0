package sqlstore

import (
	"context"
	"sync"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// lockSQLite excludes the goroutines of this process through the Store's
// gate, then other processes through byte-range locks on the lock file
// next to the database (on Linux; see lockfile_*.go).
func (s *Store) lockSQLite(ctx context.Context, refs []netbox.Ref) (func(), error) {
	leave, err := s.gate.enter(ctx, refs)
	if err != nil {
		return nil, err
	}
	if s.lockFile == "" {
		return leave, nil
	}
	keys := objectKeys("", refs)
	offsets := make([]int64, len(keys))
	for i, k := range keys {
		offsets[i] = k & (1<<62 - 1) // a non-negative file offset
	}
	unlockFile, err := lockFileRanges(ctx, s.lockFile, offsets)
	if err != nil {
		leave()
		return nil, err
	}
	return func() {
		unlockFile()
		leave()
	}, nil
}

// gate gives goroutines exclusive use of objects: all of a caller's objects
// at once or, while any is taken, none.
type gate struct {
	mu    sync.Mutex
	taken map[netbox.Ref]chan struct{} // closed when released
}

func newGate() *gate {
	return &gate{taken: make(map[netbox.Ref]chan struct{})}
}

// enter waits until none of refs is taken, takes them all and returns the
// function that releases them; or returns ctx's error, holding none.
func (g *gate) enter(ctx context.Context, refs []netbox.Ref) (func(), error) {
	for {
		g.mu.Lock()
		var busy chan struct{}
		for _, r := range refs {
			if ch, ok := g.taken[r]; ok {
				busy = ch
				break
			}
		}
		if busy == nil {
			for _, r := range refs {
				g.taken[r] = make(chan struct{})
			}
			g.mu.Unlock()
			return func() { g.leave(refs) }, nil
		}
		g.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-busy:
		}
	}
}

func (g *gate) leave(refs []netbox.Ref) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, r := range refs {
		close(g.taken[r])
		delete(g.taken, r)
	}
}
