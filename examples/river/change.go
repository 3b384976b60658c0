package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// ChangeArgs asks for HandleChange on one NetBox change (the webhook
// receiver's --durable mode inserts them).
type ChangeArgs = riverjobs.ChangeArgs

// changeWorker runs change jobs: Provisioner.HandleChange.
type changeWorker struct {
	river.WorkerDefaults[ChangeArgs]
	p   *provision.Provisioner
	log *slog.Logger
}

func (w *changeWorker) Work(ctx context.Context, job *river.Job[ChangeArgs]) error {
	ch := job.Args.Change()
	ch.RequestID = requestID(ch.RequestID, job.ID)
	start := time.Now()
	res, err := w.p.HandleChange(ctx, ch)
	out := output{Op: res.Op, Message: res.Message, ZabbixHostID: res.Result.HostConfig.HostID, HostConfigID: res.Result.HostConfig.ID}
	log := w.log.With(slog.String("event", string(ch.Kind)), slog.String("object", ch.Object.String()))
	if res.Object != ch.Object && res.Object.ID != 0 {
		log = log.With(slog.String("target", res.Object.String()))
	}
	if v := verdict.OfChange(ch, err); err != nil && v.Action == verdict.Done {
		// Nothing left to do (the object is gone, or another run did it):
		// complete the job, keeping why.
		out.Result, out.Reason, out.Error = v.Action.String(), v.Reason, err.Error()
		record(ctx, log, out)
		log.InfoContext(ctx, "job done, nothing to change", slog.Int64("job_id", job.ID), slog.String("reason", v.Reason),
			slog.String("error", err.Error()))
		return nil
	}
	if err == nil && res.Op == "" {
		out.Result = verdict.Done.String()
		record(ctx, log, out)
		log.InfoContext(ctx, "job done, nothing to change", slog.Int64("job_id", job.ID), slog.String("message", res.Message),
			slog.Duration("took", time.Since(start)))
		return nil
	}
	return finish(ctx, log, job.JobRow, start, out, err)
}
