package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// decision is what provisioning decided for one object before touching
// Zabbix.
type decision struct {
	obj       *netbox.Object
	settings  store.Settings
	mapping   store.Mapping // with the groups it names by name, once withGroups ran
	tags      store.TagMapping
	inventory store.InventoryMapping
	iface     store.Interface
	// createGroups are the host groups a dry run would create for the
	// object, parents first (withGroups).
	createGroups []string
}

// rules is what planning reads from the store for one object type, and
// the object fields they need from NetBox.
type rules struct {
	mappings  []store.Mapping
	tags      store.TagMapping
	inventory store.InventoryMapping
	fields    []string
}

// resolveKey is what mapping resolution depends on: the object's type,
// the interface type asked for, and the object's site, role and platform.
type resolveKey struct {
	t                      netbox.ObjectType
	want                   zabbix.InterfaceType
	site, role, platformID int64
}

type resolved struct {
	m   store.Mapping
	err error
}

// planner decides for the objects of one run: it holds the settings and rules,
// resolves each distinct (type, site, role, platform) once, fetches
// each related NetBox object once, and looks up each host group a mapping
// names by name once (groups.go). It is safe for concurrent use once
// forRun has been called.
type planner struct {
	settings store.Settings
	rules    map[netbox.ObjectType]rules
	fetch    mapping.FetchFunc // nil when the NetBox client cannot fetch
	zabbix   ZabbixClient
	creation groupCreation
	createMu *sync.Mutex // the Provisioner's groupsMu

	mu       sync.Mutex
	resolved map[resolveKey]resolved
	fetched  map[string]fetchResult
	group    singleflight.Group
	groups   groupCache
}

type fetchResult struct {
	obj map[string]any
	err error
}

// newPlanner reads the rules of the given object types.
func (p *Provisioner) newPlanner(ctx context.Context, s store.Settings, types ...netbox.ObjectType) (*planner, error) {
	pl := &planner{settings: s, rules: make(map[netbox.ObjectType]rules), resolved: make(map[resolveKey]resolved),
		fetched: make(map[string]fetchResult), zabbix: p.zabbix, createMu: &p.groupsMu,
		groups: groupCache{known: make(map[string]string)}}
	for _, t := range types {
		if _, done := pl.rules[t]; done {
			continue
		}
		var (
			r   rules
			err error
		)
		if r.mappings, err = p.store.Mappings(ctx, t); err != nil {
			return nil, fmt.Errorf("read %s mappings: %w", t.Label(), err)
		}
		if r.tags, err = p.store.TagMapping(ctx, t); errors.Is(err, store.ErrNotFound) {
			r.tags, err = mapping.DefaultTagMapping(t), nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s tag mapping: %w", t.Label(), err)
		}
		if r.inventory, err = p.store.InventoryMapping(ctx, t); errors.Is(err, store.ErrNotFound) {
			r.inventory, err = mapping.DefaultInventoryMapping(t), nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s inventory mapping: %w", t.Label(), err)
		}
		r.fields = mapping.Fields(s, r.mappings, r.tags, r.inventory)
		pl.rules[t] = r
	}
	if f, ok := p.netbox.(Fetcher); ok {
		pl.fetch = pl.cachedFetch(f)
	}
	return pl, nil
}

// checkObject refuses objects that may not be provisioned: unnamed,
// excluded, or without a primary IPv4 address.
func checkObject(obj *netbox.Object, s store.Settings) error {
	if strings.TrimSpace(obj.Name) == "" {
		return failure(ErrInvalidRequest, "%s has no name in NetBox, and a Zabbix host needs one: name it in NetBox", obj.Ref())
	}
	if s.ExcludeCustomFieldEnabled && truthy(obj.CustomFields[s.ExcludeCustomFieldName]) {
		return failure(ErrExcluded, "%s is excluded from Zabbix by its custom field %q: clear the field to provision it",
			obj.Name, s.ExcludeCustomFieldName)
	}
	if obj.PrimaryIP4 == nil {
		return failure(ErrNoPrimaryIP, "%s does not have a primary IPv4 address: assign one in NetBox", obj.Name)
	}
	return nil
}

