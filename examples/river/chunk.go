package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// chunkTimeout bounds one run of a chunk job (River's default, a minute,
// is short for 1,000 objects on a busy Zabbix).
const chunkTimeout = 15 * time.Minute

// chunkOutput is what a chunk job records: the counts of its report.
type chunkOutput struct {
	Result      string `json:"result"` // "done", or "retry" when passing failures are left
	Objects     int    `json:"objects"`
	Configs     int    `json:"configs"` // of the objects, those with a host config
	InSync      int    `json:"in_sync"`
	Updated     int    `json:"updated"`
	Drifted     int    `json:"drifted"`
	HostMissing int    `json:"host_missing"`
	ObjectGone  int    `json:"object_gone"`
	Failed      int    `json:"failed"`
	Retryable   int    `json:"retryable"` // of Failed, the passing failures
}

// chunkWorker runs ReconcileChunkArgs jobs: Provisioner.Reconcile of the
// chunk's objects.
type chunkWorker struct {
	river.WorkerDefaults[ReconcileChunkArgs]
	p   *provision.Provisioner
	log *slog.Logger
}

// Timeout is the longest run of a chunk.
func (w *chunkWorker) Timeout(*river.Job[ReconcileChunkArgs]) time.Duration { return chunkTimeout }

// Work reconciles the chunk and logs its counts. It fails (and River runs
// the chunk again) when the reconcile could not run at all on a passing
// failure, or when some of its objects failed on one (verdict.Retry);
// objects that failed on bad input are logged and left for someone to fix.
// Running a chunk again is safe: a reconcile of hosts in step with NetBox
// writes nothing.
func (w *chunkWorker) Work(ctx context.Context, job *river.Job[ReconcileChunkArgs]) error {
	a := job.Args
	start := time.Now()
	log := w.log.With(slog.Int64("job_id", job.ID), slog.String("kind", job.Kind), slog.Int("attempt", job.Attempt),
		slog.Int64("fan_out", a.FanOut), slog.String("chunk", fmt.Sprintf("%d/%d", a.Chunk, a.Chunks)))
	objs := a.objects()
	report, err := w.p.Reconcile(ctx, provision.ReconcileRequest{Objects: objs, User: a.User, RequestID: requestID(a.RequestID, job.ID)})
	if err != nil {
		err = fmt.Errorf("reconcile chunk %d/%d (%d objects) of fan-out job %d: %w", a.Chunk, a.Chunks, len(objs), a.FanOut, err)
		if v := verdict.Of(err); v.Action == verdict.Cancel {
			log.WarnContext(ctx, "chunk cancelled: bad input, not retried", slog.String("reason", v.Reason), slog.String("error", err.Error()))
			return river.JobCancel(err)
		}
		log.WarnContext(ctx, "chunk failed, River retries it", slog.String("error", err.Error()), slog.Int("max_attempts", job.MaxAttempts))
		return err
	}
	out := chunkOutput{Result: "done", Objects: len(objs), Configs: len(report.Results), InSync: report.InSync, Updated: report.Updated,
		Drifted: report.Drifted, HostMissing: report.HostMissing, ObjectGone: report.ObjectGone, Failed: report.Failed}
	var first error
	for _, res := range report.Results {
		if res.Err == nil {
			continue
		}
		v := verdict.Of(res.Err)
		if v.Action == verdict.Retry {
			out.Retryable++
			if first == nil {
				first = res.Err
			}
		}
		log.WarnContext(ctx, "object not reconciled", slog.String("object", res.Object.String()), slog.String("verdict", v.Action.String()),
			slog.String("reason", v.Reason), slog.String("error", res.Err.Error()))
	}
	if out.Retryable > 0 {
		out.Result = "retry"
	}
	record(ctx, log, out)
	log.InfoContext(ctx, "chunk reconciled", slog.Int("objects", out.Objects), slog.Int("in_sync", out.InSync),
		slog.Int("updated", out.Updated), slog.Int("host_missing", out.HostMissing), slog.Int("object_gone", out.ObjectGone),
		slog.Int("failed", out.Failed), slog.Int("retryable", out.Retryable), slog.Duration("took", time.Since(start)))
	if first != nil {
		return fmt.Errorf("reconcile chunk %d/%d of fan-out job %d: %d of %d objects failed on passing errors, the first: %w; River runs the chunk again",
			a.Chunk, a.Chunks, a.FanOut, out.Retryable, len(objs), first)
	}
	return nil
}
