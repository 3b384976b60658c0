package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// provisionAll provisions devices 1..n with the library (not through
// jobs) and returns their Zabbix host IDs by device ID.
func (w *world) provisionAll(n int) map[int64]string {
	w.t.Helper()
	nb, err := netbox.New(netbox.Config{URL: w.nb.URL, Token: netboxToken})
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: w.zabbix, Store: w.store})
	if err != nil {
		w.t.Fatal(err)
	}
	refs := make([]netbox.Ref, n)
	for i := range refs {
		refs[i] = netbox.DeviceRef(int64(i + 1))
	}
	results, err := p.ProvisionAgents(w.t.Context(), provision.BulkRequest{Objects: refs, User: "setup"})
	if err != nil {
		w.t.Fatal(err)
	}
	ids := make(map[int64]string, n)
	for _, r := range results {
		if r.Err != nil {
			w.t.Fatalf("provision %s: %v", r.Object, r.Err)
		}
		ids[r.Object.ID] = r.Result.HostConfig.HostID
	}
	return ids
}

// statuses returns the Zabbix status of each host, by host ID.
func (w *world) statuses(ctx context.Context, ids map[int64]string) map[string]zabbix.Status {
	w.t.Helper()
	var list []string
	for _, id := range ids {
		list = append(list, id)
	}
	var got []struct {
		HostID string `json:"hostid"`
		Status string `json:"status"`
	}
	if err := w.zabbix.Call(ctx, "host.get", map[string]any{"output": []string{"hostid", "status"}, "hostids": list}, &got); err != nil {
		w.t.Fatal(err)
	}
	out := make(map[string]zabbix.Status, len(got))
	for _, h := range got {
		n, _ := strconv.Atoi(h.Status)
		out[h.HostID] = zabbix.Status(n)
	}
	return out
}

// checkInStep checks that every host has the status its device has in
// NetBox: offline for the drifted ones, active for the others.
func (w *world) checkInStep(ctx context.Context, ids map[int64]string, drifted func(int64) bool) {
	w.t.Helper()
	st := w.statuses(ctx, ids)
	for dev, id := range ids {
		want := zabbix.StatusMonitored
		if drifted(dev) {
			want = zabbix.StatusNotMonitored
		}
		if st[id] != want {
			w.t.Errorf("device %d: host %s has status %d, want %d", dev, id, st[id], want)
		}
	}
}

// reconcileJobs lists the jobs of kind, every state, oldest first.
func (w *world) reconcileJobs(ctx context.Context, kind string) []*rivertype.JobRow {
	w.t.Helper()
	res, err := w.river.JobList(ctx, river.NewJobListParams().Kinds(kind).States(rivertype.JobStates()...).OrderBy(river.JobListOrderByID, river.SortOrderAsc).First(10_000))
	if err != nil {
		w.t.Fatal(err)
	}
	return res.Jobs
}

// fanOut waits for the n-th fan-out job that inserted chunks to be done,
// and every chunk job it inserted to be finalized, and returns them.
func (w *world) fanOut(ctx context.Context, n int, timeout time.Duration) (*rivertype.JobRow, []*rivertype.JobRow) {
	w.t.Helper()
	deadline := time.Now().Add(timeout)
	for ; ; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			w.t.Fatalf("fan-out %d and its chunks not done after %s: fan-outs %v", n, timeout, w.reconcileJobs(ctx, kindReconcile))
		}
		// The fan-outs that inserted chunks (one that found the last
		// reconcile under way inserts none), oldest first.
		var done []*rivertype.JobRow
		var outs []fanOutOutput
		for _, j := range w.reconcileJobs(ctx, kindReconcile) {
			var out fanOutOutput
			if j.State != rivertype.JobStateCompleted {
				continue
			}
			if err := json.Unmarshal(outputOf(w.t, j), &out); err != nil {
				w.t.Fatal(err)
			}
			if out.Result == "done" {
				done, outs = append(done, j), append(outs, out)
			}
		}
		if len(done) < n {
			continue
		}
		f, out := done[n-1], outs[n-1]
		var chunks []*rivertype.JobRow
		final := true
		for _, j := range w.reconcileJobs(ctx, kindReconcileChunk) {
			var a ReconcileChunkArgs
			if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
				w.t.Fatal(err)
			}
			if a.FanOut == f.ID {
				chunks = append(chunks, j)
				final = final && j.FinalizedAt != nil
			}
		}
		if final && len(chunks) == out.Chunks {
			return f, chunks
		}
	}
}

