package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Latency test settings: the devices (one delivery each per round), the
// wait between two sends of the paced round, and how often Zabbix is asked
// whether the hosts changed (the resolution of the measure).
const (
	latencyDevices   = 50
	latencyPace      = 250 * time.Millisecond
	latencyPollEvery = 50 * time.Millisecond
)

// TestLatency measures the time from a signed webhook delivery to the
// Zabbix host updated, against the real Zabbix, in two rounds over 50
// provisioned devices and the receiver's 4 workers:
//
//   - paced: each device is set offline in NetBox, and its "updated"
//     delivery sent, one every 250 ms: the latency of one change, with
//     little queueing (a run takes a few hundred ms on a small Zabbix);
//   - burst: each device is set active again, and the 50 deliveries sent
//     at once: the latency when NetBox sends a bulk edit, queueing included.
//
// Zabbix is polled every 50 ms until each host shows its new status. Each
// round logs its median and 95th percentile, and fails unless every host
// was updated.
func TestLatency(t *testing.T) {
	w := newRealWorld(t, latencyDevices)
	refs := make([]netbox.Ref, latencyDevices)
	for i := range refs {
		refs[i] = netbox.DeviceRef(int64(i + 1))
	}
	results, err := w.p.ProvisionAgents(t.Context(), provision.BulkRequest{Objects: refs, User: "setup"})
	if err != nil {
		t.Fatal(err)
	}
	hosts := make(map[string]netbox.Ref, latencyDevices) // Zabbix host ID → device
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("provision %s: %v", r.Object, r.Err)
		}
		hosts[r.Result.HostConfig.HostID] = r.Object
	}

	l := &latency{w: w, hosts: hosts}
	s, url := startServerLog(t, testConfig(), l.run, testLogger(t).With("test", "latency"))
	for _, round := range []struct {
		name   string
		status string
		want   zabbix.Status
		pace   time.Duration
	}{
		{"paced", "offline", zabbix.StatusNotMonitored, latencyPace},
		{"burst", "active", zabbix.StatusMonitored, 0},
	} {
		for _, ref := range refs {
			w.nb.SetStatus(ref, round.status)
		}
		toZabbix, toRun := l.round(t, url, refs, round.want, round.pace)
		waitFor(t, 30*time.Second, "the pool", func() bool { return idle(s) })
		t.Logf("webhook→Zabbix latency: p50 %d ms, p95 %d ms over %d deliveries (%s: %s; host seen updated, Zabbix polled every %s; %d workers)",
			percentile(toZabbix, 0.50).Milliseconds(), percentile(toZabbix, 0.95).Milliseconds(), len(toZabbix), round.name,
			map[bool]string{true: "all sent at once", false: "one every " + round.pace.String()}[round.pace == 0],
			latencyPollEvery, testConfig().workers)
		t.Logf("%s: delivery→HandleChange returned: p50 %d ms, p95 %d ms, max %d ms", round.name, percentile(toRun, 0.50).Milliseconds(),
			percentile(toRun, 0.95).Milliseconds(), slices.Max(toRun).Milliseconds())
	}
	if c := s.pool.counts.snapshot(); c["updated"] != 2*latencyDevices || c["failed"] != 0 {
		t.Errorf("counts %v, want %d updated", c, 2*latencyDevices)
	}
}

// latency times deliveries: when each was sent, and when its run
// returned.
type latency struct {
	w     *realWorld
	hosts map[string]netbox.Ref

	mu   sync.Mutex
	sent map[netbox.Ref]time.Time
	ran  map[netbox.Ref]time.Time
}

// run is the receiver's run: HandleChange, timed.
func (l *latency) run(ctx context.Context, ch provision.ObjectChange) (provision.ChangeResult, error) {
	res, err := l.w.p.HandleChange(ctx, ch)
	l.mu.Lock()
	l.ran[ch.Object] = time.Now()
	l.mu.Unlock()
	return res, err
}

// round sends an "updated" delivery for each device, pace apart, and
// waits until Zabbix shows each host with status want. It returns, per
// delivery, the time until Zabbix showed it and until its run returned.
func (l *latency) round(t *testing.T, url string, refs []netbox.Ref, want zabbix.Status, pace time.Duration) (toZabbix, toRun []time.Duration) {
	t.Helper()
	l.mu.Lock()
	l.sent, l.ran = make(map[netbox.Ref]time.Time), make(map[netbox.Ref]time.Time)
	l.mu.Unlock()
	ctx, stop := context.WithTimeout(t.Context(), 2*time.Minute)
	defer stop()
	seen := make(map[netbox.Ref]time.Time)
	polled := make(chan error, 1)
	go func() { polled <- l.poll(ctx, want, seen) }()
	for i, ref := range refs {
		body := netboxBody("4.5", "updated", ref, stamp(int(want)*1000+i), fmt.Sprint("lat-", want, "-", ref.ID))
		l.mu.Lock()
		l.sent[ref] = time.Now()
		l.mu.Unlock()
		if code, _, b := deliver(t, url, body, testSecret); code != http.StatusAccepted {
			t.Fatalf("delivery for %s: %d %s", ref, code, b)
		}
		time.Sleep(pace)
	}
	if err := <-polled; err != nil {
		t.Fatalf("wait for the hosts: %v (%d of %d updated)", err, len(seen), len(refs))
	}
	waitFor(t, 30*time.Second, "every run to return", func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		return len(l.ran) == len(refs)
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ref := range refs {
		toZabbix = append(toZabbix, seen[ref].Sub(l.sent[ref]))
		toRun = append(toRun, l.ran[ref].Sub(l.sent[ref]))
	}
	return toZabbix, toRun
}

// poll asks Zabbix for the hosts with status want every latencyPollEvery
// and records in seen when each device's host first had it; it returns
// once all have, or with ctx's error.
func (l *latency) poll(ctx context.Context, want zabbix.Status, seen map[netbox.Ref]time.Time) error {
	ids := make([]string, 0, len(l.hosts))
	for id := range l.hosts {
		ids = append(ids, id)
	}
	tick := time.NewTicker(latencyPollEvery)
	defer tick.Stop()
	for len(seen) < len(l.hosts) {
		var got []struct {
			HostID string `json:"hostid"`
		}
		err := l.w.z.Client.Call(ctx, "host.get", map[string]any{"output": []string{"hostid"}, "hostids": ids,
			"filter": map[string]any{"status": strconv.Itoa(int(want))}}, &got)
		if err != nil {
			return fmt.Errorf("host.get of %d hosts: %w", len(ids), err)
		}
		now := time.Now()
		for _, h := range got {
			if ref, ok := l.hosts[h.HostID]; ok && seen[ref].IsZero() {
				seen[ref] = now
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	return nil
}

// percentile returns the p-th quantile of ds (nearest rank).
func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}
