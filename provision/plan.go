package provision

import "github.com/nbzbx/netbox-zabbix/internal/flow"

// Plan is what a run decided: the action, the exact payload it sends (or,
// in a dry run, would send) — Create for a host.create, Update for a
// host.update, Delete for a host.delete —, the Zabbix host as it was (Current, nil when there was
// none), the changes field by field, and the host config it stores. A dry
// run reads NetBox, the store and Zabbix, and writes to neither Zabbix nor
// the store (no event either). A plan cannot foresee what only Zabbix
// checks when it writes (a host group that no longer exists, say); the
// real run still reports those.
type Plan = flow.Plan

// Change is one field of a Zabbix host that a run changes: Field (e.g.
// "status", "templates", "interfaces[12]", "interfaces[+]"), and its value
// Before and After ("" when added or removed).
type Change = flow.Change

// Action is what a run does to the Zabbix host.
type Action = flow.Action

// Actions of a Plan.
const (
	ActionCreate = flow.ActionCreate // create a new Zabbix host
	ActionAdopt  = flow.ActionAdopt  // take over a host an interrupted run left
	ActionUpdate = flow.ActionUpdate // update the existing host
	ActionDelete = flow.ActionDelete // delete the host
	ActionNone   = flow.ActionNone   // nothing to change
)