// outputOf returns the output a job recorded.
func outputOf(t *testing.T, j *rivertype.JobRow) json.RawMessage {
	t.Helper()
	var m struct {
		Output json.RawMessage `json:"output"`
	}
	if err := json.Unmarshal(j.Metadata, &m); err != nil {
		t.Fatalf("job %d metadata %s: %v", j.ID, j.Metadata, err)
	}
	return m.Output
}

// chunkCounts sums the outputs of chunk jobs.
func chunkCounts(t *testing.T, chunks []*rivertype.JobRow) (sum chunkOutput, objects map[int64]int) {
	t.Helper()
	objects = map[int64]int{}
	for _, j := range chunks {
		var out chunkOutput
		var a ReconcileChunkArgs
		if err := json.Unmarshal(outputOf(t, j), &out); err != nil {
			t.Fatalf("chunk job %d output: %v", j.ID, err)
		}
		if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
			t.Fatal(err)
		}
		for _, id := range a.Devices {
			objects[id]++
		}
		sum.Objects += out.Objects
		sum.InSync += out.InSync
		sum.Updated += out.Updated
		sum.Failed += out.Failed
	}
	return sum, objects
}

// TestPeriodicReconcile: two workers with --reconcile-every; the elected
// leader alone inserts the fan-out job, which makes ceil(N/chunk) chunk
// jobs for N host configs; both workers run chunks, and afterwards every
// drifted host is in step with NetBox. The next periodic reconcile finds
// everything in sync and writes nothing.
func TestPeriodicReconcile(t *testing.T) {
	const devices, chunk = 40, 6
	w := newWorld(t, devices)
	ctx := t.Context()
	ids := w.provisionAll(devices)
	drifted := func(dev int64) bool { return dev%2 == 1 }
	for dev := range ids {
		if drifted(dev) {
			w.nb.SetStatus(netbox.DeviceRef(dev), "offline")
		}
	}
	workers := w.startWorkers([]string{"worker-a", "worker-b"}, "--workers", "2", "--reconcile-workers", "2",
		"--reconcile-every", "4s", "--reconcile-chunk", strconv.Itoa(chunk))

	f, chunks := w.fanOut(ctx, 1, 90*time.Second)
	wantChunks := (devices + chunk - 1) / chunk
	if len(chunks) != wantChunks {
		t.Errorf("%d chunk jobs, want ceil(%d/%d) = %d", len(chunks), devices, chunk, wantChunks)
	}
	var leader string
	if err := w.pool.QueryRow(ctx, "SELECT leader_id FROM river_leader").Scan(&leader); err != nil {
		t.Fatal(err)
	}
	var meta struct {
		EnqueuedBy string `json:"enqueued_by"`
	}
	if err := json.Unmarshal(f.Metadata, &meta); err != nil || meta.EnqueuedBy != leader {
		t.Errorf("fan-out job %d enqueued by %q (%v), want the leader %s", f.ID, meta.EnqueuedBy, err, leader)
	}
	byWorker := map[string]int{}
	for _, j := range chunks {
		if j.State != rivertype.JobStateCompleted {
			t.Errorf("chunk job %d: %s, errors %v", j.ID, j.State, j.Errors)
		}
		byWorker[j.AttemptedBy[len(j.AttemptedBy)-1]]++
	}
	for _, p := range workers {
		if byWorker[p.id] == 0 {
			t.Errorf("worker %s ran no chunk: %v", p.id, byWorker)
		}
	}
	sum, objects := chunkCounts(t, chunks)
	if len(objects) != devices || sum.Objects != devices {
		t.Errorf("chunks hold %d objects (%d distinct), want each of the %d once", sum.Objects, len(objects), devices)
	}
	if sum.Updated != devices/2 || sum.InSync != devices/2 || sum.Failed != 0 {
		t.Errorf("chunks: %+v; want %d updated, %d in sync", sum, devices/2, devices/2)
	}
	w.checkInStep(ctx, ids, drifted)
	t.Logf("fan-out job %d by the leader %s: %d chunk jobs, per worker %v; %d hosts updated, %d in sync",
		f.ID, leader, len(chunks), byWorker, sum.Updated, sum.InSync)

	_, again := w.fanOut(ctx, 2, 60*time.Second)
	sum, _ = chunkCounts(t, again)
	if len(again) != wantChunks || sum.Updated != 0 || sum.InSync != devices {
		t.Errorf("second reconcile: %d chunks, %+v; want %d chunks, nothing updated", len(again), sum, wantChunks)
	}
}

