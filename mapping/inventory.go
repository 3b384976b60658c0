package mapping

import (
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Inventory returns the Zabbix inventory of obj: for each enabled field,
// the text of the first of its paths that resolves (list elements joined
// with ", "). Properties with no resolving path are left out.
func Inventory(m store.InventoryMapping, obj *netbox.Object) map[string]string {
	inv := make(map[string]string)
	for _, f := range m.Fields {
		if !f.Enabled {
			continue
		}
		for _, p := range f.Paths {
			v, ok := Lookup(obj, p)
			if !ok {
				continue
			}
			if texts := texts(v); len(texts) > 0 {
				inv[f.Property] = strings.Join(texts, ", ")
				break
			}
		}
	}
	return inv
}
