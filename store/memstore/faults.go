package memstore

import (
	"context"
	"fmt"
	"slices"
)

// isMethod reports whether name is a store.Store method, as FailCall
// accepts them.
func isMethod(name string) bool {
	switch name {
	case "Settings", "PutSettings",
		"Mappings", "PutMapping", "DeleteMapping",
		"TagMapping", "PutTagMapping", "InventoryMapping", "PutInventoryMapping",
		"HostConfig", "HostConfigByObject", "FindHostConfigs",
		"CreateHostConfigs", "UpdateHostConfig", "DeleteHostConfig",
		"RecordEvent", "Events", "Lock":
		return true
	}
	return false
}

// fault is a failure injected into one future call.
type fault struct {
	method string
	at     int // the method's call number that fails
	err    error
}

// FailCall makes the n-th call of method (1-based, counting from now)
// return err, as it is, without doing anything. method is the name of a
// store.Store method, e.g. "CreateHostConfigs". Every call counts, including
// ones that fail for another reason; a canceled context still wins over an
// injected failure.
//
// It panics when method is not a store.Store method, n < 1 or err is nil.
func (s *Store) FailCall(method string, n int, err error) {
	if !isMethod(method) {
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
	s.faults = append(s.faults, fault{method: method, at: s.calls[method] + n, err: err})
}

// begin starts a call of method: it counts the call and returns the
// context's error, else the failure injected for this call, else nil.
// s.mu must be held.
func (s *Store) begin(ctx context.Context, method string) error {
	s.log = append(s.log, method)
	s.calls[method]++
	n := s.calls[method]
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
	if err := ctx.Err(); err != nil {
		return err
	}
	return injected
}

// Calls returns the names of the store.Store methods called since New
// returned, oldest first (seeding is not counted).
func (s *Store) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}
