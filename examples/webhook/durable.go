package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
)

// inserter inserts River jobs: a *river.Client.
type inserter interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// insertTimeout bounds the insert of one delivery; NetBox waits for the
// answer (its own webhook timeout is 10 s by default).
const insertTimeout = 8 * time.Second

// followUpPeriod makes the unique key of a follow-up job differ from the
// object's usual one (see durable.submit).
const followUpPeriod = 24 * time.Hour

// durable stores each accepted delivery as a change River job
// (riverjobs.ChangeArgs, which examples/river works) and says so only once
// the insert has committed: the --durable mode. It runs nothing itself.
type durable struct {
	jobs   inserter
	closed atomic.Bool

	stored, merged, followUps, failed atomic.Int64
}

// submit stores j as a River job and returns what became of it: "stored";
// "merged" into a job for the same object and operation that has not
// started (it reads NetBox when it runs, so it sees this change too; see
// riverjobs.ChangeArgs); or "stored after the running job" when that job
// is running and may have read NetBox before this change. River's uniqueness refuses a second job while one
// is running, so that one is inserted with a unique key of its own (per
// followUpPeriod), which later deliveries merge into while it waits.
// An error means nothing was stored: answer 503, and NetBox sends the
// delivery again.
func (d *durable) submit(ctx context.Context, j job) (string, error) {
	if d.closed.Load() {
		return "", errClosed
	}
	ctx, cancel := context.WithTimeout(ctx, insertTimeout)
	defer cancel()
	args := riverjobs.NewChangeArgs(j.change)
	res, err := d.jobs.Insert(ctx, args, nil)
	if err != nil {
		d.failed.Add(1)
		return "", fmt.Errorf("store the %s change of %s as a River job: %w", j.change.Kind, j.change.Object, err)
	}
	switch {
	case !res.UniqueSkippedAsDuplicate:
		d.stored.Add(1)
		return "stored", nil
	case res.Job.State != rivertype.JobStateRunning:
		d.merged.Add(1)
		return "merged", nil
	}
	unique := riverjobs.UniqueWhilePending()
	unique.ByPeriod = followUpPeriod
	res, err = d.jobs.Insert(ctx, args, &river.InsertOpts{UniqueOpts: unique})
	if err != nil {
		d.failed.Add(1)
		return "", fmt.Errorf("store the %s change of %s as a River job after the running one: %w", j.change.Kind, j.change.Object, err)
	}
	if res.UniqueSkippedAsDuplicate {
		d.merged.Add(1)
		return "merged", nil
	}
	d.followUps.Add(1)
	return "stored after the running job", nil
}

// close makes submit fail with errClosed from now on.
func (d *durable) close() { d.closed.Store(true) }

// counts are the counters /healthz shows.
func (d *durable) counts() map[string]int64 {
	return map[string]int64{"stored": d.stored.Load(), "merged": d.merged.Load(),
		"stored_after_running": d.followUps.Load(), "insert_failed": d.failed.Load()}
}
