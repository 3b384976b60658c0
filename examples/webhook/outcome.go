package main

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// counts are the pool's counters, shown by /healthz. Provisioned, Updated
// and Deleted count the runs of each operation, Unchanged the runs with
// nothing to do; Failed counts the deliveries given up on (bad input at
// once, transient failures after the last attempt), GaveUp those among
// them that were transient, Retries the runs made again after a transient
// failure.
type counts struct {
	Runs, Provisioned, Updated, Deleted, Unchanged, Already, Skipped, Failed, Canceled, Dropped, Retries, GaveUp atomic.Int64
}

func (c *counts) snapshot() map[string]int64 {
	return map[string]int64{"runs": c.Runs.Load(), "provisioned": c.Provisioned.Load(), "updated": c.Updated.Load(),
		"deleted": c.Deleted.Load(), "unchanged": c.Unchanged.Load(), "already_provisioned": c.Already.Load(),
		"skipped": c.Skipped.Load(), "failed": c.Failed.Load(), "canceled": c.Canceled.Load(), "dropped": c.Dropped.Load(),
		"retries": c.Retries.Load(), "gave_up": c.GaveUp.Load()}
}

// count counts a run that did res.
func (c *counts) count(res provision.ChangeResult) {
	switch res.Op {
	case "ProvisionAgent":
		c.Provisioned.Add(1)
	case "UpdateZabbixHost":
		c.Updated.Add(1)
	case "DeleteZabbixHost":
		c.Deleted.Add(1)
	default:
		c.Unchanged.Add(1)
	}
}

// attempt runs j's change once. It returns the error to decide on, or nil
// when the run is over: done, nothing to do, or canceled at shutdown.
func (p *pool) attempt(j job, keys []string, n int) error {
	ctx, cancel := context.WithTimeout(p.ctx, p.runTimeout)
	defer cancel()
	start := time.Now()
	ch := j.change
	res, err := p.run(ctx, ch)
	p.counts.Runs.Add(1)
	attrs := []any{"event", string(ch.Kind), "object", ch.Object.String(), "request_id", ch.RequestID, "deliveries", len(keys),
		"attempt", n, "took", time.Since(start).Round(time.Millisecond)}
	if res.Object != ch.Object && res.Object.ID != 0 {
		attrs = append(attrs, "target", res.Object.String())
	}
	switch v := verdict.OfChange(ch, err); {
	case err == nil:
		p.counts.count(res)
		attrs = append(attrs, "op", res.Op)
		if id := res.Result.HostConfig.HostID; id != "" {
			attrs = append(attrs, "zabbix_hostid", id)
		}
		p.log.Info(res.Message, attrs...)
	case errors.Is(err, provision.ErrInterfaceExists):
		// A config with the agent interface and no host ID: the library
		// is idempotent, and there is nothing to do.
		p.counts.Already.Add(1)
		p.log.Info("already provisioned", attrs...)
	case v.Action == verdict.Done, errors.Is(err, provision.ErrExcluded), errors.Is(err, provision.ErrNoPrimaryIP),
		errors.Is(err, provision.ErrObjectNotFound):
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