// decide resolves the object's mapping for interface type t (agent or
// SNMP), fetches what its tag, inventory and host group name paths need,
// and builds its interface of that type on the primary IPv4 address ip.
// The host groups the mapping names by name are added by withGroups, on
// the paths that apply the mapping.
func (pl *planner) decide(ctx context.Context, obj *netbox.Object, ip *netbox.IPAddress, t zabbix.InterfaceType) (decision, error) {
	r := pl.rules[obj.Type]
	out := decision{obj: obj, settings: pl.settings, tags: r.tags, inventory: r.inventory}
	var err error
	if out.mapping, err = pl.resolve(obj, r.mappings, t); err != nil {
		return out, err
	}
	if err := pl.expand(ctx, obj, r, mapping.HostGroupPaths(out.mapping.HostGroupNames)); err != nil {
		return out, err
	}
	out.iface, err = newInterface(t, obj, ip, pl.settings)
	return out, err
}

func (pl *planner) resolve(obj *netbox.Object, ms []store.Mapping, want zabbix.InterfaceType) (store.Mapping, error) {
	k := resolveKey{t: obj.Type, want: want, site: nestedID(obj.Site), role: nestedID(obj.Role), platformID: nestedID(obj.Platform)}
	pl.mu.Lock()
	r, ok := pl.resolved[k]
	pl.mu.Unlock()
	if !ok {
		r.m, r.err = mapping.Resolve(ms, obj, want)
		pl.mu.Lock()
		pl.resolved[k] = r
		pl.mu.Unlock()
	}
	if r.err != nil {
		// The error names the object it was first resolved for.
		var re *mapping.ResolveError
		if errors.As(r.err, &re) {
			c := *re
			c.Object, c.Name = obj.Ref(), obj.Name
			return store.Mapping{}, &c
		}
		return store.Mapping{}, r.err
	}
	return r.m.Clone(), nil
}

func nestedID(n *netbox.Nested) int64 {
	if n == nil {
		return 0
	}
	return n.ID
}

// expand fetches the related objects the tag and inventory paths, and the
// paths of groupPaths, need.
func (pl *planner) expand(ctx context.Context, obj *netbox.Object, r rules, groupPaths []string) error {
	if pl.fetch == nil {
		return nil
	}
	paths := groupPaths
	for _, t := range r.tags.Fields {
		if t.Enabled {
			paths = append(paths, t.Path)
		}
	}
	if pl.settings.InventoryMode == zabbix.InventoryManual {
		for _, in := range r.inventory.Fields {
			if in.Enabled {
				paths = append(paths, in.Paths...)
			}
		}
	}
	if err := mapping.Expand(ctx, obj, paths, pl.fetch); err != nil {
		return fmt.Errorf("read objects related to %s from NetBox: %w", obj.Name, err)
	}
	return nil
}

// cachedFetch fetches each URL once per run, even when many objects of a
// bulk run ask for it at the same time. Failures other than a missing
// object are not cached.
func (pl *planner) cachedFetch(f Fetcher) mapping.FetchFunc {
	return func(ctx context.Context, url string) (map[string]any, error) {
		pl.mu.Lock()
		r, ok := pl.fetched[url]
		pl.mu.Unlock()
		if ok {
			return r.obj, r.err
		}
		v, err, _ := pl.group.Do(url, func() (any, error) {
			obj, err := f.Fetch(ctx, url)
			if err == nil || errors.Is(err, netbox.ErrNotFound) {
				pl.mu.Lock()
				pl.fetched[url] = fetchResult{obj, err}
				pl.mu.Unlock()
			}
			return obj, err
		})
		obj, _ := v.(map[string]any)
		return obj, err
	}
}
