package memzabbix_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// TestConcurrentWriters runs many goroutines creating, reading, updating
// and deleting hosts at once (run with -race).
func TestConcurrentWriters(t *testing.T) {
	const workers, perWorker = 50, 5
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	var wg sync.WaitGroup
	ids := make([][]string, workers)
	for w := range workers {
		wg.Go(func() {
			var batch []zabbix.Host
			for i := range perWorker {
				batch = append(batch, newHost(fmt.Sprintf("w%d-h%d", w, i)))
			}
			created, err := srv.CreateHosts(t.Context(), batch)
			if err != nil {
				t.Errorf("worker %d: CreateHosts: %v", w, err)
				return
			}
			for _, h := range created {
				ids[w] = append(ids[w], h.HostID)
				desc := "updated"
				if _, err := srv.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: h.HostID, Description: &desc}); err != nil {
					t.Errorf("worker %d: UpdateHost: %v", w, err)
				}
			}
			if _, err := srv.Hosts(t.Context(), zabbix.HostQuery{HostIDs: ids[w]}); err != nil {
				t.Errorf("worker %d: Hosts: %v", w, err)
			}
			if err := srv.DeleteHosts(t.Context(), ids[w][0]); err != nil {
				t.Errorf("worker %d: DeleteHosts: %v", w, err)
			}
		})
	}
	wg.Wait()

	if got, want := srv.HostCount(), 1+workers*(perWorker-1); got != want {
		t.Errorf("HostCount() = %d, want %d", got, want)
	}
	seen := make(map[string]bool)
	for _, h := range srv.AllHosts() {
		if seen[h.HostID] {
			t.Errorf("host ID %s handed out twice", h.HostID)
		}
		seen[h.HostID] = true
		for _, in := range h.Interfaces {
			if seen["if"+in.InterfaceID] {
				t.Errorf("interface ID %s handed out twice", in.InterfaceID)
			}
			seen["if"+in.InterfaceID] = true
		}
	}
	if n := len(srv.Calls()); n != workers*(1+perWorker+2) {
		t.Errorf("recorded %d calls, want %d", n, workers*(1+perWorker+2))
	}
}

// TestConcurrentSameName creates one host name from many goroutines: one
// wins, the others get ErrHostExists.
func TestConcurrentSameName(t *testing.T) {
	const racers = 20
	srv := memzabbix.New(memzabbix.DefaultConfig(v6))
	errs := make(chan error, racers)
	var wg sync.WaitGroup
	for range racers {
		wg.Go(func() {
			_, err := srv.CreateHosts(t.Context(), []zabbix.Host{newHost("contended")})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, zabbix.ErrHostExists):
			t.Errorf("loser got %v, want ErrHostExists", err)
		}
	}
	if won != 1 {
		t.Errorf("%d creations succeeded, want exactly 1", won)
	}
}
