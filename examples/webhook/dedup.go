package main

import (
	"sync"
	"time"
)

// dedup remembers the deliveries accepted within a time window, so that
// one NetBox sends again is not run twice. It holds one entry per
// delivery for ttl: memory grows with the event rate times ttl.
type dedup struct {
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	seen  map[string]time.Time // key → when it was accepted
	swept time.Time
}

func newDedup(ttl time.Duration) *dedup {
	return &dedup{ttl: ttl, now: time.Now, seen: make(map[string]time.Time)}
}

// first records key and reports whether it is new: not accepted within
// the window.
func (d *dedup) first(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if now.Sub(d.swept) > d.ttl {
		for k, t := range d.seen {
			if now.Sub(t) > d.ttl {
				delete(d.seen, k)
			}
		}
		d.swept = now
	}
	if t, ok := d.seen[key]; ok && now.Sub(t) <= d.ttl {
		return false
	}
	d.seen[key] = now
	return true
}

// forget drops keys, so that the deliveries count as new again: those
// that could not be queued, and those whose run failed.
func (d *dedup) forget(keys ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, k := range keys {
		delete(d.seen, k)
	}
}
