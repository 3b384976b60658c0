package memzabbix

import (
	"context"
	"fmt"
	"slices"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Method names a method of a Server, as Calls records them and FailCall
// and FailCallAfterApply take them.
type Method string

// The methods of a Server that talk to "Zabbix".
const (
	MethodCreateHosts      Method = "CreateHosts"
	MethodHosts            Method = "Hosts"
	MethodUpdateHost       Method = "UpdateHost"
	MethodUpdateHosts      Method = "UpdateHosts"
	MethodDeleteHosts      Method = "DeleteHosts"
	MethodHostGroups       Method = "HostGroups"
	MethodCreateHostGroups Method = "CreateHostGroups"
	MethodTemplates        Method = "Templates"
	MethodProxies          Method = "Proxies"
	MethodProxyGroups      Method = "ProxyGroups"
)

// methods lists every Method.
var methods = []Method{MethodCreateHosts, MethodHosts, MethodUpdateHost, MethodUpdateHosts, MethodDeleteHosts,
	MethodHostGroups, MethodCreateHostGroups, MethodTemplates, MethodProxies, MethodProxyGroups}

// Call is one recorded call.
type Call struct {
	// Method is the method called, e.g. MethodCreateHosts.
	Method Method
	// Args is a copy of the arguments after the context: []zabbix.Host for
	// CreateHosts, zabbix.HostQuery for Hosts, zabbix.HostUpdate for UpdateHost,
	// []zabbix.HostUpdate for UpdateHosts,
	// []string (the host IDs) for DeleteHosts, and []string (the names)
	// for HostGroups, CreateHostGroups, Templates, Proxies and ProxyGroups.
	Args any
	// Err is what the call returned: a context error, an injected failure,
	// a *zabbix.APIError or *zabbix.VersionError, or nil.
	Err error
}

// fault is a failure injected for one future call.
type fault struct {
	method Method
	at     int // the method's call number that fails
	err    error
	after  bool // fail after the change is applied
}

// Calls returns a copy of the calls recorded so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		c.Args = cloneArgs(c.Args)
		out[i] = c
	}
	return out
}

// ResetCalls forgets the recorded calls. Injected failures keep counting.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// FailCall makes the n-th call of method (1-based, counting from now) return
// err without doing anything: no host is created, changed or deleted, and
// Hosts returns no hosts. Every call counts, including ones that fail for
// another reason; a canceled context still wins over an injected failure.
//
// It panics when method is not one of the Method constants, n < 1 or err is
// nil.
func (s *Server) FailCall(method Method, n int, err error) {
	s.inject(method, n, err, false)
}

// FailCallAfterApply makes the n-th call of method (1-based, counting from
// now) do its work and then return err instead of its result, as when a
// real server carried out a request but the answer was lost on the way
// back. CreateHosts still creates the hosts, UpdateHost still updates and
// DeleteHosts still deletes; callers see only err. If the call fails on its
// own (a validation error), that error is returned and the injected one is
// used up. When FailCall and FailCallAfterApply pick the same call,
// FailCall's error wins.
//
// It panics when method is not one of the Method constants, n < 1 or err is
// nil.
func (s *Server) FailCallAfterApply(method Method, n int, err error) {
	s.inject(method, n, err, true)
}

func (s *Server) inject(method Method, n int, err error, after bool) {
	if !slices.Contains(methods, method) {
		panic(fmt.Sprintf("memzabbix: cannot inject a failure into unknown method %q", method))
	}
	if n < 1 {
		panic(fmt.Sprintf("memzabbix: call number %d is not 1 or more", n))
	}
	if err == nil {
		panic("memzabbix: injected error is nil")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{method: method, at: s.counts[method] + n, err: err, after: after})
}

// begin records a call; s.mu must be held for the whole call. It returns
// the call's index for end, the error to return before doing anything
// (context or FailCall), and the error to return after applying
// (FailCallAfterApply).
func (s *Server) begin(ctx context.Context, method Method, args any) (idx int, before, after error) {
	s.counts[method]++
	n := s.counts[method]
	s.faults = slices.DeleteFunc(s.faults, func(f fault) bool {
		if f.method != method || f.at != n {
			return false
		}
		switch {
		case f.after && after == nil:
			after = f.err
		case !f.after && before == nil:
			before = f.err
		}
		return true
	})
	s.calls = append(s.calls, Call{Method: method, Args: args})
	if err := ctx.Err(); err != nil {
		before = err
	}
	return len(s.calls) - 1, before, after
}

// end records the call's result and returns err.
func (s *Server) end(idx int, err error) error {
	s.calls[idx].Err = err
	return err
}

func cloneArgs(a any) any {
	switch v := a.(type) {
	case []zabbix.Host:
		return cloneHosts(v)
	case zabbix.HostUpdate:
		return v.Clone()
	case []zabbix.HostUpdate:
		return cloneUpdates(v)
	case zabbix.HostQuery:
		v.HostIDs, v.Names = slices.Clone(v.HostIDs), slices.Clone(v.Names)
		return v
	case []string:
		return slices.Clone(v)
	}
	return a
}

func cloneUpdates(us []zabbix.HostUpdate) []zabbix.HostUpdate {
	if us == nil {
		return nil
	}
	out := make([]zabbix.HostUpdate, len(us))
	for i, u := range us {
		out[i] = u.Clone()
	}
	return out
}

func cloneHosts(hs []zabbix.Host) []zabbix.Host {
	if hs == nil {
		return nil
	}
	out := make([]zabbix.Host, len(hs))
	for i, h := range hs {
		out[i] = h.Clone()
	}
	return out
}
