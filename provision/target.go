package provision

import (
	"cmp"
	"context"
	"maps"
	"reflect"
	"slices"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// target is what NetBox says the host of one object should be now: the
// config to store, and the parts of the Zabbix host the library owns.
type target struct {
	config store.HostConfig
	// host holds the owned parts: names, status, description, groups,
	// templates, monitoring source, tags, inventory mode, TLS and the
	// config's interfaces. Its inventory holds the owned fields that
	// resolve; the others in inventory are owned too, and empty.
	host      zabbix.Host
	inventory []string
}

// interfaceTypeOf is the interface type whose mapping applies to a
// provisioned config: agent when it has an agent interface, else SNMP when
// it has an SNMP one, else agent.
func interfaceTypeOf(hc store.HostConfig) zabbix.InterfaceType {
	if !slices.ContainsFunc(hc.Interfaces, func(in store.Interface) bool { return in.Type == zabbix.InterfaceAgent }) &&
		slices.ContainsFunc(hc.Interfaces, func(in store.Interface) bool { return in.Type == zabbix.InterfaceSNMP }) {
		return zabbix.InterfaceSNMP
	}
	return zabbix.InterfaceAgent
}

// target returns what the host of hc, the stored config of obj, should be
// now, with the decision (mapping, tags, inventory) it follows:
//
//   - the config is named after the object, and its status follows the
//     object's NetBox status through the settings' status map;
//   - its templates, host groups (with those the mapping names by name
//     for the object) and monitoring source follow the mapping that
//     applies now, unless the config was edited by hand;
//   - with primary address assignment, the main agent and SNMP interfaces
//     follow the primary IPv4 address ip (same Zabbix interface, new
//     address and DNS name);
//   - the names, tags, inventory and TLS are built as for a new host.
func (pl *planner) target(ctx context.Context, obj *netbox.Object, ip *netbox.IPAddress, hc store.HostConfig) (decision, target, error) {
	s := pl.settings
	d, err := pl.decide(ctx, obj, ip, interfaceTypeOf(hc))
	if err != nil {
		return d, target{}, err
	}
	cfg := hc.Clone()
	cfg.Name = configName(obj)
	cfg.Status = s.ZabbixStatus(obj.Status.Value)
	if !hc.HandEdited {
		if err := pl.withGroups(ctx, &d); err != nil {
			return d, target{}, err
		}
		if cfg, err = applyMapping(cfg, d); err != nil {
			return d, target{}, err
		}
	}
	if s.IPAssignmentMethod == store.IPAssignmentPrimary {
		for _, t := range []zabbix.InterfaceType{zabbix.InterfaceAgent, zabbix.InterfaceSNMP} {
			i := slices.IndexFunc(cfg.Interfaces, func(in store.Interface) bool {
				return in.Type == t && in.Main == 1 && in.IPAddressID != 0
			})
			if i >= 0 {
				if err := onAddress(&cfg.Interfaces[i], obj, ip, s); err != nil {
					return d, target{}, err
				}
			}
		}
	}
	host, err := createPayload(cfg, d)
	if err != nil {
		return d, target{}, err
	}
	cfg.Tags = host.Tags
	tg := target{config: cfg, host: host}
	if s.InventoryMode == zabbix.InventoryManual {
		for _, f := range d.inventory.Fields {
			if f.Enabled && !slices.Contains(tg.inventory, f.Property) {
				tg.inventory = append(tg.inventory, f.Property)
			}
		}
	}
	return d, tg, nil
}

// configChanged reports whether storing next in place of prev changes the
// stored config: times aside, empty and nil lists alike, and templates, host
// groups and tags compared as sets, since Zabbix returns them in no fixed
// order (a config imported from a host holds them in Zabbix's order).
func configChanged(prev, next store.HostConfig) bool {
	norm := func(c store.HostConfig) store.HostConfig {
		c = c.Clone()
		c.Created, c.Updated = prev.Created, prev.Updated
		c.Templates = sortedOrNil(c.Templates, func(a, b zabbix.Template) int {
			return cmp.Or(cmp.Compare(a.TemplateID, b.TemplateID), cmp.Compare(a.Name, b.Name))
		})
		c.HostGroups = sortedOrNil(c.HostGroups, func(a, b zabbix.HostGroup) int {
			return cmp.Or(cmp.Compare(a.GroupID, b.GroupID), cmp.Compare(a.Name, b.Name))
		})
		c.Tags = sortedOrNil(c.Tags, func(a, b zabbix.Tag) int {
			return cmp.Or(cmp.Compare(a.Tag, b.Tag), cmp.Compare(a.Value, b.Value))
		})
		if len(c.Interfaces) == 0 {
			c.Interfaces = nil
		}
		return c
	}
	return !reflect.DeepEqual(norm(prev), norm(next))
}

// sortedOrNil sorts xs (a clone of its own) by compare; an empty list is
// nil.
func sortedOrNil[T any](xs []T, compare func(a, b T) int) []T {
	if len(xs) == 0 {
		return nil
	}
	slices.SortFunc(xs, compare)
	return xs
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	return maps.Equal(setOf(a), setOf(b))
}

func setOf(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
