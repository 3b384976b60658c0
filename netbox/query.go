package netbox

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ErrBadQuery: a Query that cannot be answered: refused by the backend
// before anything is sent (see Query for the rules), or answered 400 Bad
// Request by NetBox, as NetBox answers a filter value that names nothing
// ("site=no-such-site": "Select a valid choice. no-such-site is not one of
// the available choices."). Fix the query.
var ErrBadQuery = errors.New("netbox: bad query")

// Query selects the devices, virtual machines (Objects) or IP addresses
// (IPAddresses) a read returns, and the fields NetBox sends of each.
//
// Objects are selected by IDs, by Filter, or by both (an object must then
// match both). A Query with neither selects nothing and sends no request,
// so that an empty ID list never reads the whole of NetBox: set All to
// read every object (narrowed by Filter, if given).
//
// The result holds each selected object once, ordered by ID; IDs NetBox
// does not have, or the token may not see, are left out.
type Query struct {
	// Type is TypeDevice or TypeVirtualMachine for Objects, and
	// TypeIPAddress (or empty) for IPAddresses.
	Type ObjectType

	// IDs selects objects by ID. IDs ≤ 0 and duplicates are ignored.
	IDs []int64

	// Filter selects objects with a NetBox query string, as in NetBox's
	// own list URLs: "site=dc1&tag=monitored&status=active". It is parsed
	// and each parameter sent as given; several values of one parameter
	// match any of them ("site=dc1&site=dc2"), except tag, where an object
	// must carry every tag named. NetBox ignores parameters it does not
	// know, so a misspelt one selects as if it were absent. A value that
	// names nothing NetBox has (an unknown site slug, status or tag) is an
	// error matching ErrBadQuery.
	//
	// The parameters the backend sets itself (limit, offset, fields, omit,
	// brief, exclude, format, ordering) are refused, and so is "id" when
	// IDs is set: give the IDs in one place.
	Filter string

	// All selects every object when IDs and Filter are empty. It may not
	// be combined with IDs.
	All bool

	// Fields says which top-level fields NetBox sends of each object.
	//
	// Nil asks for every field: the object as NetBox's API renders it
	// (config_context only with Config.IncludeConfigContext).
	//
	// Non-nil, even empty, asks for the fields BaseFields(Type) names
	// plus the top-level names listed here, e.g. "site" or "serial";
	// typed fields of Object not asked for stay empty. mapping.Fields
	// derives the list provisioning needs from the settings and mappings. Names are top-level only ("site",
	// not "site.region"): nested objects always come as NetBox's summaries,
	// and mapping.Expand fetches the rest. A name the type does not have is
	// ignored, as NetBox ignores it. The result may hold more than asked:
	// NetBox before 4.0 cannot send a subset and sends every field.
	Fields []string
}

// BaseFields returns the top-level fields a Query with non-nil Fields always
// asks for, for objects of type t. For devices and virtual machines: id,
// name, status and primary_ip4 — what every read for provisioning uses;
// site, role, platform, tags, custom_fields and the rest come only when
// asked for by name, and the typed fields of Object they fill stay empty
// otherwise. For IP addresses: id, address, dns_name, status,
// assigned_object_type and assigned_object_id; not assigned_object,
// NetBox's summary of the interface with its device, which costs NetBox
// most of an address's time: it is sent only when asked for by name. The
// result is a new slice, sorted.
func BaseFields(t ObjectType) []string {
	if t == TypeIPAddress || t == "" {
		return []string{"address", "assigned_object_id", "assigned_object_type", "dns_name", "id", "status"}
	}
	return []string{"id", "name", "primary_ip4", "status"}
}

// reservedParams are the query parameters a backend sets itself.
var reservedParams = []string{"limit", "offset", "fields", "omit", "brief", "exclude", "format", "ordering"}

