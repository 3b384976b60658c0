// Package memnetbox is an in-memory NetBox: devices, virtual machines and
// IP addresses given in a Config, served through the same methods as the
// REST client, with every call recorded and per-instance failure
// injection.
//
// # Backends
//
// Use it for tests, quick starts and dry runs. It passes the same
// conformance suite as the REST client (package netboxtest). Like the REST
// client it is a provision.Fetcher: Fetch answers for the API paths of
// related objects (Config.Related) and of the devices, virtual machines
// and IP addresses it holds, so that nested objects given with a URL
// (Nested.URL "/api/dcim/sites/1/") are expanded as a real NetBox's are.
// Nested objects given without a URL are never fetched: give them whole.
//
// # Queries
//
// Objects and IPAddresses answer a netbox.Query as NetBox does: by IDs,
// by filter or both, ordered by ID. Reads with Fields keep the typed
// fields and only the Attrs asked for (an IP address's AssignedObject only
// when "assigned_object" is asked for), as NetBox 4.x sends them, so that
// a caller that forgets a field finds out here. The filters are the ones
// netboxtest.Filters lists; a filter value that names nothing the NetBox
// holds (no object has that site slug, …) is an error matching
// netbox.ErrBadQuery, as NetBox answers 400. Unlike NetBox, which ignores
// parameters it does not know, a filter memnetbox does not support is an
// error matching netbox.ErrBadQuery, so that a test never reads everything
// by mistake.
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
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Config is what a NetBox starts with. New keeps copies.
type Config struct {
	Objects     []*netbox.Object
	IPAddresses []*netbox.IPAddress
	// Related are other objects (sites, locations, regions, …) by API
	// path, e.g. "/api/dcim/sites/1/", each as NetBox's detail endpoint
	// answers. Fetch serves them.
	Related map[string]map[string]any
}

// Method names a method of NetBox, as Call.Method records it and FailCall
// accepts it.
type Method string

// The methods a NetBox records.
const (
	MethodObjects     Method = "Objects"
	MethodIPAddresses Method = "IPAddresses"
	MethodFetch       Method = "Fetch"
)

// Call is one recorded call.
type Call struct {
	// Method is the method called, e.g. MethodObjects.
	Method Method
	// Query is a copy of the query of Objects and IPAddresses.
	Query netbox.Query
	// URL is Fetch's URL.
	URL string
	// Err is what the call returned: a context error, an injected
	// failure, a query error (netbox.ErrBadQuery), Fetch's not-found
	// error, or nil.
	Err error
}

// fault is a failure injected for one future call.
type fault struct {
	method Method
	at     int // the method's call number that fails
	err    error
}

// NetBox is an in-memory NetBox. Build it with New.
type NetBox struct {
	mu      sync.Mutex
	objects map[netbox.Ref]*netbox.Object
	ips     map[int64]*netbox.IPAddress
	related map[string]map[string]any
	calls   []Call
	counts  map[Method]int
	faults  []fault
}

// New returns a NetBox holding copies of the objects of cfg.
func New(cfg Config) *NetBox {
	n := &NetBox{
		objects: make(map[netbox.Ref]*netbox.Object),
		ips:     make(map[int64]*netbox.IPAddress),
		related: make(map[string]map[string]any),
		counts:  make(map[Method]int),
	}
	for _, o := range cfg.Objects {
		n.PutObject(o)
	}
	for _, ip := range cfg.IPAddresses {
		n.PutIPAddress(ip)
	}
	for p, obj := range cfg.Related {
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

// DeleteObject removes a device or virtual machine, as when it is deleted
// in NetBox.
func (n *NetBox) DeleteObject(ref netbox.Ref) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.objects, ref)
}

// PutIPAddress adds or replaces an IP address.
func (n *NetBox) PutIPAddress(ip *netbox.IPAddress) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ips[ip.ID] = ip.Clone()
}

// FailCall makes the n-th call of method (1-based, counting from now)
// return err without reading anything. Every call counts, including ones
// that fail for another reason; a canceled context still wins over an
// injected failure.
//
// It panics when method is not one of the Method constants, nth < 1 or
// err is nil.
func (n *NetBox) FailCall(method Method, nth int, err error) {
	switch method {
	case MethodObjects, MethodIPAddresses, MethodFetch:
	default:
		panic(fmt.Sprintf("memnetbox: cannot inject a failure into unknown method %q", method))
	}
	if nth < 1 {
		panic(fmt.Sprintf("memnetbox: call number %d is not 1 or more", nth))
	}
	if err == nil {
		panic("memnetbox: injected error is nil")
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.faults = append(n.faults, fault{method: method, at: n.counts[method] + nth, err: err})
}

// Calls returns a copy of the calls recorded so far, oldest first.
func (n *NetBox) Calls() []Call {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]Call, len(n.calls))
	for i, c := range n.calls {
		c.Query = cloneQuery(c.Query)
		out[i] = c
	}
	return out
}

// ResetCalls forgets the recorded calls. Injected failures keep counting.
func (n *NetBox) ResetCalls() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls = nil
}

// begin records a call; n.mu must be held for the whole call. It returns
// the call's index for end and the error to return before doing anything:
// the context's, else an injected one.
func (n *NetBox) begin(ctx context.Context, c Call) (int, error) {
	n.counts[c.Method]++
	at := n.counts[c.Method]
	var injected error
	n.faults = slices.DeleteFunc(n.faults, func(f fault) bool {
		if f.method != c.Method || f.at != at {
			return false
		}
		if injected == nil {
			injected = f.err
		}
		return true
	})
	n.calls = append(n.calls, c)
	if err := ctx.Err(); err != nil {
		return len(n.calls) - 1, err
	}
	return len(n.calls) - 1, injected
}

// end records the call's result and returns err.
func (n *NetBox) end(idx int, err error) error {
	n.calls[idx].Err = err
	return err
}

func cloneQuery(q netbox.Query) netbox.Query {
	q.IDs = slices.Clone(q.IDs)
	q.Fields = slices.Clone(q.Fields)
	return q
}
