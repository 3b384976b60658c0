package provision

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// What a dry run would do (Plan.Action).
const (
	ActionCreate = "create" // create a new Zabbix host
	ActionAdopt  = "adopt"  // take over a host an interrupted run left
	ActionUpdate = "update" // update the existing host
	ActionNone   = "none"   // nothing is missing
)

// Plan is what a dry run found: the exact payload the run would send and
// how the Zabbix host would change. A dry run reads NetBox, the store and
// Zabbix, and writes to neither Zabbix nor the store (no event either).
//
// A plan cannot foresee what only Zabbix checks when it writes (a host
// group that no longer exists, say); the real run still reports those.
type Plan struct {
	Action string
	// Payload is the host.create or host.update the run would send.
	Payload zabbix.Host
	// Current is the Zabbix host as it is now; nil when there is none.
	Current *zabbix.Host
	// Changes lists, field by field, how the host would differ from
	// Current (from nothing, for a new host).
	Changes []Change
	// HostConfig is the config the run would store; interfaces that are
	// new to Zabbix have no interface ID yet.
	HostConfig store.HostConfig
}

// Change is one field of a Zabbix host that a run would change. Before or
// After is "" when the field (or interface) would be added or removed.
type Change struct {
	Field  string // e.g. "status", "templates", "interfaces[12]", "interfaces[+]"
	Before string
	After  string
}

// String renders c as "field: before -> after".
func (c Change) String() string {
	return fmt.Sprintf("%s: %q -> %q", c.Field, c.Before, c.After)
}

// Diff returns how sending payload (a host.create when current is nil, a
// host.update otherwise) would change current. Parts the payload leaves
// alone (see zabbix.Host) are not compared. Secrets show as "[redacted]";
// Zabbix never returns them, so a PSK always shows as set, not as changed.
func Diff(current *zabbix.Host, payload zabbix.Host) []Change {
	var cur zabbix.Host
	if current != nil {
		cur = *current
	}
	update := current != nil
	var out []Change
	add := func(field, before, after string) {
		if before != after {
			out = append(out, Change{Field: field, Before: before, After: after})
		}
	}
	if payload.Host != "" {
		add("host", cur.Host, payload.Host)
	}
	if payload.Name != "" || !update {
		add("name", cur.Name, cmpOrString(payload.Name, payload.Host))
	}
	add("status", itoaIf(update, cur.Status), strconv.Itoa(payload.Status))
	if payload.Description != "" || !update {
		add("description", cur.Description, payload.Description)
	}
	add("monitored_by", itoaIf(update, cur.MonitoredBy), strconv.Itoa(payload.MonitoredBy))
	add("proxyid", cur.ProxyID, payload.ProxyID)
	add("proxy_groupid", cur.ProxyGroupID, payload.ProxyGroupID)
	if payload.GroupIDs != nil {
		add("groups", ids(cur.GroupIDs), ids(payload.GroupIDs))
	}
	if payload.TemplateIDs != nil {
		add("templates", ids(cur.TemplateIDs), ids(payload.TemplateIDs))
	}
	if len(payload.TemplatesClear) > 0 {
		add("templates_clear", "", ids(payload.TemplatesClear))
	}
	if payload.Tags != nil {
		add("tags", tags(cur.Tags), tags(payload.Tags))
	}
	add("inventory_mode", itoaIf(update, cur.InventoryMode), strconv.Itoa(payload.InventoryMode))
	if payload.Inventory != nil {
		add("inventory", inventory(cur.Inventory), inventory(payload.Inventory))
	}
	if payload.TLSConnect != 0 {
		add("tls_connect", itoaIf(update, cur.TLSConnect), strconv.Itoa(payload.TLSConnect))
	}
	if payload.TLSAccept != 0 {
		add("tls_accept", itoaIf(update, cur.TLSAccept), strconv.Itoa(payload.TLSAccept))
	}
	if payload.TLSPSKIdentity != "" {
		add("tls_psk_identity", "", payload.TLSPSKIdentity)
	}
	if !payload.TLSPSK.IsZero() {
		add("tls_psk", "", payload.TLSPSK.String())
	}
	if payload.Interfaces != nil {
		out = append(out, diffInterfaces(cur.Interfaces, payload.Interfaces)...)
	}
	return out
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
		parts = append(parts, k+"="+inv[k])
	}
	return strings.Join(parts, ",")
}

// itoaIf renders n, or "" when there is no current host to have it.
func itoaIf(have bool, n int) string {
	if !have {
		return ""
	}
	return strconv.Itoa(n)
}

func cmpOrString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