// String describes q for errors and logs: `devices with IDs 1, 2, 3 and
// 4 more matching "site=dc1"`.
func (q Query) String() string {
	var b strings.Builder
	b.WriteString(pluralLabel(q.Type))
	ids := uniqueIDs(q.IDs)
	switch {
	case len(ids) == 1:
		fmt.Fprintf(&b, " with ID %d", ids[0])
	case len(ids) > 1:
		b.WriteString(" with IDs ")
		for i, id := range ids[:min(len(ids), 3)] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatInt(id, 10))
		}
		if len(ids) > 3 {
			fmt.Fprintf(&b, " and %d more", len(ids)-3)
		}
	case q.All && q.Filter == "":
		b.WriteString(", all")
	}
	if q.Filter != "" {
		fmt.Fprintf(&b, " matching %q", q.Filter)
	}
	return b.String()
}

func pluralLabel(t ObjectType) string {
	switch t {
	case TypeDevice:
		return "devices"
	case TypeVirtualMachine:
		return "virtual machines"
	case TypeIPAddress, "":
		return "IP addresses"
	}
	return string(t) + " objects"
}

// ParsedQuery is a Query checked and taken apart, as backends use it.
type ParsedQuery struct {
	Type   ObjectType
	IDs    []int64    // unique, > 0, sorted
	Filter url.Values // nil when the Query has no filter
	// Fields is nil for every field, else BaseFields(Type) and the
	// Query's Fields, sorted and unique.
	Fields []string
	// None reports that the Query selects nothing: neither IDs, nor
	// Filter, nor All (or IDs given, but none > 0).
	None bool
}

// Parse checks q for a read of objects of type want (TypeIPAddress for
// IPAddresses, where an empty Type means TypeIPAddress; TypeDevice or
// TypeVirtualMachine, either, for Objects) and returns it taken apart.
// Its errors match ErrBadQuery and say what to change.
func (q Query) Parse(want ObjectType) (ParsedQuery, error) {
	bad := func(format string, args ...any) (ParsedQuery, error) {
		return ParsedQuery{}, fmt.Errorf("%w: %s: %s", ErrBadQuery, q, fmt.Sprintf(format, args...))
	}
	p := ParsedQuery{Type: q.Type}
	if want == TypeIPAddress {
		if q.Type != "" && q.Type != TypeIPAddress {
			return bad("IPAddresses reads %q, not %q", TypeIPAddress, q.Type)
		}
		p.Type = TypeIPAddress
	} else if !q.Type.Provisionable() {
		return bad("Objects reads %q or %q, not %q", TypeDevice, TypeVirtualMachine, q.Type)
	}
	if q.All && len(q.IDs) > 0 {
		return bad("All selects every object; it cannot be combined with IDs")
	}
	p.IDs = uniqueIDs(q.IDs)
	if q.Filter != "" {
		f, err := url.ParseQuery(strings.TrimPrefix(q.Filter, "?"))
		if err != nil {
			return bad("Filter is not a query string (%v): write it as NetBox's list URLs do, e.g. %q", err, "site=dc1&status=active")
		}
		for _, k := range reservedParams {
			if f.Has(k) {
				return bad("Filter may not set %q: the backend sets it", k)
			}
		}
		if f.Has("id") && len(q.IDs) > 0 {
			return bad(`Filter sets "id" and IDs is given: give the IDs in one place`)
		}
		for k := range f {
			if k == "" {
				return bad("Filter has a parameter without a name")
			}
		}
		p.Filter = f
	}
	if q.Fields != nil {
		for _, f := range q.Fields {
			if f == "" || strings.ContainsAny(f, ".,&=? \t") {
				return bad("Fields holds top-level field names, not %q (give %q for a path %q; mapping.Fields derives them)",
					f, strings.SplitN(f, ".", 2)[0], f)
			}
		}
		p.Fields = append(BaseFields(p.Type), q.Fields...)
		slices.Sort(p.Fields)
		p.Fields = slices.Compact(p.Fields)
	}
	p.None = len(p.IDs) == 0 && (len(q.IDs) > 0 || p.Filter == nil && !q.All)
	return p, nil
}

// Wants reports whether a read with these Fields asks for the named
// top-level field: always when Fields is nil.
func (p ParsedQuery) Wants(field string) bool {
	if p.Fields == nil {
		return true
	}
	_, found := slices.BinarySearch(p.Fields, field)
	return found
}
