package netboxtest

import (
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// filterKind is how a NetBox filter matches.
type filterKind int

const (
	bySlug    filterKind = iota // a related object by slug ("site=dc1")
	byID                        // a related object by ID ("site_id=1")
	byName                      // a related object by name ("cluster=cluster-a")
	byTag                       // every tag named ("tag=a&tag=b": both)
	byChoice                    // a choice field's value ("status=active")
	byIExact                    // a text field, any case ("name=WEB-01")
	byExact                     // a text field as given ("dns_name=…")
	byAddress                   // an IP address ("address=192.0.2.10/24"), or its host ("address=192.0.2.10")
)

// filterSpec is one filter of a list endpoint, as NetBox's filter set
// defines it.
type filterSpec struct {
	key   string // the query parameter
	field string // the object's top-level field it reads
	kind  filterKind
}

// Filters lists the filters a Server applies to list requests of objects
// of type t (devices, virtual machines, IP addresses). They are NetBox's filters of the same
// names (DeviceFilterSet, VirtualMachineFilterSet, IPAddressFilterSet; the
// same in NetBox 3.7 and 4.x): several values of one filter match any of
// them, except tag, where an object must carry every tag; different
// filters must all match. A Server ignores other parameters, as NetBox
// ignores parameters it does not know (and as this Server ignores the
// lookups, such as name__ic, that NetBox has and it does not).
func Filters(t netbox.ObjectType) []string {
	kind := map[netbox.ObjectType]string{netbox.TypeDevice: "device", netbox.TypeVirtualMachine: "vm", netbox.TypeIPAddress: "ip"}[t]
	var keys []string
	for _, f := range filterSpecs(kind) {
		keys = append(keys, f.key)
	}
	return keys
}

func filterSpecs(kind string) []filterSpec {
	related := func(field string) []filterSpec {
		return []filterSpec{{field, field, bySlug}, {field + "_id", field, byID}}
	}
	common := []filterSpec{{"tag", "tags", byTag}, {"status", "status", byChoice}, {"name", "name", byIExact}}
	switch kind {
	case "device":
		return slices.Concat(related("site"), related("role"), related("platform"), related("tenant"), common,
			[]filterSpec{{"location_id", "location", byID}, {"cluster_id", "cluster", byID}})
	case "vm":
		return slices.Concat(related("site"), related("role"), related("platform"), related("tenant"), common,
			[]filterSpec{{"cluster", "cluster", byName}, {"cluster_id", "cluster", byID}})
	case "ip":
		return []filterSpec{{"address", "address", byAddress}, {"dns_name", "dns_name", byExact},
			{"status", "status", byChoice}, {"tag", "tags", byTag}}
	}
	return nil
}

// statusChoices are NetBox's status values per resource kind.
func statusChoices(kind string, version [2]int) []string {
	switch kind {
	case "device":
		return []string{"offline", "active", "planned", "staged", "failed", "inventory", "decommissioning"}
	case "vm":
		s := []string{"offline", "active", "planned", "staged", "failed", "decommissioning"}
		if version[0] > 4 || version[0] == 4 && version[1] >= 2 {
			s = append(s, "paused")
		}
		return s
	case "ip":
		return []string{"active", "reserved", "deprecated", "dhcp", "slaac"}
	}
	return nil
}

// filter is a filter of a request with its values.
type filter struct {
	spec   filterSpec
	values []string
}

// filters reads the filters of a list request and checks their values as
// NetBox does: a value that names nothing gives a 400 answer listing, per
// parameter, Django's message. Empty values are ignored.
func (s *Server) filters(res *resource, q url.Values) ([]filter, map[string]any) {
	var (
		out     []filter
		invalid = map[string]any{}
	)
	for _, spec := range filterSpecs(res.kind) {
		var vals []string
		for _, v := range q[spec.key] {
			if v != "" {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			continue
		}
		for _, v := range vals {
			if msg := s.checkValue(res, spec, v); msg != "" {
				invalid[spec.key] = []string{msg}
				break
			}
		}
		out = append(out, filter{spec, vals})
	}
	return out, invalid
}

// checkValue returns Django's message for a filter value that names
// nothing, or "".
func (s *Server) checkValue(res *resource, spec filterSpec, v string) string {
	choice := "Select a valid choice. " + v + " is not one of the available choices."
	switch spec.kind {
	case byID:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "“" + v + "” is not a valid value."
		}
		if !s.known[spec.field+".id"][v] {
			return choice
		}
	case bySlug, byTag:
		if !s.known[spec.field+".slug"][v] {
			return choice
		}
	case byName:
		if !s.known[spec.field+".name"][v] {
			return choice
		}
	case byChoice:
		if !slices.Contains(statusChoices(res.kind, s.version), v) {
			return choice
		}
	}
	return ""
}

func matchAll(filters []filter, obj map[string]any) bool {
	for _, f := range filters {
		if !f.match(obj) {
			return false
		}
	}
	return true
}

func (f filter) match(obj map[string]any) bool {
	v := obj[f.spec.field]
	switch f.spec.kind {
	case byTag:
		for _, want := range f.values {
			if !slices.Contains(tagSlugs(v), want) {
				return false
			}
		}
		return true
	case bySlug:
		return slices.Contains(f.values, fieldText(v, "slug"))
	case byID:
		return slices.Contains(f.values, fieldText(v, "id"))
	case byName:
		return slices.Contains(f.values, fieldText(v, "name"))
	case byChoice:
		return slices.Contains(f.values, choiceValue(v))
	case byIExact:
		return slices.ContainsFunc(f.values, func(want string) bool { return strings.EqualFold(want, fmt.Sprint(v)) })
	case byExact:
		return slices.Contains(f.values, fmt.Sprint(v))
	case byAddress:
		return slices.ContainsFunc(f.values, func(want string) bool { return addressMatches(fmt.Sprint(v), want) })
	}
	return false
}

// addressMatches is NetBox's address filter (the net_in lookup): a value
// with a prefix length matches that address and length, one without
// matches the host whatever the length.
func addressMatches(have, want string) bool {
	if strings.Contains(want, "/") {
		h, err1 := netip.ParsePrefix(have)
		w, err2 := netip.ParsePrefix(want)
		return err1 == nil && err2 == nil && h == w
	}
	h, ok := hostOf(have)
	w, err := netip.ParseAddr(want)
	return ok && err == nil && h == w
}

// fieldText is the text of a nested object's field, "" when v is not an
// object.
func fieldText(v any, attr string) string {
	m, ok := v.(map[string]any)
	if !ok || m[attr] == nil {
		return ""
	}
	return fmt.Sprint(m[attr])
}

func choiceValue(v any) string {
	if m, ok := v.(map[string]any); ok {
		return fmt.Sprint(m["value"])
	}
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func tagSlugs(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, t := range list {
		out = append(out, fieldText(t, "slug"))
	}
	return out
}

func hostOf(s string) (netip.Addr, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Addr(), true
	}
	a, err := netip.ParseAddr(s)
	return a, err == nil
}

// knownValues collects, for each filter that names related objects, the
// values that name one: the slugs, IDs and names of the related objects
// the files hold (the site, role, … of every device, virtual machine and
// IP address, and the files of sites, locations, roles, …), and the slugs
// of every tag.
func (s *Server) knownValues() map[string]map[string]bool {
	known := map[string]map[string]bool{}
	note := func(field string, m map[string]any) {
		for _, attr := range []string{"id", "slug", "name"} {
			if m[attr] == nil {
				continue
			}
			key := field + "." + attr
			if known[key] == nil {
				known[key] = map[string]bool{}
			}
			known[key][fmt.Sprint(m[attr])] = true
		}
	}
	fieldOfKind := map[string]string{"site": "site", "location": "location", "role": "role", "platform": "platform",
		"tenant": "tenant", "cluster": "cluster"}
	for kind, files := range s.files {
		for _, b := range files {
			obj := decode(b)
			if field, ok := fieldOfKind[kind]; ok {
				note(field, obj)
				continue
			}
			for field, v := range obj {
				switch x := v.(type) {
				case map[string]any:
					note(field, x)
				case []any:
					if field == "tags" {
						for _, t := range x {
							if m, ok := t.(map[string]any); ok {
								note(field, m)
							}
						}
					}
				}
			}
		}
	}
	return known
}
