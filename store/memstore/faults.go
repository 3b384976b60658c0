package memstore

import (
	"context"
	"fmt"
	"slices"
)

// Method names a store.Store method, as Calls records them and FailCall
// takes them.
type Method string

// The store.Store methods.
const (
	MethodSettings            Method = "Settings"
	MethodPutSettings         Method = "PutSettings"
	MethodMappings            Method = "Mappings"
	MethodPutMapping          Method = "PutMapping"
	MethodDeleteMapping       Method = "DeleteMapping"
	MethodTagMapping          Method = "TagMapping"
	MethodPutTagMapping       Method = "PutTagMapping"
	MethodInventoryMapping    Method = "InventoryMapping"
	MethodPutInventoryMapping Method = "PutInventoryMapping"
	MethodHostConfig          Method = "HostConfig"
	MethodHostConfigByObject  Method = "HostConfigByObject"
	MethodFindHostConfigs     Method = "FindHostConfigs"
	MethodCreateHostConfigs   Method = "CreateHostConfigs"
	MethodUpdateHostConfig    Method = "UpdateHostConfig"
	MethodDeleteHostConfig    Method = "DeleteHostConfig"
	MethodZabbixObjects       Method = "ZabbixObjects"
	MethodPutZabbixObjects    Method = "PutZabbixObjects"
	MethodRecordEvent         Method = "RecordEvent"
	MethodEvents              Method = "Events"
	MethodLock                Method = "Lock"
)

// methods lists every Method, in the order of store.Store.
var methods = []Method{
	MethodSettings, MethodPutSettings, MethodMappings, MethodPutMapping, MethodDeleteMapping,
	MethodTagMapping, MethodPutTagMapping, MethodInventoryMapping, MethodPutInventoryMapping,
	MethodHostConfig, MethodHostConfigByObject, MethodFindHostConfigs, MethodCreateHostConfigs,
	MethodUpdateHostConfig, MethodDeleteHostConfig, MethodZabbixObjects, MethodPutZabbixObjects, MethodRecordEvent, MethodEvents, MethodLock,
}

// Call is one recorded call.
type Call struct {
	Method Method
	// Err is what the call returned: a context error, an injected failure,
	// a store error, or nil.
	Err error
}

// fault is a failure injected into one future call.
type fault struct {
	method Method
	at     int // the method's call number that fails
	err    error
}

// FailCall makes the n-th call of method (1-based, counting from now)
// return err, as it is, without doing anything. Every call counts,
// including ones that fail for another reason; a canceled context still
// wins over an injected failure.
//
// It panics when method is not one of the Method constants, n < 1 or err is
// nil.
func (s *Store) FailCall(method Method, n int, err error) {
	if !slices.Contains(methods, method) {
		panic(fmt.Sprintf("memstore: cannot inject a failure into unknown method %q", method))
	}
	if n < 1 {
		panic(fmt.Sprintf("memstore: call number %d is not 1 or more", n))
	}
	if err == nil {
		panic("memstore: injected error is nil")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{method: method, at: s.counts[method] + n, err: err})
}

// begin starts a call of method: it counts the call and returns the
// context's error, else the failure injected for this call, else nil. The
// caller reports the call's outcome with end. s.mu must be held.
func (s *Store) begin(ctx context.Context, method Method) error {
	s.counts[method]++
	n := s.counts[method]
	var injected error
	s.faults = slices.DeleteFunc(s.faults, func(f fault) bool {
		if f.method != method || f.at != n {
			return false
		}
		if injected == nil {
			injected = f.err
		}
		return true
	})
	err := ctx.Err()
	if err == nil {
		err = injected
	}
	s.calls = append(s.calls, Call{Method: method, Err: err})
	return err
}

// Calls returns the calls made since New returned, oldest first (seeding
// is not counted). A call's Err is set when it failed on entry (a canceled
// context or an injected failure).
func (s *Store) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}
