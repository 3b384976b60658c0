package mapping

import (
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// ResolveSpecs turns specs into mappings (ID 0, in spec order) with the
// IDs of the templates, host groups, proxies and proxy groups they name,
// from the Zabbix objects last imported. A host group name with
// placeholders stays a name (store.Mapping.HostGroupNames), resolved per
// object when a host is provisioned. A fixed host group name that objs
// lacks stays a name too when createHostGroups is true (the settings'
// CreateHostGroups: provisioning creates it), and is unknown otherwise.
//
// Every problem of every spec is reported at once, in a *SpecsError; with
// any problem, no mapping is returned.
func ResolveSpecs(specs []Spec, objs store.ZabbixObjects, createHostGroups bool) ([]store.Mapping, error) {
	r := specResolver{objs: objs, create: createHostGroups}
	out := make([]store.Mapping, 0, len(specs))
	for i, s := range specs {
		out = append(out, r.resolve(i, s))
	}
	r.checkSet(specs)
	if len(r.problems) > 0 {
		return nil, &SpecsError{Problems: r.problems}
	}
	return out, nil
}

// specResolver collects the problems of one ResolveSpecs.
type specResolver struct {
	objs     store.ZabbixObjects
	create   bool
	problems []error
}

// invalid records a problem of spec i, the i-th of the specs.
func (r *specResolver) invalid(i int, s Spec, format string, args ...any) {
	name := fmt.Sprintf("mapping %d", i+1)
	if s.Name != "" {
		name = fmt.Sprintf("mapping %q", s.Name)
	}
	if s.ObjectType.Provisionable() {
		name = s.ObjectType.Label() + " " + name
	}
	r.problems = append(r.problems, &invalidSpec{text: name + ": " + fmt.Sprintf(format, args...)})
}

func (r *specResolver) unknown(s Spec, kind, name string) {
	r.problems = append(r.problems, &UnknownNameError{Mapping: s.Name, ObjectType: s.ObjectType, Kind: kind, Name: name,
		Imported: r.objs.Imported})
}

// resolve turns spec i into a mapping, recording its problems.
func (r *specResolver) resolve(i int, s Spec) store.Mapping {
	m := store.Mapping{ObjectType: s.ObjectType, Name: s.Name, Description: s.Description, Default: s.Default,
		Sites: s.Sites, Roles: s.Roles, Platforms: s.Platforms}
	if strings.TrimSpace(s.Name) == "" {
		r.invalid(i, s, "it has no name: give every mapping a name")
	}
	if !s.ObjectType.Provisionable() {
		r.invalid(i, s, "object_type %q is not one provisioned: use %q or %q", s.ObjectType, netbox.TypeDevice, netbox.TypeVirtualMachine)
	}
	switch s.InterfaceType {
	case "", SpecAny:
		m.InterfaceType = zabbix.InterfaceAny
	case SpecAgent:
		m.InterfaceType = zabbix.InterfaceAgent
	case SpecSNMP:
		m.InterfaceType = zabbix.InterfaceSNMP
	default:
		r.invalid(i, s, "interface_type %q is not one of %q, %q and %q", s.InterfaceType, SpecAgent, SpecSNMP, SpecAny)
	}
	for _, name := range s.Templates {
		if t, ok := find(r.objs.Templates, name, func(t zabbix.Template) string { return t.Name }); ok {
			m.Templates = append(m.Templates, t)
		} else {
			r.unknown(s, "template", name)
		}
	}
	for _, p := range s.HostGroups {
		if err := patternProblem(p); err != nil {
			r.invalid(i, s, "host group %q: %v", p, err)
			continue
		}
		name, fixed := FixedHostGroupName(p)
		if !fixed {
			m.HostGroupNames = append(m.HostGroupNames, p)
			continue
		}
		if g, ok := find(r.objs.HostGroups, name, func(g zabbix.HostGroup) string { return g.Name }); ok {
			m.HostGroups = append(m.HostGroups, g)
		} else if r.create {
			m.HostGroupNames = append(m.HostGroupNames, p)
		} else {
			r.unknown(s, "host group", name)
		}
	}
	if s.Proxy != "" {
		if p, ok := find(r.objs.Proxies, s.Proxy, func(p zabbix.Proxy) string { return p.Name }); ok {
			m.Proxy = &p
		} else {
			r.unknown(s, "proxy", s.Proxy)
		}
	}
	if s.ProxyGroup != "" {
		if g, ok := find(r.objs.ProxyGroups, s.ProxyGroup, func(g zabbix.ProxyGroup) string { return g.Name }); ok {
			m.ProxyGroup = &g
		} else {
			r.unknown(s, "proxy group", s.ProxyGroup)
		}
	}
	return m.Clone()
}

// checkSet records the problems of the specs together: a name used twice
// for one object type, several defaults for one.
func (r *specResolver) checkSet(specs []Spec) {
	seen := make(map[netbox.ObjectType]map[string]int)
	defaults := make(map[netbox.ObjectType][]string)
	for i, s := range specs {
		if seen[s.ObjectType] == nil {
			seen[s.ObjectType] = make(map[string]int)
		}
		if first, dup := seen[s.ObjectType][s.Name]; dup && s.Name != "" {
			r.invalid(i, s, "the name is also mapping %d's for %s: give each mapping of an object type its own name", first+1, s.ObjectType.Label())
		} else {
			seen[s.ObjectType][s.Name] = i
		}
		if s.Default {
			defaults[s.ObjectType] = append(defaults[s.ObjectType], s.Name)
		}
	}
	for _, t := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		if ds := defaults[t]; len(ds) > 1 {
			quoted := make([]string, len(ds))
			for i, d := range ds {
				quoted[i] = fmt.Sprintf("%q", d)
			}
			r.problems = append(r.problems, &invalidSpec{text: fmt.Sprintf("%d default %s mappings (%s): keep exactly one default per object type",
				len(ds), t.Label(), strings.Join(quoted, ", "))})
		}
	}
}

// find returns the element of xs whose name is name.
func find[T any](xs []T, name string, nameOf func(T) string) (T, bool) {
	for _, x := range xs {
		if nameOf(x) == name {
			return x, true
		}
	}
	var zero T
	return zero, false
}
