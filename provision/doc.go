// Package provision onboards NetBox devices and virtual machines into
// Zabbix and keeps their hosts in step with NetBox: ProvisionAgent and
// ProvisionSNMP give an object a Zabbix host monitored through an agent or
// an SNMP interface, using the mappings in the store to pick templates, host
// groups and proxies; ProvisionAgents does it for many objects at once;
// UpdateZabbixHost rewrites what the library owns in a host when NetBox or
// the mappings changed; ValidateHost compares without writing; and
// DeleteZabbixHost deletes or archives a host, as the settings ask.
//
// The flow every operation shares (the lock, the undo, the link, the
// event, the dry run) lives once, in the module's internal/flow; this
// package names its vocabulary for callers: Plan, Change, Action, Error,
// UndoError, NoMatchError and the sentinels. docs/behaviour.md in the
// repository says how each operation behaves.
//
// A Provisioner works over three interfaces, each declared here with only
// the calls it makes: NetBoxClient, ZabbixClient and Store. Every
// combination of backends (in memory, HTTP, SQL) keeps the same invariants:
// after any failure, no Zabbix host the store does not know, no config
// pointing at a missing host, no half-written config.
//
// # Host groups by name
//
// A mapping can name host groups by name, with placeholders the object
// fills ("Sites/{site}/{role}", package mapping). A run looks each name up
// once (ProvisionAgents once per batch) and, when the settings'
// CreateHostGroups is on, creates the missing groups and their parents
// before it writes the host; a dry run and ValidateHost name them in the
// plan's CreateGroups instead. Reconcile does not create groups yet. A
// group created by a run that then fails stays: it is empty and harmless.
//
// # Errors
//
// Every failure of an operation is an *Error naming the operation and the
// object. Its cause matches one of the sentinels under errors.Is
// (ErrInvalidRequest, ErrObjectNotFound, ErrExcluded, ErrNoPrimaryIP,
// ErrNoProxy, ErrInterfaceExists, ErrHostNameTaken, ErrHostMissing,
// ErrNoMatch, ErrUndoFailed, ErrNotProvisioned, ErrHostGroupMissing, or
// mapping.ErrNoDefault, mapping.ErrSeveralDefaults and
// mapping.ErrHostGroupName), and the typed errors carry the data that
// explains it (*InterfaceExistsError, *HostNameTakenError, *NoMatchError,
// *UndoError, *mapping.ResolveError, *mapping.GroupNameError). Backend
// errors are wrapped with %w.
//
// # Concurrency
//
// A Provisioner is safe for concurrent use. Work on one object is
// serialised by Store.Lock, so running ProvisionAgent twice at once for one
// object ends with one host and one config; the second run then finds the
// interface there and reports ErrInterfaceExists. Operations on different
// objects run in parallel.
//
// # Secrets
//
// The TLS PSK and SNMP passphrases are zabbix.Secret values, which print
// and encode as "[redacted]"; error texts are scrubbed of them before they
// reach logs and events.
package provision
