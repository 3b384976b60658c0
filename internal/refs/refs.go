// Package refs orders and names sets of NetBox object references, the way
// every store backend locks and reports them.
package refs

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Sorted returns a copy of refs ordered by type, then ID, without repeats:
// the order in which to lock many objects, so that two callers never wait
// on each other in a cycle.
func Sorted(refs []netbox.Ref) []netbox.Ref {
	out := slices.Clone(refs)
	slices.SortFunc(out, func(a, b netbox.Ref) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
	})
	return slices.Compact(out)
}

// Join renders refs as "device 1, virtual machine 2".
func Join(refs []netbox.Ref) string {
	s := make([]string, len(refs))
	for i, r := range refs {
		s[i] = r.String()
	}
	return strings.Join(s, ", ")
}
