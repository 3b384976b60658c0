package storetest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/store"
)

// Run runs the conformance suite against the stores that newStore returns.
// Each subtest calls newStore once and expects an empty store; newStore
// should register any cleanup with t.Cleanup.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Settings", testSettings},
		{"ZabbixObjects", testZabbixObjects},

		{"Mappings", testMappings},
		{"MappingNameConflict", testMappingNameConflict},
		{"MappingNotFound", testMappingNotFound},
		{"TagMapping", testTagMapping},
		{"InventoryMapping", testInventoryMapping},

		{"HostConfigCreateAndRead", testHostConfigCreateAndRead},
		{"HostConfigFind", testHostConfigFind},
		{"HostConfigNotFound", testHostConfigNotFound},
		{"HostConfigDelete", testHostConfigDelete},
		{"HostConfigSNMP", testHostConfigSNMP},
		{"HostConfigConflict", testHostConfigConflict},
		{"HostConfigConflictInOneCall", testHostConfigConflictInOneCall},
		{"HostConfigAllOrNone", testHostConfigAllOrNone},
		{"HostConfigUpdate", testHostConfigUpdate},
		{"HostConfigUpdateNotFound", testHostConfigUpdateNotFound},
		{"HostConfigUpdateConflict", testHostConfigUpdateConflict},

		{"Events", testEvents},
		{"EventFilters", testEventFilters},

		{"CanceledContext", testCanceledContext},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentSameObject", testConcurrentSameObject},

		{"LockExcludes", testLockExcludes},
		{"LockWaitsForUnlock", testLockWaitsForUnlock},
		{"LockDistinctObjects", testLockDistinctObjects},
		{"LockContextEnds", testLockContextEnds},
		{"LockUnlockTwice", testLockUnlockTwice},
		{"LockOppositeOrders", testLockOppositeOrders},
		{"LockDuplicateObjects", testLockDuplicateObjects},

		{"NoAliasingMappings", testNoAliasingMappings},
		{"NoAliasingHostConfigs", testNoAliasingHostConfigs},
		{"NoAliasingEvents", testNoAliasingEvents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if s == nil {
				t.Fatal("newStore returned nil")
			}
			tt.fn(t, s)
		})
	}
}
