// Package store defines where provisioning keeps its state: settings,
// mappings (device, VM, tag and inventory), host configs with their
// interfaces, and the event log.
//
// # Backends
//
// Package memstore keeps everything in memory behind a mutex; package
// sqlstore keeps it in SQLite (embedded, for one process) or PostgreSQL
// (for workers that share state); package storetest is the conformance
// suite every Store must pass.
//
// # Errors
//
// A missing record matches ErrNotFound and a broken uniqueness rule matches
// ErrConflict under errors.Is; the error text names the operation and key.
// A canceled context returns the context's error.
//
// # Concurrency
//
// A Store is safe for concurrent use. Lock serialises work on one NetBox
// object across goroutines (and, for shared backends, across processes).
package store