// TestReconcileChunkRetried: a chunk job whose worker is stopped while it
// runs (its context cancelled, --stop-timeout after SIGTERM) fails its
// attempt and is retried, by another worker, ending in step; the fan-out
// comes from `river reconcile`.
func TestReconcileChunkRetried(t *testing.T) {
	const devices = 10
	w := newWorld(t, devices)
	ctx := t.Context()
	ids := w.provisionAll(devices)
	for dev := range ids {
		w.nb.SetStatus(netbox.DeviceRef(dev), "offline")
	}
	// The first listing of devices hangs until its client gives up: the
	// chunk is under way when the worker is stopped.
	var held atomic.Bool
	started := make(chan struct{})
	hold := func(rw http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/dcim/devices/" || !held.CompareAndSwap(false, true) {
			return false
		}
		close(started)
		<-r.Context().Done()
		return true
	}
	w.intercept.Store(&hold)

	a := w.startWorkers([]string{"worker-a"}, "--reconcile-workers", "1", "--stop-timeout", "1s")[0]
	out := w.cli("reconcile", "--chunk-size", "5")
	if _, err := fmt.Sscanf(out, "enqueued job %d:", new(int64)); err != nil {
		t.Fatalf("river reconcile printed %q", out)
	}
	select {
	case <-started:
	case <-time.After(60 * time.Second):
		t.Fatalf("no chunk started in 60 s\n%s", a.logs)
	}
	stopped := time.Now()
	a.stop(t)
	t.Logf("worker-a stopped %s after SIGTERM", time.Since(stopped).Round(time.Millisecond))
	w.startWorkers([]string{"worker-b"}, "--reconcile-workers", "2")

	_, chunks := w.fanOut(ctx, 1, 90*time.Second)
	if len(chunks) != 2 {
		t.Fatalf("%d chunk jobs, want 2", len(chunks))
	}
	// River puts a job its stopping client cancelled back in the queue at
	// once, without counting the attempt: the chunk ran again, elsewhere.
	retried := 0
	for _, j := range chunks {
		if j.State != rivertype.JobStateCompleted {
			t.Errorf("chunk job %d: %s, errors %v", j.ID, j.State, j.Errors)
			continue
		}
		if len(j.AttemptedBy) > 1 {
			retried++
			if j.AttemptedBy[0] != "worker-a" || j.AttemptedBy[len(j.AttemptedBy)-1] != "worker-b" {
				t.Errorf("chunk job %d: attempted by %v; want worker-a, then worker-b", j.ID, j.AttemptedBy)
			}
			t.Logf("chunk job %d: run by %v, attempt %d, errors %v", j.ID, j.AttemptedBy, j.Attempt, j.Errors)
		}
	}
	if retried != 1 {
		t.Errorf("%d chunk jobs run twice, want the one stopped", retried)
	}
	if logs := a.logs.String(); !strings.Contains(logs, "chunk failed, River retries it") || !strings.Contains(logs, "context canceled") {
		t.Errorf("worker-a's log does not show the chunk cancelled:\n%s", logs)
	}
	sum, _ := chunkCounts(t, chunks)
	if sum.Failed != 0 || sum.Updated+sum.InSync != devices {
		t.Errorf("chunks: %+v", sum)
	}
	w.checkInStep(ctx, ids, func(int64) bool { return true })
}
