package flow

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Action is what a run does (or, in a dry run, would do) to the Zabbix
// host.
type Action string

// Actions of a Plan.
const (
	ActionCreate Action = "create" // create a new Zabbix host
	ActionAdopt  Action = "adopt"  // take over a host an interrupted run left
	ActionUpdate Action = "update" // update the existing host
	ActionDelete Action = "delete" // delete the host
	ActionNone   Action = "none"   // nothing to change
)

// Plan is what a run decided: the exact payload it sends (or, in a dry
// run, would send) and how the Zabbix host changes. A dry run reads
// NetBox, the store and Zabbix, and writes to neither Zabbix nor the store
// (no event either).
//
// A plan cannot foresee what only Zabbix checks when it writes (a host
// group that no longer exists, say); the real run still reports those.
type Plan struct {
	Action Action
	// Create is the host.create, for ActionCreate.
	Create *zabbix.Host
	// Update is the host.update, for ActionAdopt and ActionUpdate (a
	// soft delete is an update too).
	Update *zabbix.HostUpdate
	// Delete is the host a host.delete removes, for ActionDelete.
	Delete string
	// Current is the Zabbix host as it was before; nil when there was none.
	Current *zabbix.Host
	// Changes lists, field by field, how the host differs from Current
	// (from nothing, for a new host).
	Changes []Change
	// HostConfig is the config the run stores; interfaces that are new to
	// Zabbix have no interface ID yet in a dry run, and neither have the
	// host groups in CreateGroups.
	HostConfig store.HostConfig
	// CreateGroups are the host groups a dry run would create before it
	// writes the host (the mapping names them by name, Zabbix lacks them
	// and the settings' CreateHostGroups is on), parents first. They have
	// no IDs yet, so the payload's groups leave them out; Changes lists
	// each as "hostgroup.create". A run that writes creates them first and
	// sends their IDs.
	CreateGroups []string
}

// CreatingGroups records in p that the run creates the host groups names
// before it writes the host, and returns p.
func (p *Plan) CreatingGroups(names []string) *Plan {
	if p == nil || len(names) == 0 {
		return p
	}
	p.CreateGroups = slices.Clone(names)
	for _, n := range names {
		p.Changes = append(p.Changes, Change{Field: "hostgroup.create", After: n})
	}
	return p
}

// Payload is the request the plan sends: Create or Update, or nil.
func (p *Plan) Payload() any {
	switch {
	case p == nil:
		return nil
	case p.Create != nil:
		return p.Create
	case p.Update != nil:
		return p.Update
	case p.Delete != "":
		return map[string][]string{"hostids": {p.Delete}}
	}
	return nil
}

// CreatePlan is the plan of a host.create.
func CreatePlan(h zabbix.Host, hc store.HostConfig) *Plan {
	return &Plan{Action: ActionCreate, Create: &h, Changes: DiffCreate(h), HostConfig: hc}
}

// UpdatePlan is the plan of a host.update of current (ActionUpdate or
// ActionAdopt).
func UpdatePlan(a Action, current zabbix.Host, u zabbix.HostUpdate, hc store.HostConfig) *Plan {
	return &Plan{Action: a, Update: &u, Current: &current, Changes: DiffUpdate(current, u), HostConfig: hc}
}

// Change is one field of a Zabbix host that a run changes. Before or
// After is "" when the field (or interface) is added or removed.
type Change struct {
	Field  string // e.g. "status", "templates", "interfaces[12]", "interfaces[+]"
	Before string
	After  string
}

// String renders c as "field: before -> after".
func (c Change) String() string {
	return fmt.Sprintf("%s: %q -> %q", c.Field, c.Before, c.After)
}

// changes collects Changes, skipping fields whose value stays.
type changes []Change

func (cs *changes) add(field, before, after string) {
	if before != after {
		*cs = append(*cs, Change{Field: field, Before: before, After: after})
	}
}

// DiffCreate lists what a host.create of h sets, field by field. Secrets
// show as "[redacted]".
func DiffCreate(h zabbix.Host) []Change {
	var cs changes
	cs.add("host", "", h.Host)
	cs.add("name", "", cmp.Or(h.Name, h.Host))
	cs.add("status", "", itoa(h.Status))
	cs.add("description", "", h.Description)
	cs.add("monitored_by", "", itoa(h.MonitoredBy))
	if h.MonitoredBy == zabbix.MonitoredByProxy {
		cs.add("proxyid", "", h.ProxyID)
	}
	if h.MonitoredBy == zabbix.MonitoredByProxyGroup {
		cs.add("proxy_groupid", "", h.ProxyGroupID)
	}
	cs.add("groups", "", ids(h.GroupIDs))
	cs.add("templates", "", ids(h.TemplateIDs))
	cs.add("tags", "", tags(h.Tags))
	cs.add("inventory_mode", "", itoa(h.InventoryMode))
	cs.add("inventory", "", inventory(h.Inventory))
	if h.TLSConnect != 0 {
		cs.add("tls_connect", "", itoa(h.TLSConnect))
	}
	if h.TLSAccept != 0 {
		cs.add("tls_accept", "", itoa(h.TLSAccept))
	}
	cs.add("tls_psk_identity", "", h.TLSPSKIdentity)
	if !h.TLSPSK.IsZero() {
		cs.add("tls_psk", "", h.TLSPSK.String())
	}
	return append(cs, diffInterfaces(nil, h.Interfaces)...)
}

