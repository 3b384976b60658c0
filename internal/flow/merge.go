package flow

import (
	"slices"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// MergeInterfaces returns the host's interface list as an update sends it:
// the interfaces current has that the library does not own (kept as they
// are, by ID; none when ownAll) and the wanted ones (linked ones by ID,
// new ones without), and whether that changes the host. The library owns
// the interfaces prev links.
func MergeInterfaces(current []zabbix.HostInterface, prev store.HostConfig, want []zabbix.HostInterface, ownAll bool) ([]zabbix.HostInterface, bool) {
	owned := make(map[string]bool)
	for _, in := range prev.Interfaces {
		if in.Linked() {
			owned[in.InterfaceID] = true
		}
	}
	wanted := make(map[string]bool)
	for _, in := range want {
		if in.InterfaceID != "" {
			wanted[in.InterfaceID] = true
		}
	}
	var out []zabbix.HostInterface
	changed := false
	for _, c := range current {
		switch {
		case wanted[c.InterfaceID]:
		case owned[c.InterfaceID] || ownAll:
			changed = true // removed
		default:
			kept := c.Clone()
			kept.HostID = ""
			out = append(out, kept)
		}
	}
	for _, w := range want {
		i := slices.IndexFunc(current, func(c zabbix.HostInterface) bool { return c.InterfaceID == w.InterfaceID })
		if w.InterfaceID == "" || i < 0 || !SameInterface(current[i], w) {
			changed = true
		}
		out = append(out, w.Clone())
	}
	return out, changed
}

// SameInterface reports whether a Zabbix interface a has what b sends:
// type, main, how it connects, address, DNS name, port and SNMP details.
func SameInterface(a, b zabbix.HostInterface) bool {
	if a.Type != b.Type || a.Main != b.Main || a.UseIP != b.UseIP || a.IP != b.IP || a.DNS != b.DNS || a.Port != b.Port {
		return false
	}
	if (a.Details == nil) != (b.Details == nil) {
		return false
	}
	if a.Details == nil {
		return true
	}
	da, db := *a.Details, *b.Details
	if da.MaxRepetitions == 0 || db.MaxRepetitions == 0 {
		da.MaxRepetitions, db.MaxRepetitions = 0, 0 // servers before 6.4 have none
	}
	return da == db
}
