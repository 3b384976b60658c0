package memnetbox

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Objects returns copies of the devices or virtual machines q selects,
// ordered by ID (see netbox.Query and the package documentation).
func (n *NetBox) Objects(ctx context.Context, q netbox.Query) ([]*netbox.Object, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	idx, err := n.begin(ctx, Call{Method: MethodObjects, Query: cloneQuery(q)})
	if err != nil {
		return nil, n.end(idx, err)
	}
	p, err := q.Parse(netbox.TypeDevice)
	if err != nil {
		return nil, n.end(idx, err)
	}
	if p.None {
		return nil, n.end(idx, nil)
	}
	filters, err := n.objectFilters(q, p)
	if err != nil {
		return nil, n.end(idx, err)
	}
	var out []*netbox.Object
	for _, o := range n.candidates(p) {
		if matchObject(filters, o) {
			out = append(out, trimObject(o.Clone(), p))
		}
	}
	return out, n.end(idx, nil)
}

// IPAddresses returns copies of the IP addresses q selects, ordered by ID.
func (n *NetBox) IPAddresses(ctx context.Context, q netbox.Query) ([]*netbox.IPAddress, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	idx, err := n.begin(ctx, Call{Method: MethodIPAddresses, Query: cloneQuery(q)})
	if err != nil {
		return nil, n.end(idx, err)
	}
	p, err := q.Parse(netbox.TypeIPAddress)
	if err != nil {
		return nil, n.end(idx, err)
	}
	if p.None {
		return nil, n.end(idx, nil)
	}
	filters, err := ipFilters(q, p)
	if err != nil {
		return nil, n.end(idx, err)
	}
	ids := p.IDs
	if len(ids) == 0 {
		ids = slices.Sorted(maps.Keys(n.ips))
	}
	var out []*netbox.IPAddress
	for _, id := range ids {
		if ip, ok := n.ips[id]; ok && matchIP(filters, ip) {
			out = append(out, trimIP(ip.Clone(), p))
		}
	}
	return out, n.end(idx, nil)
}

// candidates are the objects of p's type with p's IDs (every one when it
// has none), ordered by ID. n.mu must be held.
func (n *NetBox) candidates(p netbox.ParsedQuery) []*netbox.Object {
	var out []*netbox.Object
	if len(p.IDs) > 0 {
		for _, id := range p.IDs {
			if o, ok := n.objects[netbox.Ref{Type: p.Type, ID: id}]; ok {
				out = append(out, o)
			}
		}
		return out
	}
	for ref, o := range n.objects {
		if ref.Type == p.Type {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b *netbox.Object) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// trimObject keeps of o's Attrs the fields p asks for, as NetBox 4.x sends
// them; the typed fields are always asked for.
func trimObject(o *netbox.Object, p netbox.ParsedQuery) *netbox.Object {
	if p.Fields != nil {
		maps.DeleteFunc(o.Attrs, func(k string, _ any) bool { return !p.Wants(k) })
	}
	return o
}

// trimIP keeps of ip's Attrs the fields p asks for, and AssignedObject when
// asked for.
func trimIP(ip *netbox.IPAddress, p netbox.ParsedQuery) *netbox.IPAddress {
	if p.Fields != nil {
		maps.DeleteFunc(ip.Attrs, func(k string, _ any) bool { return !p.Wants(k) })
		if !p.Wants("assigned_object") {
			ip.AssignedObject = nil
		}
	}
	return ip
}

// badQuery is the error of a query memnetbox refuses.
func badQuery(q netbox.Query, format string, args ...any) error {
	return fmt.Errorf("memnetbox: %w: %s: %s", netbox.ErrBadQuery, q, fmt.Sprintf(format, args...))
}
