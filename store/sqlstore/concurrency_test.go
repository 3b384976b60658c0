package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// TestSQLiteFileConcurrency: many goroutines write one SQLite file at
// once, through one Store and through two Stores on separate *sql.DB (as
// two processes would, where only BEGIN IMMEDIATE and the busy timeout
// keep them apart); nothing fails, "database is locked" least of all.
func TestSQLiteFileConcurrency(t *testing.T) {
	const (
		goroutines = 16
		rounds     = 5
	)
	path := filepath.Join(t.TempDir(), "busy.db")
	stores := []*sqlstore.Store{newStore(t, openSQLiteFile(t, path), sqlstore.SQLite), newStore(t, openSQLiteFile(t, path), sqlstore.SQLite)}
	ctx := t.Context()
	var wg sync.WaitGroup
	for g := range goroutines {
		s := stores[g%len(stores)]
		wg.Go(func() {
			for r := range rounds {
				if err := churn(ctx, s, int64(g*rounds+r+1)); err != nil {
					t.Errorf("goroutine %d round %d: %v", g, r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	all, err := stores[0].FindHostConfigs(ctx, store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != goroutines*rounds {
		t.Errorf("%d configs after %d creates", len(all), goroutines*rounds)
	}
	for _, c := range all {
		if len(c.Interfaces) != 2 || c.HostID == "" {
			t.Errorf("config %q: %d interfaces, host ID %q; want 2 and set by the update", c.Name, len(c.Interfaces), c.HostID)
		}
	}
	events, err := stores[1].Events(ctx, eventlog.Query{})
	if err != nil || len(events) != goroutines*rounds {
		t.Errorf("Events: %d, %v; want %d", len(events), err, goroutines*rounds)
	}
}

// churn is one round of provisioning-like work on device id: lock it,
// read, create, update, record an event, put a mapping.
func churn(ctx context.Context, s *sqlstore.Store, id int64) error {
	obj := netbox.DeviceRef(id)
	unlock, err := s.Lock(ctx, obj)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := s.HostConfigByObject(ctx, obj); err == nil {
		return fmt.Errorf("device %d has a config already", id)
	}
	cs, err := s.CreateHostConfigs(ctx, []store.HostConfig{deviceConfig(id, 1)})
	if err != nil {
		return err
	}
	c := cs[0]
	c.HostID = fmt.Sprint(10000 + id)
	c.Interfaces = append(c.Interfaces, deviceConfig(id, 2).Interfaces[1])
	if _, err := s.UpdateHostConfig(ctx, c); err != nil {
		return err
	}
	if err := s.RecordEvent(ctx, eventlog.Event{Name: "churn", Object: &obj, Message: "ok"}); err != nil {
		return err
	}
	if _, err := s.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: fmt.Sprint("m", id)}); err != nil {
		return err
	}
	_, err = s.FindHostConfigs(ctx, store.HostConfigFilter{HostIDs: []string{c.HostID}})
	return err
}

// TestConcurrentUpdateAndDelete: goroutines replace one config's interface
// list over and over while another deletes the config; the only failures
// are ErrNotFound (the config or an interface went away under a caller),
// never a deadlock or a database error, and no interface outlives its
// config.
func TestConcurrentUpdateAndDelete(t *testing.T) {
	for _, b := range fileBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			s := newStore(t, db, b.dialect)
			ctx := t.Context()
			cs, err := s.CreateHostConfigs(ctx, []store.HostConfig{deviceConfig(1, 2)})
			if err != nil {
				t.Fatal(err)
			}
			id := cs[0].ID
			var wg sync.WaitGroup
			for g := range 6 {
				wg.Go(func() {
					for r := range 15 {
						c, err := s.HostConfig(ctx, id)
						if errors.Is(err, store.ErrNotFound) {
							return
						}
						if err != nil {
							t.Errorf("goroutine %d: HostConfig: %v", g, err)
							return
						}
						if r%2 == 0 {
							c.Interfaces = deviceConfig(1, 3).Interfaces // all new
						} else {
							c.Interfaces = append(c.Interfaces[:1], deviceConfig(1, 2).Interfaces[1]) // keep one
						}
						if _, err := s.UpdateHostConfig(ctx, c); err != nil && !errors.Is(err, store.ErrNotFound) {
							t.Errorf("goroutine %d: UpdateHostConfig: %v", g, err)
							return
						}
					}
				})
			}
			wg.Go(func() {
				time.Sleep(20 * time.Millisecond)
				if err := s.DeleteHostConfig(ctx, id); err != nil {
					t.Errorf("DeleteHostConfig: %v", err)
				}
			})
			wg.Wait()
			var ifaces int
			if err := db.QueryRow("SELECT COUNT(*) FROM interfaces").Scan(&ifaces); err != nil || ifaces != 0 {
				t.Errorf("%d interfaces (%v) left after their config was deleted", ifaces, err)
			}
		})
	}
}
