package memnetbox

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// relation reads a related object of a device or virtual machine.
type relation func(o *netbox.Object) *netbox.Nested

// objectFilter is one filter of a query with its values.
type objectFilter struct {
	key    string
	values []string
	match  func(o *netbox.Object, v string) bool
	all    bool // every value must match (tag), not any
}

var relations = map[string]relation{
	"site":     func(o *netbox.Object) *netbox.Nested { return o.Site },
	"role":     func(o *netbox.Object) *netbox.Nested { return o.Role },
	"platform": func(o *netbox.Object) *netbox.Nested { return o.Platform },
	"tenant":   func(o *netbox.Object) *netbox.Nested { return o.Tenant },
	"location": func(o *netbox.Object) *netbox.Nested { return o.Location },
	"cluster":  func(o *netbox.Object) *netbox.Nested { return o.Cluster },
}

// statuses are NetBox's status values of devices and virtual machines.
var statuses = map[netbox.ObjectType][]string{
	netbox.TypeDevice:         {"offline", "active", "planned", "staged", "failed", "inventory", "decommissioning"},
	netbox.TypeVirtualMachine: {"offline", "active", "planned", "staged", "failed", "decommissioning", "paused"},
	netbox.TypeIPAddress:      {"active", "reserved", "deprecated", "dhcp", "slaac"},
}

// objectFilterKeys are the filters memnetbox supports, per object type
// (NetBox's names: DeviceFilterSet, VirtualMachineFilterSet).
func objectFilterKeys(t netbox.ObjectType) []string {
	keys := []string{"id", "name", "status", "tag", "site", "site_id", "role", "role_id", "platform", "platform_id",
		"tenant", "tenant_id", "cluster_id"}
	if t == netbox.TypeDevice {
		return append(keys, "location_id")
	}
	return append(keys, "cluster")
}

