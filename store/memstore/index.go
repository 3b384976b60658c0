package memstore

import (
	"fmt"
	"slices"

	"github.com/nbzbx/netbox-zabbix/internal/storerules"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// configKeys finds host configs by the keys that must be unique, so that
// a write is checked without a pass over every config: a store of
// thousands of configs is written to in bulk by ProvisionAgents and
// Reconcile.
type configKeys struct {
	byObject map[netbox.Ref]int64
	byName   map[string]int64
	byHostID map[string]int64
}

func newConfigKeys() configKeys {
	return configKeys{byObject: make(map[netbox.Ref]int64), byName: make(map[string]int64), byHostID: make(map[string]int64)}
}

func (k configKeys) add(c store.HostConfig) {
	k.byObject[c.Object], k.byName[c.Name] = c.ID, c.ID
	if c.HostID != "" {
		k.byHostID[c.HostID] = c.ID
	}
}

func (k configKeys) remove(c store.HostConfig) {
	delete(k.byObject, c.Object)
	delete(k.byName, c.Name)
	if c.HostID != "" {
		delete(k.byHostID, c.HostID)
	}
}

// clash checks c against the stored configs other than c.ID, as a pass in
// ID order applying storerules.Clash would. s.mu must be held.
func (s *Store) clash(c store.HostConfig) string {
	var ids []int64
	for _, id := range []int64{s.keys.byObject[c.Object], s.keys.byName[c.Name], s.keys.byHostID[c.HostID]} {
		if id != 0 && id != c.ID {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		i, _ := s.configIndex(id)
		o := s.configs[i]
		if why := storerules.Clash(c, o, func() string { return fmt.Sprintf("host config %d", o.ID) }); why != "" {
			return why
		}
	}
	return ""
}
