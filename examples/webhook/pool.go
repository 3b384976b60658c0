package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

var (
	errQueueFull = errors.New("queue full")
	errClosed    = errors.New("shutting down")
)

// job is one accepted delivery.
type job struct {
	change provision.ObjectChange
	key    string // the delivery's dedup key
}

// runFunc runs one change: Provisioner.HandleChange.
type runFunc func(ctx context.Context, ch provision.ObjectChange) (provision.ChangeResult, error)

// pool runs jobs on a fixed number of workers, one run per object at a
// time: the object a change acts on (an IP address's owner, when the
// delivery named it). Objects wait in a bounded queue; deliveries for an
// object that is waiting join its run, and those for an object being run
// give it one more run afterwards.
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
	job     job      // the change the next run runs (see merge)
	keys    []string // the deliveries the next run answers
	running bool
	again   bool // a delivery came while running: run once more
}

// merge returns the change a run must make for two deliveries about one
// object, older first. A run reads NetBox afresh, so the latest change
// stands for both (with its user and request ID), except that a deletion
// of the device or VM is never undone by a later change: NetBox does not
// reuse IDs, so anything after it is about an object that is gone.
func merge(older, newer job) job {
	if riverjobs.Deletes(older.change) && !riverjobs.Deletes(newer.change) {
		return older
	}
	return newer
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
	target := riverjobs.Target(j.change)
	if e, ok := p.objects[target]; ok {
		e.job = merge(e.job, j)
		e.keys = append(e.keys, j.key)
		e.again = e.running
		return "merged", nil
	}
	select {
	case p.queue <- target:
		p.objects[target] = &pending{job: j, keys: []string{j.key}}
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
			p.log.Warn("dropped at shutdown", "object", j.change.Object.String(), "request_id", j.change.RequestID)
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
