package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// fanOutOutput is what a fan-out job records.
type fanOutOutput struct {
	Result    string `json:"result"` // "done" or "unchanged" (skipped)
	Message   string `json:"message"`
	Configs   int    `json:"configs"`
	Chunks    int    `json:"chunks"`
	ChunkSize int    `json:"chunk_size"`
}

// fanOutWorker runs ReconcileArgs jobs: it lists the host configs from the
// store and inserts one chunk job per ChunkSize of them.
type fanOutWorker struct {
	river.WorkerDefaults[ReconcileArgs]
	pool  *pgxpool.Pool
	store store.Store
	log   *slog.Logger
}

// pendingChunkStates are the states of a chunk job not yet finished.
var pendingChunkStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// Work inserts the chunk jobs and completes itself in one transaction:
// either the fan-out is done and every chunk is queued, or nothing is and
// River runs the fan-out again. A fan-out that finds chunks of an earlier
// one still pending inserts nothing: the reconcile under way covers the
// configs already.
func (w *fanOutWorker) Work(ctx context.Context, job *river.Job[ReconcileArgs]) error {
	start := time.Now()
	log := w.log.With(slog.Int64("job_id", job.ID), slog.String("kind", job.Kind), slog.Int("attempt", job.Attempt))
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("reconcile fan-out job %d: no River client in the job's context: %w", job.ID, err)
	}
	pending, err := client.JobList(ctx, river.NewJobListParams().Kinds(kindReconcileChunk).States(pendingChunkStates...).First(1))
	if err != nil {
		return fmt.Errorf("reconcile fan-out job %d: list the chunk jobs still pending: %w", job.ID, err)
	}
	if len(pending.Jobs) > 0 {
		j := pending.Jobs[0]
		out := fanOutOutput{Result: "unchanged", ChunkSize: job.Args.chunkSize(),
			Message: fmt.Sprintf("skipped: chunk job %d of an earlier reconcile is %s", j.ID, j.State)}
		record(ctx, log, out)
		log.InfoContext(ctx, "reconcile skipped: the previous one is still under way", slog.Int64("pending_chunk_job", j.ID))
		return nil
	}

	configs, err := w.store.FindHostConfigs(ctx, store.HostConfigFilter{})
	if err != nil {
		return fmt.Errorf("reconcile fan-out job %d: list the host configs from the store: %w", job.ID, err)
	}
	objs := make([]netbox.Ref, len(configs))
	for i, hc := range configs {
		objs[i] = hc.Object
	}
	params := make([]river.InsertManyParams, 0, len(objs)/job.Args.chunkSize()+1)
	for _, c := range chunks(objs, job.Args.chunkSize()) {
		c.FanOut, c.User, c.RequestID = job.ID, job.Args.User, requestID(job.Args.RequestID, job.ID)
		params = append(params, river.InsertManyParams{Args: c})
	}
	out := fanOutOutput{Result: "done", Configs: len(objs), Chunks: len(params), ChunkSize: job.Args.chunkSize(),
		Message: fmt.Sprintf("%d host configs in %d chunk jobs", len(objs), len(params))}
	if err := w.insert(ctx, client, job, params, out); err != nil {
		return fmt.Errorf("reconcile fan-out job %d: %w; River runs the fan-out again", job.ID, err)
	}
	log.InfoContext(ctx, "reconcile fanned out", slog.Int("configs", out.Configs), slog.Int("chunks", out.Chunks),
		slog.Int("chunk_size", out.ChunkSize), slog.Duration("took", time.Since(start)))
	return nil
}

// insert inserts the chunk jobs and completes job in one transaction.
func (w *fanOutWorker) insert(ctx context.Context, client *river.Client[pgx.Tx], job *river.Job[ReconcileArgs],
	params []river.InsertManyParams, out fanOutOutput) error {
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin a transaction: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit
	if len(params) > 0 {
		if _, err := client.InsertManyTx(ctx, tx, params); err != nil {
			return fmt.Errorf("insert %d chunk jobs: %w", len(params), err)
		}
	}
	if err := river.RecordOutput(ctx, out); err != nil {
		return fmt.Errorf("record the output: %w", err)
	}
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
		return fmt.Errorf("complete the job with its chunks: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit %d chunk jobs: %w", len(params), err)
	}
	return nil
}
