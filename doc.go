// Package netboxzabbix is a Go library that onboards NetBox devices and
// virtual machines into Zabbix monitoring and keeps Zabbix in step with
// NetBox afterwards. It re-creates, as reusable Go packages, the jobs of the
// NetBox plugin netbox-zabbix, so that provisioning pipelines, webhook
// receivers, operators and CLIs can call them and choose for themselves how
// to schedule the work and where to keep its state.
//
// The operations, one object at a time:
//
//   - provision.Provisioner.ProvisionAgent and ProvisionSNMP give a device
//     or virtual machine a Zabbix host monitored through an agent or an
//     SNMP interface, using mappings to pick templates, host groups and
//     proxies; ProvisionAgents does the same for many objects in bulk;
//   - provision.Provisioner.UpdateZabbixHost brings the parts of a host the
//     library owns back in step with NetBox, leaving what people added by
//     hand; ValidateHost says whether they are in step without writing;
//     DeleteZabbixHost removes or archives the host;
//   - iface.Pusher.CreateZabbixInterface pushes the interfaces a host
//     config has and its Zabbix host lacks, and links their IDs back;
//     UpdateZabbixInterface changes and removes them.
//
// They run over three interfaces, each with an in-memory backend and a real
// one:
//
//	NetBox  netbox.Client (REST)         netbox/memnetbox
//	Zabbix  zabbix.Client (JSON-RPC)     zabbix/memzabbix
//	Store   store/sqlstore (SQL)         store/memstore
//
// and every combination keeps the same invariants: after any failure, no
// Zabbix host the store does not know, no config pointing at a missing
// host, no half-written config, and no secret in an error, a log or an
// event.
//
// docs/behaviour.md in the repository says how each operation behaves.
//
// The packages:
//
//	provision   host operations (provision, update, validate, delete); plans and errors
//	iface       interface operations (create, update)
//	mapping     mapping resolution, tags, inventory, attribute paths
//	netbox      NetBox objects, REST client; memnetbox, netboxtest
//	zabbix      Zabbix hosts, JSON-RPC client; memzabbix, zabbixtest
//	store       records and the Store interface; memstore, sqlstore, storetest
//	eventlog    the audit trail: events and sinks
//	examples    runnable programs, starting with examples/quickstart
package netboxzabbix
