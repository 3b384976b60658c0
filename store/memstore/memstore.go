package memstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Config configures a Store. The zero value is an empty store on the real
// clock.
type Config struct {
	// Now returns the time that stamps host configs' Created and Updated.
	// Nil means time.Now.
	Now func() time.Time
	// Seed is stored by New before the Store is returned.
	Seed Seed
}

// Seed is the initial content of a Store. Records are stored in order as
// if passed to the Store's methods: IDs in the seed are ignored and assigned
// from 1, host configs are stamped with Config.Now, and a record that breaks
// a uniqueness rule makes New panic.
type Seed struct {
	Settings          *store.Settings          // nil: none, as before PutSettings
	Mappings          []store.Mapping          // as by PutMapping with ID 0
	TagMappings       []store.TagMapping       // as by PutTagMapping
	InventoryMappings []store.InventoryMapping // as by PutInventoryMapping
	HostConfigs       []store.HostConfig       // as by one CreateHostConfigs call
	Events            []eventlog.Event         // as by RecordEvent
}

// Store is an in-memory store.Store. Build it with New.
type Store struct {
	now func() time.Time

	mu                sync.Mutex
	settings          *store.Settings
	mappings          []store.Mapping // ordered by ID
	tagMappings       map[netbox.ObjectType]store.TagMapping
	inventoryMappings map[netbox.ObjectType]store.InventoryMapping
	configs           []store.HostConfig // ordered by ID
	keys              configKeys         // the configs by their unique keys
	zabbixObjects     *store.ZabbixObjects
	events            eventlog.Memory
	// locks holds a channel per locked object, closed on unlock.
	locks map[netbox.Ref]chan struct{}
	// The last ID assigned to each kind of record.
	lastMappingID, lastConfigID, lastInterfaceID int64
	// counts counts the calls of each method, calls records them; faults
	// are the failures injected by FailCall that are still to come.
	counts map[Method]int
	calls  []Call
	faults []fault
}

var _ store.Store = (*Store)(nil)

// New returns a Store holding cfg.Seed. A seed that breaks a uniqueness
// rule (or is not valid) is a mistake in the caller's code: New panics,
// naming the record.
func New(cfg Config) *Store {
	s := &Store{
		now:               cfg.Now,
		tagMappings:       make(map[netbox.ObjectType]store.TagMapping),
		inventoryMappings: make(map[netbox.ObjectType]store.InventoryMapping),
		keys:              newConfigKeys(),
		locks:             make(map[netbox.Ref]chan struct{}),
		counts:            make(map[Method]int),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.seed(cfg.Seed); err != nil {
		panic(fmt.Sprintf("memstore: seed: %v", err))
	}
	// Seeding is not a call.
	s.calls = nil
	clear(s.counts)
	return s
}

// seed stores sd through the Store's own methods.
func (s *Store) seed(sd Seed) error {
	ctx := context.Background()
	if sd.Settings != nil {
		if err := s.PutSettings(ctx, *sd.Settings); err != nil {
			return err
		}
	}
	for _, m := range sd.Mappings {
		m.ID = 0
		if _, err := s.PutMapping(ctx, m); err != nil {
			return err
		}
	}
	for _, m := range sd.TagMappings {
		if err := s.PutTagMapping(ctx, m); err != nil {
			return err
		}
	}
	for _, m := range sd.InventoryMappings {
		if err := s.PutInventoryMapping(ctx, m); err != nil {
			return err
		}
	}
	if len(sd.HostConfigs) > 0 {
		if _, err := s.CreateHostConfigs(ctx, sd.HostConfigs); err != nil {
			return err
		}
	}
	for _, e := range sd.Events {
		if err := s.RecordEvent(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// stamp returns the current time from the configured clock, without a
// monotonic reading, as a persisted time would be.
func (s *Store) stamp() time.Time { return s.now().Round(0) }
