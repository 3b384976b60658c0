package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Sizes of the concurrency tests: enough to interleave, small enough for a
// networked database.
const (
	writers         = 8
	writesPerWriter = 25
	readers         = 2
)

// testConcurrentWriters: writers create configs of distinct objects and
// record events while readers read; every write succeeds and every ID is
// distinct.
func testConcurrentWriters(t *testing.T, s store.Store) {
	ctx := t.Context()
	done := make(chan struct{})
	var readWG, writeWG sync.WaitGroup
	for r := range readers {
		readWG.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if _, err := s.FindHostConfigs(ctx, store.HostConfigFilter{}); err != nil {
					t.Errorf("reader %d: FindHostConfigs: %v", r, err)
					return
				}
				obj := netbox.DeviceRef(int64(1000*(i%writers+1) + i%writesPerWriter))
				if _, err := s.HostConfigByObject(ctx, obj); err != nil && !errors.Is(err, store.ErrNotFound) {
					t.Errorf("reader %d: HostConfigByObject(%v): %v", r, obj, err)
					return
				}
			}
		})
	}
	for w := range writers {
		writeWG.Go(func() {
			for i := range writesPerWriter {
				id := int64(1000*(w+1) + i)
				c := simpleConfig(fmt.Sprintf("w%d", w), id)
				if _, err := s.CreateHostConfigs(ctx, []store.HostConfig{c}); err != nil {
					t.Errorf("writer %d: CreateHostConfigs(%v): %v", w, c.Object, err)
					return
				}
				obj := netbox.DeviceRef(id)
				if err := s.RecordEvent(ctx, eventlog.Event{Name: "test", Object: &obj, Created: eventTime(0)}); err != nil {
					t.Errorf("writer %d: RecordEvent: %v", w, err)
					return
				}
			}
		})
	}
	writeWG.Wait()
	close(done)
	readWG.Wait()
	if t.Failed() {
		return
	}

	const total = writers * writesPerWriter
	all := mustFind(t, s, store.HostConfigFilter{})
	if len(all) != total {
		t.Fatalf("after %d concurrent creates the store holds %d configs", total, len(all))
	}
	configIDs, ifaceIDs, objects := map[int64]bool{}, map[int64]bool{}, map[netbox.Ref]bool{}
	for _, c := range all {
		configIDs[c.ID] = true
		objects[c.Object] = true
		for _, in := range c.Interfaces {
			ifaceIDs[in.ID] = true
		}
	}
	if len(configIDs) != total || len(ifaceIDs) != total || len(objects) != total {
		t.Errorf("after %d concurrent creates: %d distinct config IDs, %d distinct interface IDs, %d distinct objects; want %d of each",
			total, len(configIDs), len(ifaceIDs), len(objects), total)
	}
	events := mustEvents(t, s, eventlog.Query{})
	eventIDs := map[int64]bool{}
	for _, e := range events {
		eventIDs[e.ID] = true
	}
	if len(events) != total || len(eventIDs) != total {
		t.Errorf("after %d concurrent RecordEvent calls: %d events with %d distinct IDs", total, len(events), len(eventIDs))
	}
}

// testConcurrentSameObject: of several concurrent creates for one object,
// exactly one succeeds and the others get ErrConflict.
func testConcurrentSameObject(t *testing.T, s store.Store) {
	ctx := t.Context()
	obj := netbox.DeviceRef(77)
	results := make([]error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			c := simpleConfig(fmt.Sprintf("w%d", w), obj.ID)
			_, results[w] = s.CreateHostConfigs(ctx, []store.HostConfig{c})
		})
	}
	wg.Wait()
	wins := 0
	for w, err := range results {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, store.ErrConflict):
			t.Errorf("writer %d: CreateHostConfigs: %v, want nil or an error matching ErrConflict", w, err)
		}
	}
	if wins != 1 {
		t.Errorf("%d of %d concurrent creates for %v succeeded, want exactly 1", wins, writers, obj)
	}
	if got := mustFind(t, s, store.HostConfigFilter{}); len(got) != 1 || got[0].Object != obj {
		t.Errorf("store holds %+v, want exactly one config, for %v", got, obj)
	}
}
