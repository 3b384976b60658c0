package sqlstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"

	"github.com/nbzbx/netbox-zabbix/internal/refs"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Lock gives the caller exclusive use of objs until it calls unlock, across
// goroutines and processes: see Concurrency in the package documentation
// for how each dialect does it. Listing an object twice is the same as
// listing it once; locks over several objects never deadlock, whatever
// their order.
//
// When ctx ends first, Lock returns an error wrapping ctx.Err() and holds
// nothing. Once taken, the lock does not depend on ctx: only unlock
// releases it (or the end of the process), and calling unlock more than
// once is harmless.
func (s *Store) Lock(ctx context.Context, objs ...netbox.Ref) (unlock func(), err error) {
	sorted := refs.Sorted(objs)
	op := "lock " + refs.Join(sorted)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	if len(sorted) == 0 {
		return func() {}, nil
	}
	var release func()
	if s.dialect == Postgres {
		release, err = s.lockPostgres(ctx, sorted)
	} else {
		release, err = s.lockSQLite(ctx, sorted)
	}
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	var once sync.Once
	return func() { once.Do(release) }, nil
}

// lockKey is a stable 64-bit key for a lock: the FNV-1a hash of parts. Two
// objects may share a key; they then merely wait for each other.
func lockKey(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// objectKeys returns the sorted, distinct lock keys of refs in space.
func objectKeys(space string, refs []netbox.Ref) []int64 {
	keys := make([]int64, len(refs))
	var id [8]byte
	for i, r := range refs {
		binary.BigEndian.PutUint64(id[:], uint64(r.ID))
		keys[i] = lockKey(space, string(r.Type), string(id[:]))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