// objectFilters turns the filter of q into filters, checking each value
// as NetBox does: one that names nothing the NetBox holds is an error
// matching netbox.ErrBadQuery. n.mu must be held.
func (n *NetBox) objectFilters(q netbox.Query, p netbox.ParsedQuery) ([]objectFilter, error) {
	var out []objectFilter
	supported := objectFilterKeys(p.Type)
	for _, key := range slices.Sorted(maps.Keys(p.Filter)) {
		if !slices.Contains(supported, key) {
			return nil, badQuery(q, "memnetbox does not support the filter %q (it supports %s)", key, strings.Join(supported, ", "))
		}
		vals := nonEmpty(p.Filter[key])
		if len(vals) == 0 {
			continue
		}
		f := objectFilter{key: key, values: vals}
		base, byID := strings.CutSuffix(key, "_id")
		rel := relations[base]
		switch {
		case key == "id":
			f.match = func(o *netbox.Object, v string) bool { return strconv.FormatInt(o.ID, 10) == v }
		case key == "name":
			f.match = func(o *netbox.Object, v string) bool { return strings.EqualFold(o.Name, v) }
		case key == "status":
			f.match = func(o *netbox.Object, v string) bool { return o.Status.Value == v }
		case key == "tag":
			f.all = true
			f.match = func(o *netbox.Object, v string) bool {
				return slices.ContainsFunc(o.Tags, func(t netbox.Tag) bool { return t.Slug == v })
			}
		case byID:
			f.match = func(o *netbox.Object, v string) bool {
				r := rel(o)
				return r != nil && strconv.FormatInt(r.ID, 10) == v
			}
		case key == "cluster":
			f.match = func(o *netbox.Object, v string) bool { r := rel(o); return r != nil && r.Name == v }
		default:
			f.match = func(o *netbox.Object, v string) bool { r := rel(o); return r != nil && r.Slug == v }
		}
		for _, v := range vals {
			if msg := n.checkValue(p.Type, key, v, f.match); msg != "" {
				return nil, badQuery(q, "%s: %s", key, msg)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// checkValue returns NetBox's message for a filter value that names
// nothing, or "". A related object, tag or status is known when an object
// of the NetBox carries it, or (sites, locations, …) Related holds it.
// n.mu must be held.
func (n *NetBox) checkValue(t netbox.ObjectType, key, v string, match func(*netbox.Object, string) bool) string {
	choice := "Select a valid choice. " + v + " is not one of the available choices."
	switch key {
	case "id":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "Enter a number."
		}
		return ""
	case "name":
		return ""
	case "status":
		if !slices.Contains(statuses[t], v) {
			return choice
		}
		return ""
	}
	if strings.HasSuffix(key, "_id") {
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "“" + v + "” is not a valid value."
		}
	}
	for _, o := range n.objects {
		if match(o, v) {
			return ""
		}
	}
	if n.relatedHas(key, v) {
		return ""
	}
	return choice
}

// relatedHas reports whether Related holds an object that a filter such
// as site or site_id names: at an API path of that model, with that slug,
// ID or name. n.mu must be held.
func (n *NetBox) relatedHas(key, v string) bool {
	base, byID := strings.CutSuffix(key, "_id")
	dir := map[string]string{"site": "/dcim/sites/", "role": "/dcim/device-roles/", "platform": "/dcim/platforms/",
		"tenant": "/tenancy/tenants/", "location": "/dcim/locations/", "cluster": "/virtualization/clusters/",
		"tag": "/extras/tags/"}[base]
	attr := "slug"
	switch {
	case byID:
		attr = "id"
	case key == "cluster":
		attr = "name"
	}
	for p, obj := range n.related {
		if dir != "" && strings.Contains(p, dir) && textOf(obj[attr]) == v {
			return true
		}
	}
	return false
}

func matchObject(filters []objectFilter, o *netbox.Object) bool {
	for _, f := range filters {
		ok := f.all
		for _, v := range f.values {
			if f.all {
				ok = ok && f.match(o, v)
			} else {
				ok = ok || f.match(o, v)
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// ipFilter is one filter of a query of IP addresses.
type ipFilter struct {
	values []string
	match  func(ip *netbox.IPAddress, v string) bool
}

// ipFilters turns the filter of q into filters of IP addresses: id,
// address (with or without prefix length), dns_name and status.
func ipFilters(q netbox.Query, p netbox.ParsedQuery) ([]ipFilter, error) {
	var out []ipFilter
	for _, key := range slices.Sorted(maps.Keys(p.Filter)) {
		vals := nonEmpty(p.Filter[key])
		f := ipFilter{values: vals}
		switch key {
		case "id":
			f.match = func(ip *netbox.IPAddress, v string) bool { return strconv.FormatInt(ip.ID, 10) == v }
		case "address":
			// NetBox's net_in lookup: with a prefix length, that address
			// and length; without, the host whatever the length.
			f.match = func(ip *netbox.IPAddress, v string) bool {
				if strings.Contains(v, "/") {
					have, err1 := netip.ParsePrefix(ip.Address)
					want, err2 := netip.ParsePrefix(v)
					return err1 == nil && err2 == nil && have == want
				}
				a, err := ip.IP()
				h, herr := netip.ParseAddr(v)
				return err == nil && herr == nil && a == h
			}
		case "dns_name":
			f.match = func(ip *netbox.IPAddress, v string) bool { return ip.DNSName == v }
		case "status":
			for _, v := range vals {
				if !slices.Contains(statuses[netbox.TypeIPAddress], v) {
					return nil, badQuery(q, "status: Select a valid choice. %s is not one of the available choices.", v)
				}
			}
			f.match = func(ip *netbox.IPAddress, v string) bool { return ip.Status.Value == v }
		default:
			return nil, badQuery(q, "memnetbox does not support the filter %q of IP addresses (it supports id, address, dns_name, status)", key)
		}
		if len(vals) > 0 {
			out = append(out, f)
		}
	}
	return out, nil
}

func matchIP(filters []ipFilter, ip *netbox.IPAddress) bool {
	for _, f := range filters {
		if !slices.ContainsFunc(f.values, func(v string) bool { return f.match(ip, v) }) {
			return false
		}
	}
	return true
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// textOf is the text of a JSON scalar: IDs given as int, float64 or
// json.Number alike.
func textOf(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}
