package mapping

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Errors of ResolveSpecs, matched under errors.Is.
var (
	// ErrInvalidSpec: a spec is wrong in itself (no name, an unknown
	// object or interface type, a bad host group pattern, a name used
	// twice, several defaults).
	ErrInvalidSpec = errors.New("mapping: invalid mapping spec")
	// ErrUnknownName: a spec names a template, host group, proxy or proxy
	// group that the Zabbix objects last imported do not have.
	ErrUnknownName = errors.New("mapping: name not among the imported Zabbix objects")
)

// Interface types of a Spec.
const (
	SpecAny   = "any"   // agent and SNMP requests alike (also when empty)
	SpecAgent = "agent" // agent requests
	SpecSNMP  = "snmp"  // SNMP requests
)

// Spec describes one mapping by the names of what it applies, as a person
// writes it in a file; ResolveSpecs turns specs into store.Mappings with
// the Zabbix IDs. Its JSON form uses the field names below (snake_case,
// as the settings do), and decoding refuses fields it does not know.
type Spec struct {
	// ObjectType is "dcim.device" or "virtualization.virtualmachine".
	ObjectType netbox.ObjectType `json:"object_type"`
	// Name is unique per object type.
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Default marks the mapping that applies when no other does; one per
	// object type.
	Default bool `json:"default,omitempty"`
	// InterfaceType is SpecAgent, SpecSNMP or SpecAny ("" is SpecAny).
	InterfaceType string `json:"interface_type,omitempty"`
	// Sites, Roles and Platforms filter by NetBox ID, as store.Mapping
	// does; empty matches all.
	Sites     []int64 `json:"sites,omitempty"`
	Roles     []int64 `json:"roles,omitempty"`
	Platforms []int64 `json:"platforms,omitempty"`
	// Templates by technical name ("Linux by Zabbix agent").
	Templates []string `json:"templates,omitempty"`
	// HostGroups by name: fixed names ("Linux servers") and patterns
	// ("Sites/{site}/{role}"; see "Host group names" in the package
	// documentation).
	HostGroups []string `json:"host_groups,omitempty"`
	// Proxy and ProxyGroup by name; "" for none.
	Proxy      string `json:"proxy,omitempty"`
	ProxyGroup string `json:"proxy_group,omitempty"`
}

// UnmarshalJSON decodes a spec, refusing fields a Spec does not have, so
// that a misspelt field is an error instead of a setting silently lost.
func (s *Spec) UnmarshalJSON(data []byte) error {
	type spec Spec // without this method; errors name fields as spec.<field>
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	var p spec
	if err := d.Decode(&p); err != nil {
		return fmt.Errorf("mapping spec: %w", err)
	}
	*s = Spec(p)
	return nil
}

// SpecsError lists every problem ResolveSpecs found: Problems holds an
// error per problem, each matching ErrInvalidSpec or ErrUnknownName (an
// *UnknownNameError) and naming its mapping.
type SpecsError struct {
	Problems []error
}

func (e *SpecsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mapping: %d problem(s) in the mapping specs, nothing was resolved:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so that errors.Is and errors.As see them.
func (e *SpecsError) Unwrap() []error { return e.Problems }

// UnknownNameError is a name a spec gives that the Zabbix objects last
// imported do not have. It matches ErrUnknownName.
type UnknownNameError struct {
	Mapping    string            // the spec's name
	ObjectType netbox.ObjectType // the spec's object type
	Kind       string            // "template", "host group", "proxy" or "proxy group"
	Name       string            // the name given
	Imported   time.Time         // when the objects were imported; zero when never
}

func (e *UnknownNameError) Error() string {
	hint := "fix the name, or run ImportZabbixSettings again if it was added in Zabbix since the import of " +
		e.Imported.UTC().Format(time.RFC3339)
	if e.Imported.IsZero() {
		hint = "no Zabbix objects have been imported yet: run ImportZabbixSettings, then fix the name if it is still unknown"
	}
	if e.Kind == "host group" {
		hint += ", or turn on the settings' create_host_groups to have it created"
	}
	return fmt.Sprintf("%s mapping %q: %s %q is not among the Zabbix objects imported: %s",
		e.ObjectType.Label(), e.Mapping, e.Kind, e.Name, hint)
}

// Is reports whether target is ErrUnknownName.
func (e *UnknownNameError) Is(target error) bool { return target == ErrUnknownName }

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

// invalidSpec is a problem of a spec in itself; it matches
// ErrInvalidSpec.
type invalidSpec struct{ text string }

func (e *invalidSpec) Error() string        { return e.text }
func (e *invalidSpec) Is(target error) bool { return target == ErrInvalidSpec }

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
