package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestTwoWorkersProvisionEachObjectOnce runs two worker processes on one
// database and gives them 100 ProvisionAgent jobs for 100 devices, 20 of
// them enqueued twice: the duplicates are not inserted, every device gets
// exactly one Zabbix host and one host config, and both processes work.
// Enqueued again once done, a device's job completes as "unchanged".
func TestTwoWorkersProvisionEachObjectOnce(t *testing.T) {
	const objects, twice = 100, 20
	w := newWorld(t, objects)
	ctx := t.Context()
	perProcess := cmp.Or(os.Getenv("NBZ_RIVER_WORKERS"), "4") // to measure other settings
	workers := w.startWorkers([]string{"worker-a", "worker-b"}, "--workers", perProcess)

	// Every job in one transaction, so that the workers see them all at
	// once, at the commit; each duplicate meets its original's unique key.
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inserted, skipped := 0, 0
	insertStart := time.Now()
	for i := 1; i <= objects; i++ {
		for n := range 1 + boolInt(i <= twice) {
			args := ProvisionAgentArgs{ObjectType: netbox.TypeDevice, ObjectID: int64(i), User: "test " + strconv.Itoa(n)}
			res, err := w.river.InsertTx(ctx, tx, args, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.UniqueSkippedAsDuplicate {
				skipped++
			} else {
				inserted++
			}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	t.Logf("inserted %d jobs, skipped %d duplicates, in %v", inserted, skipped, start.Sub(insertStart).Round(time.Millisecond))
	if inserted != objects || skipped != twice {
		t.Errorf("inserted %d and skipped %d jobs, want %d and %d", inserted, skipped, objects, twice)
	}

	jobs := w.waitJobs(ctx, objects, 60*time.Second, kindProvisionAgent)
	var end time.Time
	var sinceCommit, running []time.Duration
	byWorker := map[string]int{}
	for _, j := range jobs {
		out := jobOutput(t, j)
		if j.State != rivertype.JobStateCompleted || out.Result != "done" || !strings.HasPrefix(out.Message, "Created ") {
			t.Errorf("job %d: state %s, output %+v, errors %v; want completed, Created", j.ID, j.State, out, j.Errors)
		}
		if j.Attempt != 1 {
			t.Logf("job %d took %d attempts: %v", j.ID, j.Attempt, j.Errors)
		}
		byWorker[j.AttemptedBy[len(j.AttemptedBy)-1]]++
		end = maxTime(end, *j.FinalizedAt)
		sinceCommit = append(sinceCommit, j.FinalizedAt.Sub(start))
		running = append(running, j.FinalizedAt.Sub(*j.AttemptedAt))
	}
	elapsed := end.Sub(start)
	t.Logf("%d jobs by 2 processes × %s workers in %v: %.1f jobs/s; jobs per worker %v", len(jobs), perProcess, elapsed.Round(time.Millisecond),
		float64(len(jobs))/elapsed.Seconds(), byWorker)
	t.Logf("per job, commit to done: %s; run (fetched to done): %s", percentiles(sinceCommit), percentiles(running))
	for _, p := range workers {
		if byWorker[p.id] == 0 {
			t.Errorf("worker %s did no job: %v", p.id, byWorker)
		}
	}

	// Zabbix: one host per device, named after it.
	hosts, err := w.hosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hostIDs := map[string]string{} // name → hostid
	for _, h := range hosts {
		if _, dup := hostIDs[h.Host]; dup {
			t.Errorf("two Zabbix hosts named %q", h.Host)
		}
		hostIDs[h.Host] = h.HostID
		if len(h.Interfaces) != 1 {
			t.Errorf("host %s has %d interfaces, want 1", h.Host, len(h.Interfaces))
		}
	}
	for i := 1; i <= objects; i++ {
		if _, ok := hostIDs[w.deviceName(i)]; !ok {
			t.Errorf("no Zabbix host %q", w.deviceName(i))
		}
	}
	if len(hosts) != objects {
		t.Errorf("%d Zabbix hosts, want %d", len(hosts), objects)
	}

	// The store: one config per device, pointing at its host.
	rows, err := w.pool.Query(ctx, "SELECT name, hostid FROM host_configs")
	if err != nil {
		t.Fatal(err)
	}
	configs := 0
	for rows.Next() {
		var name, hostID string
		if err := rows.Scan(&name, &hostID); err != nil {
			t.Fatal(err)
		}
		configs++
		if want := hostIDs[strings.TrimPrefix(name, "z-")]; hostID != want {
			t.Errorf("config %s points at host %s, Zabbix has %q", name, hostID, want)
		}
	}
	if rows.Err() != nil || configs != objects {
		t.Errorf("%d host configs (%v), want %d", configs, rows.Err(), objects)
	}

	// Enqueued again: the job runs and finds nothing to do.
	again := map[int64]bool{}
	for i := 1; i <= 5; i++ {
		again[jobID(t, w.cli("enqueue", "agent", "--device", strconv.Itoa(i)))] = true
	}
	for _, j := range w.waitJobs(ctx, objects+5, 30*time.Second, kindProvisionAgent) {
		if out := jobOutput(t, j); again[j.ID] && (j.State != rivertype.JobStateCompleted || out.Result != "unchanged") {
			t.Errorf("job %d enqueued again: state %s, output %+v; want completed, unchanged", j.ID, j.State, out)
		}
	}
	if hosts, err := w.hosts(ctx); err != nil || len(hosts) != objects {
		t.Errorf("after enqueuing again: %d hosts (%v), want %d", len(hosts), err, objects)
	}

	// No secret in the logs.
	for _, p := range workers {
		logs := p.logs.String()
		for _, s := range []string{w.env["ZABBIX_TOKEN"], netboxToken, w.env["DATABASE_URL"]} {
			if strings.Contains(logs, s) {
				t.Errorf("worker %s logged a secret", p.id)
			}
		}
	}
}

// TestScheduledJobWaits enqueues a job for 3 s from now: it blocks a
// second enqueue of the object, has not run 1.5 s later, and runs, not
// before its time, within 15 s of it (River's scheduler, on the leader,
// runs every 5 s).
func TestScheduledJobWaits(t *testing.T) {
	t.Parallel()
	w := newWorld(t, 1)
	ctx := t.Context()
	w.startWorkers([]string{"worker-a"}, "--workers", "2")

	at := time.Now().Add(3 * time.Second)
	id := jobID(t, w.cli("enqueue", "agent", "--device", "1", "--at", at.Format(time.RFC3339Nano)))
	if out := w.cli("enqueue", "agent", "--device", "1"); !strings.HasPrefix(out, fmt.Sprintf("not enqueued: job %d ", id)) {
		t.Errorf("enqueue while scheduled printed %q, want the scheduled job", out)
	}
	time.Sleep(time.Until(at.Add(-1500 * time.Millisecond)))
	j, err := w.river.JobGet(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// River's scheduler may already have made it available (it moves the
	// jobs due before its next run), but no worker takes a job before its
	// scheduled_at.
	if j.State != rivertype.JobStateScheduled && j.State != rivertype.JobStateAvailable || j.Attempt != 0 || j.AttemptedAt != nil {
		t.Errorf("1.5 s before its time: state %s, attempt %d; want scheduled or available, not attempted", j.State, j.Attempt)
	} else {
		t.Logf("1.5 s before its time: %s, not attempted", j.State)
	}
	for j.FinalizedAt == nil && time.Now().Before(at.Add(15*time.Second)) {
		time.Sleep(100 * time.Millisecond)
		if j, err = w.river.JobGet(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if j.State != rivertype.JobStateCompleted {
		t.Fatalf("15 s after its time: state %s, errors %v; want completed", j.State, j.Errors)
	}
	if j.AttemptedAt.Before(at) {
		t.Errorf("ran at %v, before its time %v", j.AttemptedAt, at)
	}
	t.Logf("scheduled for %s; started %v after, done %v after", at.Format(time.TimeOnly),
		j.AttemptedAt.Sub(at).Round(time.Millisecond), j.FinalizedAt.Sub(at).Round(time.Millisecond))
}

// TestRetryClassification checks that a remote failure is retried and bad
// input is not: device 1's first NetBox read gets a 503 (with a
// Retry-After beyond the client's own patience, so the client gives up at
// once) and its job succeeds at attempt 2; a device without a primary IP,
// a device not in NetBox and a host config not in the store are cancelled
// at attempt 1, with the error and the reason recorded. Then a
// CreateZabbixInterface job pushes an SNMP interface added to device 1's
// config.
func TestRetryClassification(t *testing.T) {
	t.Parallel()
	w := newWorld(t, 1)
	ctx := t.Context()
	var reads atomic.Int32
	fail := func(rw http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/dcim/devices/1/" || reads.Add(1) > 1 {
			return false
		}
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("Retry-After", "3600")
		rw.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(rw, `{"detail": "NetBox is down for maintenance"}`)
		return true
	}
	w.intercept.Store(&fail)
	w.startWorkers([]string{"worker-a"}, "--workers", "4")

	remote := jobID(t, w.cli("enqueue", "agent", "--device", "1"))
	noIP := jobID(t, w.cli("enqueue", "agent", "--device", strconv.Itoa(deviceNoIP)))
	missing := jobID(t, w.cli("enqueue", "agent", "--device", strconv.Itoa(deviceMissing)))
	noConfig := jobID(t, w.cli("enqueue", "interface", "--config", "999999"))
	jobs := map[int64]*rivertype.JobRow{}
	for _, j := range w.waitJobs(ctx, 4, 30*time.Second, kindProvisionAgent, kindCreateInterface) {
		jobs[j.ID] = j
	}

	j := jobs[remote]
	if out := jobOutput(t, j); j.State != rivertype.JobStateCompleted || j.Attempt != 2 || len(j.Errors) != 1 ||
		!strings.Contains(j.Errors[0].Error, "503") || out.Result != "done" {
		t.Errorf("remote failure: state %s, attempt %d, errors %v, output %+v; want completed at attempt 2 after a 503", j.State, j.Attempt, j.Errors, out)
	} else {
		t.Logf("retried after %v: %s", j.AttemptedAt.Sub(j.Errors[0].At).Round(time.Millisecond), j.Errors[0].Error)
	}
	for _, c := range []struct {
		id           int64
		what, reason string
	}{
		{noIP, "no primary IP", "no primary IPv4 address"},
		{missing, "not in NetBox", "not in NetBox"},
		{noConfig, "no host config", "no such record in the store"},
	} {
		j := jobs[c.id]
		out := jobOutput(t, j)
		if j.State != rivertype.JobStateCancelled || j.Attempt != 1 || len(j.Errors) != 1 || out.Result != "cancelled" ||
			!strings.Contains(out.Reason, c.reason) || !strings.Contains(j.Errors[0].Error, out.Error) {
			t.Errorf("%s: state %s, attempt %d, errors %v, output %+v; want cancelled at attempt 1 with the reason", c.what, j.State, j.Attempt, j.Errors, out)
		} else {
			t.Logf("%s: cancelled at attempt 1: %s (%s)", c.what, out.Reason, j.Errors[0].Error)
		}
	}

	// CreateZabbixInterface, as a job.
	hc, err := w.store.HostConfigByObject(ctx, netbox.DeviceRef(1))
	if err != nil {
		t.Fatal(err)
	}
	agent := hc.Interfaces[0]
	hc.Interfaces = append(hc.Interfaces, store.Interface{
		Name: w.deviceName(1) + "-snmp", Type: zabbix.InterfaceSNMP, IPAddressID: agent.IPAddressID, IP: agent.IP,
		UseIP: store.UseIP, Main: 1, Port: 161, SNMP: &store.SNMPInterface{Version: 2, Community: "{$SNMP_COMMUNITY}", Bulk: 1},
	})
	if hc, err = w.store.UpdateHostConfig(ctx, hc); err != nil {
		t.Fatal(err)
	}
	id := jobID(t, w.cli("enqueue", "interface", "--config", strconv.FormatInt(hc.ID, 10)))
	w.waitJobs(ctx, 5, 30*time.Second, kindProvisionAgent, kindCreateInterface)
	if j, err := w.river.JobGet(ctx, id); err != nil || j.State != rivertype.JobStateCompleted {
		t.Fatalf("interface job: %+v, %v; want completed", j, err)
	} else {
		t.Logf("interface job: %s", jobOutput(t, j).Message)
	}
	hosts, err := w.hosts(ctx)
	if err != nil || len(hosts) != 1 || len(hosts[0].Interfaces) != 2 {
		t.Errorf("Zabbix hosts after the interface job: %+v, %v; want one with 2 interfaces", hosts, err)
	}
}

// TestPeriodicJobOnLeaderOnly starts two workers, then schedules a device
// every second with `river enqueue --every 1s`: the workers pick the
// schedule up, at least two periodic runs happen, all inserted by one
// client, the leader; after `river unschedule` the runs stop.
func TestPeriodicJobOnLeaderOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t, 1)
	ctx := t.Context()
	w.startWorkers([]string{"worker-a", "worker-b"}, "--workers", "2", "--schedule-sync", "500ms")

	const schedule = "agent:dcim.device:1"
	w.cli("enqueue", "agent", "--device", "1", "--every", "1s")
	periodic := func() []*rivertype.JobRow {
		res, err := w.river.JobList(ctx, river.NewJobListParams().Metadata(`{"schedule": "`+schedule+`"}`).
			States(rivertype.JobStates()...).First(1000))
		if err != nil {
			t.Fatal(err)
		}
		return res.Jobs
	}
	time.Sleep(4500 * time.Millisecond)
	var leader string
	if err := w.pool.QueryRow(ctx, "SELECT leader_id FROM river_leader").Scan(&leader); err != nil {
		t.Fatal(err)
	}
	w.cli("unschedule", "agent", "--device", "1")
	time.Sleep(1500 * time.Millisecond) // the workers drop it within --schedule-sync
	runs := periodic()
	enqueuers := map[string]int{}
	for _, j := range runs {
		var m struct {
			EnqueuedBy string `json:"enqueued_by"`
		}
		_ = json.Unmarshal(j.Metadata, &m)
		enqueuers[m.EnqueuedBy]++
	}
	t.Logf("%d periodic runs in ~6 s, inserted by %v; leader %s", len(runs), enqueuers, leader)
	if len(runs) < 2 {
		t.Errorf("%d periodic runs, want at least 2", len(runs))
	}
	if len(enqueuers) != 1 || enqueuers[leader] == 0 {
		t.Errorf("periodic jobs inserted by %v, want the leader %s alone", enqueuers, leader)
	}
	time.Sleep(2500 * time.Millisecond)
	if after := periodic(); len(after) != len(runs) {
		t.Errorf("%d periodic runs after unschedule, %d before", len(after), len(runs))
	}
	all := w.waitJobs(ctx, len(runs)+1, 15*time.Second, kindProvisionAgent)
	created := 0
	for _, j := range all {
		switch out := jobOutput(t, j); {
		case j.State != rivertype.JobStateCompleted:
			t.Errorf("job %d: %s, %v", j.ID, j.State, j.Errors)
		case out.Result == "done":
			created++
		}
	}
	if hosts, err := w.hosts(ctx); err != nil || len(hosts) != 1 || created != 1 {
		t.Errorf("%d jobs created a host; Zabbix has %d (%v); want 1", created, len(hosts), err)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// percentiles describes durations: median, 95th percentile, maximum.
func percentiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(p float64) time.Duration { return s[min(len(s)-1, int(p*float64(len(s))))].Round(time.Millisecond) }
	return fmt.Sprintf("p50 %v, p95 %v, max %v", at(0.5), at(0.95), s[len(s)-1].Round(time.Millisecond))
}
