package main

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

var (
	errQueueFull = errors.New("queue full")
	errClosed    = errors.New("shutting down")
)

// job is one accepted delivery.
type job struct {
	object    netbox.Ref
	user      string
	requestID string
	key       string // the delivery's dedup key
}

// runFunc provisions one object: Provisioner.ProvisionAgent.
type runFunc func(ctx context.Context, req provision.Request) (provision.Result, error)

// pool runs jobs on a fixed number of workers, one run per object at a
// time. Objects wait in a bounded queue; deliveries for an object that is
// waiting join its run, and those for an object being run give it one
// more run afterwards.
type pool struct {
	run        runFunc
	forget     func(keys ...string) // called with the keys of a failed run
	log        *slog.Logger
	runTimeout time.Duration
	retry      retryPolicy

	queue  chan netbox.Ref
	ctx    context.Context // of every run; canceled at the shutdown deadline
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	objects map[netbox.Ref]*pending // queued or running

	counts counts
}

// pending is an object that is queued or running.
type pending struct {
	job     job      // the latest delivery: its user and request ID go into the event
	keys    []string // the deliveries the next run answers
	running bool
	again   bool // a delivery came while running: run once more
}

// counts are the pool's counters, shown by /healthz. Failed counts the
// deliveries given up on (bad input at once, transient failures after the
// last attempt), GaveUp those among them that were transient, Retries the
// runs made again after a transient failure.
type counts struct {
	Runs, Provisioned, Already, Skipped, Failed, Canceled, Dropped, Retries, GaveUp atomic.Int64
}

func (c *counts) snapshot() map[string]int64 {
	return map[string]int64{"runs": c.Runs.Load(), "provisioned": c.Provisioned.Load(), "already_provisioned": c.Already.Load(),
		"skipped": c.Skipped.Load(), "failed": c.Failed.Load(), "canceled": c.Canceled.Load(), "dropped": c.Dropped.Load(),
		"retries": c.Retries.Load(), "gave_up": c.GaveUp.Load()}
}

// retryPolicy bounds the runs of a delivery that fails on a transient
// error: at most attempts runs; before run n+1 a wait drawn below
// backoff×2^(n-1), capped at maxRetryWait ("full jitter", so that the
// objects that failed together do not all come back together).
type retryPolicy struct {
	attempts int
	backoff  time.Duration
}

// maxRetryWait caps one wait between runs.
const maxRetryWait = time.Minute

