// Package memnetbox is an in-memory NetBox: seeded devices, virtual
// machines and IP addresses, served through the same methods as the REST
// client, with every call recorded and per-instance failure injection.
//
// # Backends
//
// Use it for tests, quick starts and dry runs. It passes the same
// conformance suite as the REST client (package netboxtest). Like the REST
// client it is a provision.Fetcher: Fetch answers for the API paths of
// seeded related objects (Seed.Related) and of the seeded devices, virtual
// machines and IP addresses, so that nested objects seeded with a URL
// (Nested.URL "/api/dcim/sites/1/") are expanded as a real NetBox's are.
// Nested objects seeded without a URL are never fetched: seed them whole.
//
// # Errors
//
// A missing object is left out of a result, as the REST client does; Fetch
// of a missing path returns an error matching netbox.ErrNotFound that
// names the path; an injected failure is returned as given.
//
// # Concurrency
//
// A NetBox is safe for concurrent use.
package memnetbox

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Seed is what a NetBox starts with.
type Seed struct {
	Objects     []*netbox.Object
	IPAddresses []*netbox.IPAddress
	// Related are other objects (sites, locations, regions, …) by API
	// path, e.g. "/api/dcim/sites/1/", each as NetBox's detail endpoint
	// answers. Fetch serves them.
	Related map[string]map[string]any
}

// Call is one recorded call.
type Call struct {
	Method string // "Objects", "IPAddresses" or "Fetch"
	Type   netbox.ObjectType
	IDs    []int64
	URL    string // Fetch's URL
	Err    error
}

// NetBox is an in-memory NetBox.
type NetBox struct {
	mu       sync.Mutex
	objects  map[netbox.Ref]*netbox.Object
	ips      map[int64]*netbox.IPAddress
	related  map[string]map[string]any
	calls    []Call
	counts   map[string]int
	failures map[string]map[int]error
}

// New returns a NetBox holding copies of the seeded objects.
func New(seed Seed) *NetBox {
	n := &NetBox{
		objects:  make(map[netbox.Ref]*netbox.Object),
		ips:      make(map[int64]*netbox.IPAddress),
		related:  make(map[string]map[string]any),
		counts:   make(map[string]int),
		failures: make(map[string]map[int]error),
	}
	for _, o := range seed.Objects {
		n.PutObject(o)
	}
	for _, ip := range seed.IPAddresses {
		n.PutIPAddress(ip)
	}
	for p, obj := range seed.Related {
		n.PutRelated(p, obj)
	}
	return n
}

// PutObject adds or replaces a device or virtual machine.
func (n *NetBox) PutObject(o *netbox.Object) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.objects[o.Ref()] = o.Clone()
}

// PutIPAddress adds or replaces an IP address.
func (n *NetBox) PutIPAddress(ip *netbox.IPAddress) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ips[ip.ID] = ip.Clone()
}

// FailCall makes the n-th call (1-based, counted from now) of method
// ("Objects", "IPAddresses" or "Fetch") return err.
func (n *NetBox) FailCall(method string, nth int, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failures[method] == nil {
		n.failures[method] = make(map[int]error)
	}
	n.failures[method][n.counts[method]+nth] = err
}

// Calls returns a copy of the recorded calls, oldest first.
func (n *NetBox) Calls() []Call {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]Call, len(n.calls))
	for i, c := range n.calls {
		c.IDs = slices.Clone(c.IDs)
		out[i] = c
	}
	return out
}

// record counts a call and returns the injected failure for it, if any.
// n.mu must be held.
func (n *NetBox) record(method string, t netbox.ObjectType, ids []int64) error {
	n.counts[method]++
	err := n.failures[method][n.counts[method]]
	delete(n.failures[method], n.counts[method])
	n.calls = append(n.calls, Call{Method: method, Type: t, IDs: slices.Clone(ids), Err: err})
	return err
}

// recordFetch records a Fetch call like record does.
func (n *NetBox) recordFetch(url string) error {
	const method = "Fetch"
	n.counts[method]++
	err := n.failures[method][n.counts[method]]
	delete(n.failures[method], n.counts[method])
	n.calls = append(n.calls, Call{Method: method, URL: url, Err: err})
	return err
}

// Objects returns copies of the devices or virtual machines with the given
// IDs, in ID order; missing ones are left out.
func (n *NetBox) Objects(ctx context.Context, t netbox.ObjectType, ids ...int64) ([]*netbox.Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.record("Objects", t, ids); err != nil {
		return nil, err
	}
	var out []*netbox.Object
	for _, id := range uniqueSorted(ids) {
		if o, ok := n.objects[netbox.Ref{Type: t, ID: id}]; ok {
			out = append(out, o.Clone())
		}
	}
	return out, nil
}

// IPAddresses returns copies of the IP addresses with the given IDs, in ID
// order; missing ones are left out.
func (n *NetBox) IPAddresses(ctx context.Context, ids ...int64) ([]*netbox.IPAddress, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.record("IPAddresses", netbox.TypeIPAddress, ids); err != nil {
		return nil, err
	}
	var out []*netbox.IPAddress
	for _, id := range uniqueSorted(ids) {
		if ip, ok := n.ips[id]; ok {
			out = append(out, ip.Clone())
		}
	}
	return out, nil
}

func uniqueSorted(ids []int64) []int64 {
	s := slices.Clone(ids)
	slices.SortFunc(s, cmp.Compare[int64])
	return slices.Compact(s)
}
