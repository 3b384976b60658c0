package mappingfile

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Resolve resolves the specs of the mapping file at path (as Load returned
// them) against the Zabbix objects the store last imported, keeping host
// groups by name when the store's settings allow creating them
// (mapping.ResolveSpecs). Every unknown name is reported at once, with the
// file's name.
func Resolve(ctx context.Context, st store.Store, path string, specs []mapping.Spec) ([]store.Mapping, error) {
	objs, err := st.ZabbixObjects(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) { // none imported: every name is unknown, and the error says to import
		return nil, fmt.Errorf("resolve mapping file %s: read the Zabbix objects last imported: %w", path, err)
	}
	settings, err := st.Settings(ctx)
	if errors.Is(err, store.ErrNotFound) {
		settings, err = store.DefaultSettings(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("resolve mapping file %s: read the settings: %w", path, err)
	}
	ms, err := mapping.ResolveSpecs(specs, objs, settings.CreateHostGroups)
	if err != nil {
		return nil, fmt.Errorf("mapping file %s: %w", path, err)
	}
	return ms, nil
}

// Apply puts mappings in the store: one whose object type and name a
// stored mapping has replaces it (keeping its ID), the others are added.
// Stored mappings the list does not name stay. It returns the mappings as
// stored; on error, those put before it stay put.
func Apply(ctx context.Context, st store.Store, ms []store.Mapping) ([]store.Mapping, error) {
	ids := make(map[netbox.ObjectType]map[string]int64)
	out := make([]store.Mapping, 0, len(ms))
	for _, m := range ms {
		if ids[m.ObjectType] == nil {
			stored, err := st.Mappings(ctx, m.ObjectType)
			if err != nil {
				return out, fmt.Errorf("apply mappings: read the %s mappings: %w", m.ObjectType.Label(), err)
			}
			ids[m.ObjectType] = make(map[string]int64, len(stored))
			for _, s := range stored {
				ids[m.ObjectType][s.Name] = s.ID
			}
		}
		m.ID = ids[m.ObjectType][m.Name]
		put, err := st.PutMapping(ctx, m)
		if err != nil {
			return out, fmt.Errorf("apply mappings: put %s mapping %q: %w", m.ObjectType.Label(), m.Name, err)
		}
		out = append(out, put)
	}
	return out, nil
}
