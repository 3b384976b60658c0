// Package iface runs CreateZabbixInterface: for a host config that already
// has a Zabbix host, push the interfaces the config has and Zabbix lacks,
// and link their Zabbix interface IDs back (DESIGN §4).
//
// The Zabbix part is provision.Sync, shared with ProvisionAgent; this
// package adds the checks, the lock, the store write and the event.
//
// # Errors
//
// Every failure is a *provision.Error naming the operation and the object.
// A config without a Zabbix host matches ErrNotProvisioned; a missing
// config matches store.ErrNotFound; the other causes are those of
// provision.Sync (provision.ErrHostMissing, provision.ErrNoMatch,
// provision.ErrUndoFailed) and the backends' errors.
//
// # Concurrency
//
// A Creator is safe for concurrent use; work on one object is serialised
// by Store.Lock.
package iface