// DiffUpdate lists how the host.update u would change current, field by
// field; what u leaves alone is not compared. Secrets show as
// "[redacted]"; Zabbix never returns them, so a PSK sent always shows as
// set, not as changed.
func DiffUpdate(current zabbix.Host, u zabbix.HostUpdate) []Change {
	var cs changes
	if u.Host != "" {
		cs.add("host", current.Host, u.Host)
	}
	if u.Name != "" {
		cs.add("name", current.Name, u.Name)
	}
	if u.Status != nil {
		cs.add("status", itoa(current.Status), itoa(*u.Status))
	}
	if u.Description != nil {
		cs.add("description", current.Description, *u.Description)
	}
	if u.MonitoredBy != nil {
		cs.add("monitored_by", itoa(current.MonitoredBy), itoa(*u.MonitoredBy))
		after := zabbix.Host{MonitoredBy: *u.MonitoredBy, ProxyID: u.ProxyID, ProxyGroupID: u.ProxyGroupID}
		cs.add("proxyid", proxyOf(current), proxyOf(after))
		cs.add("proxy_groupid", proxyGroupOf(current), proxyGroupOf(after))
	}
	if u.GroupIDs != nil {
		cs.add("groups", ids(current.GroupIDs), ids(u.GroupIDs))
	}
	if u.TemplateIDs != nil || len(u.TemplatesClear) > 0 {
		after := current.TemplateIDs
		if u.TemplateIDs != nil {
			after = u.TemplateIDs
		}
		after = slices.DeleteFunc(slices.Clone(after), func(id string) bool { return slices.Contains(u.TemplatesClear, id) })
		cs.add("templates", ids(current.TemplateIDs), ids(after))
	}
	if len(u.TemplatesClear) > 0 {
		cs.add("templates_clear", "", ids(u.TemplatesClear))
	}
	if u.Tags != nil {
		cs.add("tags", tags(current.Tags), tags(u.Tags))
	}
	if u.InventoryMode != nil {
		cs.add("inventory_mode", itoa(current.InventoryMode), itoa(*u.InventoryMode))
	}
	if u.Inventory != nil {
		after := maps.Clone(current.Inventory)
		if after == nil {
			after = make(map[string]string)
		}
		maps.Copy(after, u.Inventory)
		cs.add("inventory", inventory(current.Inventory), inventory(after))
	}
	if u.TLSConnect != nil {
		cs.add("tls_connect", itoa(current.TLSConnect), itoa(*u.TLSConnect))
	}
	if u.TLSAccept != nil {
		cs.add("tls_accept", itoa(current.TLSAccept), itoa(*u.TLSAccept))
	}
	cs.add("tls_psk_identity", "", u.TLSPSKIdentity)
	if !u.TLSPSK.IsZero() {
		cs.add("tls_psk", "", u.TLSPSK.String())
	}
	if u.Interfaces != nil {
		cs = append(cs, diffInterfaces(current.Interfaces, u.Interfaces)...)
	}
	return cs
}

func proxyOf(h zabbix.Host) string {
	if h.MonitoredBy == zabbix.MonitoredByProxy {
		return h.ProxyID
	}
	return ""
}

func proxyGroupOf(h zabbix.Host) string {
	if h.MonitoredBy == zabbix.MonitoredByProxyGroup {
		return h.ProxyGroupID
	}
	return ""
}

func diffInterfaces(cur, next []zabbix.HostInterface) []Change {
	var out []Change
	kept := make(map[string]bool)
	for _, n := range next {
		if n.InterfaceID == "" {
			out = append(out, Change{Field: "interfaces[+]", After: iface(n)})
			continue
		}
		kept[n.InterfaceID] = true
		i := slices.IndexFunc(cur, func(c zabbix.HostInterface) bool { return c.InterfaceID == n.InterfaceID })
		if i < 0 {
			out = append(out, Change{Field: "interfaces[" + n.InterfaceID + "]", After: iface(n)})
		} else if b, a := iface(cur[i]), iface(n); b != a {
			out = append(out, Change{Field: "interfaces[" + n.InterfaceID + "]", Before: b, After: a})
		}
	}
	for _, c := range cur {
		if !kept[c.InterfaceID] {
			out = append(out, Change{Field: "interfaces[" + c.InterfaceID + "]", Before: iface(c)})
		}
	}
	return out
}

// iface renders an interface as "agent 192.0.2.1:10050 dns=x useip=1 main=1".
func iface(z zabbix.HostInterface) string {
	return fmt.Sprintf("%s %s:%s dns=%s useip=%d main=%d", z.Type, z.IP, z.Port, z.DNS, z.UseIP, z.Main)
}

func ids(s []string) string {
	s = slices.Clone(s)
	slices.SortFunc(s, zabbix.CompareIDs)
	return strings.Join(s, ",")
}

func tags(ts []zabbix.Tag) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Tag + "=" + t.Value
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

func inventory(inv map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(inv)) {
		if inv[k] != "" {
			parts = append(parts, k+"="+inv[k])
		}
	}
	return strings.Join(parts, ",")
}

func itoa[T ~int](n T) string { return strconv.Itoa(int(n)) }
