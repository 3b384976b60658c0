package storetest

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

const (
	// blockedFor is how long a Lock that must block is given before its
	// context ends.
	blockedFor = 150 * time.Millisecond
	// freeWithin bounds a Lock that must not block (or only until a quick
	// unlock), so that a broken store fails instead of hanging.
	freeWithin = 10 * time.Second
	// lockRounds is how many times each goroutine takes a contended lock.
	lockRounds = 20
)

// lockWithin calls Lock with a context that ends after d.
func lockWithin(t *testing.T, s store.Store, d time.Duration, objs ...netbox.Ref) (func(), error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	defer cancel()
	return s.Lock(ctx, objs...)
}

// mustLock locks objs, failing t unless that happens within freeWithin.
func mustLock(t *testing.T, s store.Store, objs ...netbox.Ref) func() {
	t.Helper()
	unlock, err := lockWithin(t, s, freeWithin, objs...)
	if err != nil {
		t.Fatalf("Lock(%v): %v", objs, err)
	}
	return unlock
}

// lockResult is what a Lock call returned.
type lockResult struct {
	unlock func()
	err    error
}

// lockAsync calls Lock in a new goroutine and delivers its result.
func lockAsync(ctx context.Context, s store.Store, objs ...netbox.Ref) <-chan lockResult {
	ch := make(chan lockResult, 1)
	go func() {
		unlock, err := s.Lock(ctx, objs...)
		ch <- lockResult{unlock, err}
	}()
	return ch
}

// await returns the result of a Lock started by lockAsync, failing t when
// the call does not return within freeWithin (a store that ignores its
// context would otherwise hang the suite).
func await(t *testing.T, ch <-chan lockResult, what string) lockResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(freeWithin):
		t.Fatalf("%s: Lock did not return within %v", what, freeWithin)
		return lockResult{}
	}
}

// mustBlock checks that locking objs waits until its context ends, and
// then returns the context's error.
func mustBlock(t *testing.T, s store.Store, what string, objs ...netbox.Ref) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), blockedFor)
	defer cancel()
	r := await(t, lockAsync(ctx, s, objs...), "Lock while "+what)
	if r.err == nil {
		r.unlock()
		t.Errorf("Lock(%v) succeeded while %s; want it to wait", objs, what)
		return
	}
	checkErr(t, "Lock while "+what, r.err, context.DeadlineExceeded)
}

// hold is a critical section that fails t when two goroutines are inside
// at once.
type hold struct{ inside atomic.Int32 }

func (h *hold) do(t *testing.T, who string) {
	if !h.inside.CompareAndSwap(0, 1) {
		t.Errorf("%s entered a locked section that another goroutine holds", who)
		return
	}
	runtime.Gosched()
	if !h.inside.CompareAndSwap(1, 0) {
		t.Errorf("%s shared a locked section with another goroutine", who)
	}
}

// testLockExcludes: goroutines that lock one object never overlap.
func testLockExcludes(t *testing.T, s store.Store) {
	obj := netbox.DeviceRef(1)
	var h hold
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for range lockRounds {
				unlock, err := lockWithin(t, s, freeWithin, obj)
				if err != nil {
					t.Errorf("goroutine %d: Lock: %v", g, err)
					return
				}
				h.do(t, "a goroutine")
				unlock()
			}
		})
	}
	wg.Wait()
}

// testLockWaitsForUnlock: a Lock of a held object waits, and goes ahead
// once the holder unlocks.
func testLockWaitsForUnlock(t *testing.T, s store.Store) {
	obj := netbox.DeviceRef(1)
	unlock := mustLock(t, s, obj)
	mustBlock(t, s, "another caller holds the object", obj)

	// early records whether the waiting Lock returned before unlock.
	var released, early atomic.Bool
	ctx, cancel := context.WithTimeout(t.Context(), freeWithin)
	defer cancel()
	second := make(chan lockResult, 1)
	go func() {
		u, err := s.Lock(ctx, obj)
		early.Store(err == nil && !released.Load())
		second <- lockResult{u, err}
	}()
	released.Store(true)
	unlock()
	r := await(t, second, "Lock after the holder unlocked")
	if r.err != nil {
		t.Fatalf("Lock after the holder unlocked: %v", r.err)
	}
	r.unlock()
	if early.Load() {
		t.Error("a Lock of a held object returned before the holder unlocked")
	}
}

// testLockDistinctObjects: holding one object does not block another, even
// one of another type with the same ID.
func testLockDistinctObjects(t *testing.T, s store.Store) {
	unlock := mustLock(t, s, netbox.DeviceRef(1))
	defer unlock()
	for _, obj := range []netbox.Ref{netbox.DeviceRef(2), netbox.VMRef(1)} {
		other, err := lockWithin(t, s, freeWithin, obj)
		if err != nil {
			t.Errorf("Lock(%v) while device 1 is held: %v", obj, err)
			continue
		}
		other()
	}
}

// testLockContextEnds: a waiting Lock returns its context's error when the
// context ends, and holds none of its objects afterwards.
func testLockContextEnds(t *testing.T, s store.Store) {
	a, b := netbox.DeviceRef(1), netbox.DeviceRef(2)
	unlock := mustLock(t, s, b)

	ctx, cancel := context.WithCancel(t.Context())
	waiting := lockAsync(ctx, s, b)
	cancel()
	if r := await(t, waiting, "a waiting Lock whose context is canceled"); r.err == nil {
		r.unlock()
		t.Error("a waiting Lock whose context is canceled succeeded while another caller holds the object")
	} else {
		checkErr(t, "a waiting Lock whose context is canceled", r.err, context.Canceled)
	}

	// a is free but b is held: the Lock of both waits and gives up, and
	// must not keep a.
	mustBlock(t, s, "one of the objects is held", a, b)
	mustLock(t, s, a)()
	unlock()
	mustLock(t, s, a, b)()
}

// testLockUnlockTwice: a second call of unlock does nothing, even when
// someone else holds the object by then.
func testLockUnlockTwice(t *testing.T, s store.Store) {
	obj := netbox.DeviceRef(1)
	first := mustLock(t, s, obj)
	first()
	first()
	second := mustLock(t, s, obj)
	first()
	mustBlock(t, s, "a stale unlock was called", obj)
	second()
	mustLock(t, s, obj)()
}

// testLockOppositeOrders: goroutines that lock overlapping sets of objects
// in opposite orders neither deadlock nor overlap.
func testLockOppositeOrders(t *testing.T, s store.Store) {
	a, b, c := netbox.DeviceRef(1), netbox.DeviceRef(2), netbox.VMRef(3)
	orders := [][]netbox.Ref{{a, b, c}, {c, b, a}, {b, a}, {c, a}}
	var h hold
	var wg sync.WaitGroup
	for _, order := range orders {
		wg.Go(func() {
			for range lockRounds {
				unlock, err := lockWithin(t, s, freeWithin, order...)
				if err != nil {
					t.Errorf("Lock(%v): %v (deadlock?)", order, err)
					return
				}
				h.do(t, "a goroutine")
				unlock()
			}
		})
	}
	wg.Wait()
}

// testLockDuplicateObjects: listing an object twice locks it once.
func testLockDuplicateObjects(t *testing.T, s store.Store) {
	obj := netbox.DeviceRef(1)
	unlock := mustLock(t, s, obj, obj, netbox.DeviceRef(2), obj)
	mustBlock(t, s, "the object is held", obj)
	unlock()
	mustLock(t, s, obj)()
}
