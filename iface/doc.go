// Package iface runs the operations on a host config's interfaces:
// CreateZabbixInterface pushes the interfaces the config has and its
// Zabbix host lacks, and links their Zabbix interface IDs back
// (docs/behaviour.md, "CreateZabbixInterface").
//
// A Pusher works over two interfaces declared here with only the calls it
// makes, ZabbixClient and Store; *zabbix.Client and every store.Store fit
// them. It shares its flow (the lock, the undo, the link, the event, the
// dry run) with package provision, and speaks provision's vocabulary: its
// plans are provision.Plan values and its errors *provision.Error values.
//
// # Errors
//
// Every failure is a *provision.Error naming the operation and the object.
// A config without a Zabbix host matches ErrNotProvisioned; a missing
// config matches store.ErrNotFound; a Zabbix host that is gone matches
// provision.ErrHostMissing, an interface left unlinked
// provision.ErrNoMatch, and a change that could not be undone
// provision.ErrUndoFailed (a *provision.UndoError names the host). The
// backends' errors are wrapped.
//
// # Concurrency
//
// A Pusher is safe for concurrent use; work on one object is serialised by
// Store.Lock.
package iface
