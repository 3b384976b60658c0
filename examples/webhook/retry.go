package main

import (
	"math/rand/v2"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
)

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

// runOnce runs j's change and logs the outcome. A run that fails on a
// transient error (verdict.Retry: the network, a 5xx, Zabbix's database, a
// timeout, the store) is run again after a jittered, growing wait, up to
// p.retry.attempts runs in all; then, or at once for bad input, the
// delivery is given up and forgotten, so that NetBox sending it again runs
// it again. Retrying is safe: every operation HandleChange runs looks
// before it writes.
func (p *pool) runOnce(j job, keys []string) {
	for attempt := 1; ; attempt++ {
		err := p.attempt(j, keys, attempt)
		if err == nil {
			return
		}
		v := verdict.OfChange(j.change, err)
		attrs := []any{"event", string(j.change.Kind), "object", j.change.Object.String(), "request_id", j.change.RequestID,
			"attempt", attempt, "reason", v.Reason, "error", err.Error()}
		switch {
		case v.Action != verdict.Retry:
			p.counts.Failed.Add(1)
			p.forget(keys...)
			p.log.Error("change failed, not retried: bad input", attrs...)
			return
		case attempt >= p.retry.attempts:
			p.counts.Failed.Add(1)
			p.counts.GaveUp.Add(1)
			p.forget(keys...)
			p.log.Error("change failed, giving up", append(attrs, "attempts", attempt)...)
			return
		}
		wait := p.retry.wait(attempt)
		p.counts.Retries.Add(1)
		p.log.Warn("change failed, retrying", append(attrs, "wait", wait.Round(time.Millisecond))...)
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
