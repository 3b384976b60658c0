package mapping

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Errors of Resolve, matched under errors.Is.
var (
	ErrNoDefault       = errors.New("mapping: no default mapping")
	ErrSeveralDefaults = errors.New("mapping: more than one default mapping")
)

// ResolveError explains why no mapping could be chosen for an object.
type ResolveError struct {
	Object   netbox.Ref
	Name     string               // the object's name
	Want     zabbix.InterfaceType // the interface type asked for
	Defaults []string             // names of the default mappings found
	Err      error                // ErrNoDefault or ErrSeveralDefaults
}

func (e *ResolveError) Error() string {
	kind := e.Object.Type.Label()
	if errors.Is(e.Err, ErrSeveralDefaults) {
		return fmt.Sprintf("mapping: no %s mapping matches %s %q for %s interfaces, and there are %d default %s mappings (%s): keep exactly one default",
			kind, kind, e.Name, e.Want, len(e.Defaults), kind, strings.Join(e.Defaults, ", "))
	}
	return fmt.Sprintf("mapping: no %s mapping matches %s %q for %s interfaces, and no default %s mapping is defined: define one",
		kind, kind, e.Name, e.Want, kind)
}

func (e *ResolveError) Unwrap() error { return e.Err }

// Resolve picks the mapping that applies to obj for interfaces of type
// want (see the package documentation for the rule). Mappings of other
// object types are ignored.
func Resolve(mappings []store.Mapping, obj *netbox.Object, want zabbix.InterfaceType) (store.Mapping, error) {
	var (
		best     *store.Mapping
		defaults []store.Mapping
	)
	for i := range mappings {
		m := &mappings[i]
		if m.ObjectType != obj.Type {
			continue
		}
		if m.Default {
			defaults = append(defaults, *m)
			continue
		}
		if m.InterfaceType != want && m.InterfaceType != zabbix.InterfaceAny {
			continue
		}
		if !matches(m, obj) {
			continue
		}
		if best == nil || moreSpecific(m, best, want) {
			best = m
		}
	}
	if best != nil {
		return best.Clone(), nil
	}
	if len(defaults) == 1 {
		return defaults[0].Clone(), nil
	}
	err := &ResolveError{Object: obj.Ref(), Name: obj.Name, Want: want, Err: ErrNoDefault}
	if len(defaults) > 1 {
		err.Err = ErrSeveralDefaults
		for _, d := range defaults {
			err.Defaults = append(err.Defaults, d.Name)
		}
	}
	return store.Mapping{}, err
}

// matches reports whether every non-empty filter of m contains obj's site,
// role and platform.
func matches(m *store.Mapping, obj *netbox.Object) bool {
	return filterHas(m.Sites, obj.Site) && filterHas(m.Roles, obj.Role) && filterHas(m.Platforms, obj.Platform)
}

func filterHas(ids []int64, n *netbox.Nested) bool {
	if len(ids) == 0 {
		return true
	}
	return n != nil && slices.Contains(ids, n.ID)
}

// moreSpecific reports whether a beats b.
func moreSpecific(a, b *store.Mapping, want zabbix.InterfaceType) bool {
	if c := cmp.Or(
		cmp.Compare(dims(a), dims(b)),
		cmp.Compare(set(a.Sites), set(b.Sites)),
		cmp.Compare(set(a.Roles), set(b.Roles)),
		cmp.Compare(set(a.Platforms), set(b.Platforms)),
		cmp.Compare(exact(a, want), exact(b, want)),
	); c != 0 {
		return c > 0
	}
	return a.ID < b.ID
}

func dims(m *store.Mapping) int { return set(m.Sites) + set(m.Roles) + set(m.Platforms) }

func set(ids []int64) int {
	if len(ids) > 0 {
		return 1
	}
	return 0
}

func exact(m *store.Mapping, want zabbix.InterfaceType) int {
	if m.InterfaceType == want {
		return 1
	}
	return 0
}
