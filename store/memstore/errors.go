package memstore

import (
	"fmt"

	"github.com/nbzbx/netbox-zabbix/store"
)

// notFound reports that the record named by what is missing, e.g.
// notFound("host config for device 42").
func notFound(what string) error {
	return fmt.Errorf("memstore: %s: %w", what, store.ErrNotFound)
}

// conflict reports that op would break the uniqueness rule described by
// why, e.g. conflict(`update host config 5`, `name "z-a" is taken by host config 3`).
func conflict(op, why string) error {
	return fmt.Errorf("memstore: %s: %s: %w", op, why, store.ErrConflict)
}