// wait returns the wait before the run after run n.
func (r retryPolicy) wait(n int) time.Duration {
	ceiling := maxRetryWait
	if n < 30 && r.backoff<<(n-1) < maxRetryWait {
		ceiling = r.backoff << (n - 1)
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// newPool starts workers taking objects from a queue of size queue.
func newPool(run runFunc, workers, queue int, runTimeout time.Duration, retry retryPolicy, forget func(...string), log *slog.Logger) *pool {
	p := &pool{run: run, forget: forget, log: log, runTimeout: runTimeout, retry: retry,
		queue: make(chan netbox.Ref, queue), objects: make(map[netbox.Ref]*pending)}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	for range workers {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

// submit queues j's object, or joins j to the object's run: "queued" or
// "merged". It fails with errQueueFull or errClosed, changing nothing.
func (p *pool) submit(j job) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return "", errClosed
	}
	if e, ok := p.objects[j.object]; ok {
		e.job = j
		e.keys = append(e.keys, j.key)
		e.again = e.running
		return "merged", nil
	}
	select {
	case p.queue <- j.object:
		p.objects[j.object] = &pending{job: j, keys: []string{j.key}}
		return "queued", nil
	default:
		return "", errQueueFull
	}
}

// state returns how many objects are queued and running, and whether the
// pool is shutting down.
func (p *pool) state() (queued, running int, closed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	closed = p.closed
	for _, e := range p.objects {
		if e.running {
			running++
		} else {
			queued++
		}
	}
	return queued, running, closed
}

func (p *pool) worker() {
	defer p.wg.Done()
	for ref := range p.queue {
		p.work(ref)
	}
}

// work runs one object, again while deliveries came during its run.
func (p *pool) work(ref netbox.Ref) {
	for {
		p.mu.Lock()
		e := p.objects[ref]
		e.running, e.again = true, false
		j, keys := e.job, e.keys
		e.keys = nil
		p.mu.Unlock()

		if p.ctx.Err() != nil {
			p.counts.Dropped.Add(1)
			p.log.Warn("dropped at shutdown", "object", ref.String(), "request_id", j.requestID)
		} else {
			p.runOnce(j, keys)
		}

		p.mu.Lock()
		if !e.again || p.ctx.Err() != nil {
			delete(p.objects, ref)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
}

// runOnce provisions j's object and logs the outcome. A run that fails on
// a transient error (verdict.Retry: the network, a 5xx, Zabbix's database,
// a timeout, the store) is run again after a jittered, growing wait, up to
// p.retry.attempts runs in all; then, or at once for bad input, the
// delivery is given up and forgotten, so that NetBox sending it again runs
// it again. Retrying is safe: ProvisionAgent looks before it writes.
func (p *pool) runOnce(j job, keys []string) {
	for attempt := 1; ; attempt++ {
		err := p.attempt(j, keys, attempt)
		if err == nil {
			return
		}
		v := verdict.Of(err)
		attrs := []any{"object", j.object.String(), "request_id", j.requestID, "attempt", attempt, "reason", v.Reason, "error", err.Error()}
		switch {
		case v.Action != verdict.Retry:
			p.counts.Failed.Add(1)
			p.forget(keys...)
			p.log.Error("provisioning failed, not retried: bad input", attrs...)
			return
		case attempt >= p.retry.attempts:
			p.counts.Failed.Add(1)
			p.counts.GaveUp.Add(1)
			p.forget(keys...)
			p.log.Error("provisioning failed, giving up", append(attrs, "attempts", attempt)...)
			return
		}
		wait := p.retry.wait(attempt)
		p.counts.Retries.Add(1)
		p.log.Warn("provisioning failed, retrying", append(attrs, "wait", wait.Round(time.Millisecond))...)
		t := time.NewTimer(wait)
		select {
		case <-p.ctx.Done():
			t.Stop()
			p.counts.Canceled.Add(1)
			p.forget(keys...)
			p.log.Warn("canceled at shutdown while waiting to retry", attrs...)
			return
		case <-t.C:
		}
	}
}

// attempt runs j's object once. It returns the error to decide on, or nil
// when the run is over: done, nothing to do, or canceled at shutdown.
func (p *pool) attempt(j job, keys []string, n int) error {
	ctx, cancel := context.WithTimeout(p.ctx, p.runTimeout)
	defer cancel()
	start := time.Now()
	res, err := p.run(ctx, provision.Request{Object: j.object, User: j.user, RequestID: j.requestID})
	p.counts.Runs.Add(1)
	attrs := []any{"object", j.object.String(), "request_id", j.requestID, "deliveries", len(keys), "attempt", n,
		"took", time.Since(start).Round(time.Millisecond)}
	switch {
	case err == nil:
		p.counts.Provisioned.Add(1)
		p.log.Info(res.Message, append(attrs, "zabbix_hostid", res.HostConfig.HostID)...)
	case errors.Is(err, provision.ErrInterfaceExists):
		// NetBox sent an update for an object provisioned before: the
		// library is idempotent, and there is nothing to do.
		p.counts.Already.Add(1)
		p.log.Info("already provisioned", attrs...)
	case errors.Is(err, provision.ErrExcluded), errors.Is(err, provision.ErrNoPrimaryIP), errors.Is(err, provision.ErrObjectNotFound):
		// Nothing to do until the object changes in NetBox, which sends
		// another event then.
		p.counts.Skipped.Add(1)
		p.log.Info("skipped", append(attrs, "reason", err.Error())...)
	case p.ctx.Err() != nil:
		p.counts.Canceled.Add(1)
		p.forget(keys...)
		p.log.Warn("canceled at shutdown", append(attrs, "error", err.Error())...)
	default:
		return err
	}
	return nil
}

// close stops taking jobs: submit fails with errClosed from now on.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
}

// shutdown closes the pool and waits for the queued jobs until ctx ends;
// then it cancels the runs still going, drops the objects not started,
// and returns ctx's error once every worker has stopped.
func (p *pool) shutdown(ctx context.Context) error {
	p.close()
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	defer p.cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		p.cancel()
		<-done
		return ctx.Err()
	}
}
