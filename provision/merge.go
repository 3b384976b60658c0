package provision

import (
	"slices"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// ownedUpdate returns the host.update that brings current, the Zabbix host
// as read, in line with want, changing only what the library owns
// (docs/behaviour.md, "What the library owns in a host"): prev is the
// config as stored before, whose templates, host groups, tags and linked
// interfaces were the library's. Lists are merged — what current has,
// less what the library owned before, plus what it owns now — so that what
// was added in Zabbix by hand stays; with ownAll, NetBox owns the whole
// host and what is not wanted goes. Parts already as wanted are left out
// of the update; nothing to change is an empty update.
func ownedUpdate(current zabbix.Host, prev store.HostConfig, want target, ownAll bool) zabbix.HostUpdate {
	w := want.host
	u := zabbix.HostUpdate{HostID: current.HostID}
	if current.Host != w.Host {
		u.Host = w.Host
	}
	if visible := visibleName(w); current.Name != visible {
		u.Name = visible
	}
	if current.Status != w.Status {
		u.Status = &w.Status
	}
	if current.Description != w.Description {
		u.Description = &w.Description
	}
	if by, proxy, group := current.MonitoredBy, current.ProxyID, current.ProxyGroupID; by != w.MonitoredBy || proxy != w.ProxyID || group != w.ProxyGroupID {
		u.MonitoredBy, u.ProxyID, u.ProxyGroupID = &w.MonitoredBy, w.ProxyID, w.ProxyGroupID
	}
	groups := mergeIDs(current.GroupIDs, flow.GroupIDs(prev.HostGroups), w.GroupIDs, ownAll)
	if !sameSet(groups, current.GroupIDs) {
		u.GroupIDs = groups
	}
	templates := mergeIDs(current.TemplateIDs, flow.TemplateIDs(prev.Templates), w.TemplateIDs, ownAll)
	if !sameSet(templates, current.TemplateIDs) {
		u.TemplateIDs = templates
		for _, id := range current.TemplateIDs {
			if !slices.Contains(templates, id) {
				u.TemplatesClear = append(u.TemplatesClear, id)
			}
		}
	}
	if tags := mergeTags(current.Tags, prev.Tags, w.Tags, ownAll); !sameTags(tags, current.Tags) {
		u.Tags = tags
	}
	if current.InventoryMode != w.InventoryMode {
		u.InventoryMode = &w.InventoryMode
	}
	if inv := inventoryUpdate(current.Inventory, want, ownAll); len(inv) > 0 {
		u.Inventory = inv
	}
	if current.TLSConnect != w.TLSConnect || current.TLSAccept != w.TLSAccept {
		u.TLSConnect, u.TLSAccept = &w.TLSConnect, &w.TLSAccept
		u.TLSPSKIdentity, u.TLSPSK = w.TLSPSKIdentity, w.TLSPSK
	}
	if ifaces, changed := flow.MergeInterfaces(current.Interfaces, prev, w.Interfaces, ownAll); changed {
		u.Interfaces = ifaces
	}
	return u
}

// visibleName is the visible name Zabbix shows for h: its Name, or its
// technical name when it has none.
func visibleName(h zabbix.Host) string {
	if h.Name != "" {
		return h.Name
	}
	return h.Host
}

// mergeIDs is current less what was owned, plus what is wanted (only what
// is wanted when ownAll), ordered by ID.
func mergeIDs(current, owned, want []string, ownAll bool) []string {
	out := slices.Clone(want)
	if !ownAll {
		for _, id := range current {
			if !slices.Contains(owned, id) && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	slices.SortFunc(out, zabbix.CompareIDs)
	return slices.Compact(out)
}

// mergeTags is current less the tags named as the library's tags are
// named (those it wrote before, and those it writes now), plus the wanted
// ones (only the wanted ones when ownAll).
func mergeTags(current, owned, want []zabbix.Tag, ownAll bool) []zabbix.Tag {
	out := slices.Clone(want)
	if ownAll {
		return out
	}
	names := make(map[string]bool)
	for _, t := range owned {
		names[t.Tag] = true
	}
	for _, t := range want {
		names[t.Tag] = true
	}
	for _, t := range current {
		if !names[t.Tag] && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// sameTags reports whether a and b hold the same tags, in any order.
func sameTags(a, b []zabbix.Tag) bool {
	key := func(ts []zabbix.Tag) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Tag + "\x00" + t.Value
		}
		return out
	}
	return sameSet(key(a), key(b)) && len(a) == len(b)
}

// inventoryUpdate returns the inventory fields to set: each owned field
// whose value differs from the wanted one ("" for one that resolves to
// nothing), and with ownAll every other field that has a value, cleared.
// Only manual inventory is filled.
func inventoryUpdate(current map[string]string, want target, ownAll bool) map[string]string {
	if want.host.InventoryMode != zabbix.InventoryManual {
		return nil
	}
	out := make(map[string]string)
	for _, p := range want.inventory {
		if v := want.host.Inventory[p]; current[p] != v {
			out[p] = v
		}
	}
	if ownAll {
		for p, v := range current {
			if v != "" && !slices.Contains(want.inventory, p) {
				out[p] = ""
			}
		}
	}
	return out
}
