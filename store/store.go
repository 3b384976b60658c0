package store

import (
	"context"
	"errors"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Errors every Store returns, wrapped with the operation and the key.
var (
	// ErrNotFound: no record with that key.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: the write would break a uniqueness rule: one host
	// config per object, unique config names, unique non-empty Zabbix host
	// IDs, unique mapping names per object type. (Several default mappings
	// are not a store conflict; mapping resolution reports them.)
	ErrConflict = errors.New("store: conflict")
)

// Store persists settings, mappings, host configs and events.
//
// Every method honours its context. Values passed in and returned are
// copies: changing one never changes stored state. IDs of every kind are
// assigned by the store and never zero; interface IDs are unique across the
// store, and a config's interfaces come back ordered by ID. Package
// storetest checks all of this, and the details it lists, for every backend.
type Store interface {
	// Settings returns the saved settings, or ErrNotFound when none were
	// saved (callers then use DefaultSettings).
	Settings(ctx context.Context) (Settings, error)
	// PutSettings saves the settings.
	PutSettings(ctx context.Context, s Settings) error

	// Mappings returns the mappings of one object type, ordered by ID.
	Mappings(ctx context.Context, t netbox.ObjectType) ([]Mapping, error)
	// PutMapping creates (ID 0) or replaces a mapping and returns it with
	// its ID. A name already used by another mapping of the same object
	// type is ErrConflict; an unknown ID is ErrNotFound.
	PutMapping(ctx context.Context, m Mapping) (Mapping, error)
	// DeleteMapping deletes a mapping.
	DeleteMapping(ctx context.Context, id int64) error

	// TagMapping and InventoryMapping return the mapping of one object
	// type, or ErrNotFound when none was saved (callers then use the
	// defaults of package mapping).
	TagMapping(ctx context.Context, t netbox.ObjectType) (TagMapping, error)
	PutTagMapping(ctx context.Context, m TagMapping) error
	InventoryMapping(ctx context.Context, t netbox.ObjectType) (InventoryMapping, error)
	PutInventoryMapping(ctx context.Context, m InventoryMapping) error

	// HostConfig returns the config with the given ID.
	HostConfig(ctx context.Context, id int64) (HostConfig, error)
	// HostConfigByObject returns the config of a NetBox object.
	HostConfigByObject(ctx context.Context, obj netbox.Ref) (HostConfig, error)
	// FindHostConfigs returns the configs that match f, ordered by ID. An
	// empty host ID in f.HostIDs matches nothing.
	FindHostConfigs(ctx context.Context, f HostConfigFilter) ([]HostConfig, error)
	// CreateHostConfigs stores new configs with their interfaces, all or
	// none, and returns them in input order with IDs (and Created/Updated)
	// assigned; IDs passed in are ignored. A config that breaks a
	// uniqueness rule, against stored configs or another config in the same
	// call, fails the call with ErrConflict.
	CreateHostConfigs(ctx context.Context, cs []HostConfig) ([]HostConfig, error)
	// UpdateHostConfig replaces a stored config and its whole interface
	// list in one step, and returns it with IDs assigned to new interfaces
	// (ID 0). An interface ID that is not one of the config's is
	// ErrNotFound; Created is kept and Updated set.
	UpdateHostConfig(ctx context.Context, c HostConfig) (HostConfig, error)
	// DeleteHostConfig deletes a config and its interfaces.
	DeleteHostConfig(ctx context.Context, id int64) error

	// ZabbixObjects returns the Zabbix objects last saved, or ErrNotFound
	// when none were.
	ZabbixObjects(ctx context.Context) (ZabbixObjects, error)
	// PutZabbixObjects saves the Zabbix objects, replacing those saved
	// before.
	PutZabbixObjects(ctx context.Context, o ZabbixObjects) error

	// RecordEvent stores an event (assigning its ID); every Store is an
	// eventlog.Sink.
	RecordEvent(ctx context.Context, e eventlog.Event) error
	// Events returns the stored events that match q, newest first (ties:
	// the later recorded first).
	Events(ctx context.Context, q eventlog.Query) ([]eventlog.Event, error)

	// Lock gives the caller exclusive use of the listed objects until it
	// calls unlock: another Lock of any of them waits (or fails with the
	// context's error, holding nothing). The lock outlives the context
	// passed to Lock; only unlock, which may be called more than once,
	// releases it. Provisioning holds it for the whole of one operation, so
	// two workers never provision one object at once.
	Lock(ctx context.Context, objs ...netbox.Ref) (unlock func(), err error)
}
