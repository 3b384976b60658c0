// Package storetest is the conformance suite of store.Store. Every backend
// runs it from its own tests, and core Store behaviour is tested nowhere
// else:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return newEmptyStore(t) })
//	}
//
// # Backends
//
// The suite uses only the Store interface, so it runs unchanged against an
// in-memory store and against SQL stores (SQLite, PostgreSQL). It assumes
// nothing about process boundaries, keeps sizes small (a few hundred
// records) and waits at most a few hundred milliseconds where it must show
// that a Lock blocks. Subtests run one after another, never in parallel, so
// newStore may hand out stores that share one database, as long as each
// starts empty. Times are compared with a tolerance of a second, so a
// backend may round them.
//
// # Details the suite pins
//
// Besides what the store.Store documentation says, the suite expects:
//
//   - IDs of every kind are non-zero, and interface IDs are unique across
//     the store, not just within a config.
//   - CreateHostConfigs ignores the IDs it is given and does not change its
//     argument; configs come back in input order.
//   - Interfaces come back ordered by ID, so new interfaces of an update
//     follow the kept ones wherever they were listed.
//   - UpdateHostConfig with a non-zero interface ID that is not one of that
//     config's interfaces is ErrNotFound.
//   - An empty host ID in HostConfigFilter.HostIDs matches nothing (it is
//     "no host yet", not a key).
//   - Events with the same Created time come back latest-recorded first,
//     as eventlog.Memory orders them.
//   - A lock outlives the context of the Lock call that took it; only
//     unlock releases it.
//
// # Errors
//
// The suite checks errors with errors.Is against store.ErrNotFound,
// store.ErrConflict and the context's error, and checks that a not-found
// error names its key (the ID or the object's ID). It does not check the
// rest of an error's text.
//
// # Concurrency
//
// Some subtests call the Store from many goroutines at once; run them with
// -race. Lock is checked for exclusion, independence of distinct objects,
// honouring the context while waiting, idempotent unlock and freedom from
// deadlock when two callers lock the same objects in opposite orders.
package storetest
