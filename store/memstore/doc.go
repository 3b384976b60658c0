// Package memstore is an in-memory store.Store: settings, mappings, host
// configs, events and object locks kept in maps behind one mutex. It is
// meant for tests, quick starts and dry runs; state lives as long as the
// Store value.
//
// Build one with New. Config.Seed fills the store before first use, through
// the same rules as the Store methods (IDs are assigned, uniqueness is
// checked), and Config.Now fixes the clock that stamps host configs:
//
//	st := memstore.New(memstore.Config{
//		Seed: memstore.Seed{Settings: &settings, Mappings: mappings},
//	})
//
// FailCall makes a chosen future call of a method fail, so that tests can
// drive their callers' error paths (a store write failing after Zabbix
// changed, for instance):
//
//	st.FailCall("CreateHostConfigs", 1, errors.New("disk full"))
//
// # Backends
//
// memstore is one of the store.Store backends; package storetest is the
// conformance suite it passes, next to the SQL store. Behaviour the contract
// leaves open is settled here the way storetest pins it: IDs of every kind
// start at 1 and grow by one, interfaces come back ordered by ID, and an
// empty host ID in a HostConfigFilter matches nothing.
//
// # Errors
//
// A missing record wraps store.ErrNotFound and a broken uniqueness rule
// wraps store.ErrConflict; the text names the operation, the key and, for a
// conflict, the rule and the record it clashes with:
//
//	memstore: host config for device 42: store: not found
//	memstore: create host config "z-web": name "z-web" is taken by host config 3: store: conflict
//
// A method called with an ended context returns the context's error and
// changes nothing.
//
// # Concurrency
//
// A Store is safe for concurrent use. Every value passed in or returned is a
// deep copy, so callers never share memory with the store. Lock gives
// exclusive use of NetBox objects among the goroutines of one process; it
// takes all the listed objects at once or none, so locks over several
// objects never deadlock, whatever their order.
package memstore
