package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// River's periodic jobs live in the memory of each client, and only the
// elected leader inserts them. So that `river enqueue … --every` can add
// one from another process, and so that it survives restarts, the
// schedules are rows of a table of this program; every worker reads them
// at start and every --schedule-sync, and registers each as a River
// periodic job with the row's ID. Every worker has them all, so whichever
// is elected leader inserts the jobs; the others do nothing with them.
const schedulesDDL = `CREATE TABLE IF NOT EXISTS nbz_schedules (
	id         text PRIMARY KEY,
	kind       text NOT NULL,
	args       jsonb NOT NULL,
	every_ms   bigint NOT NULL CHECK (every_ms >= 1000),
	created_at timestamptz NOT NULL DEFAULT now()
)`

// minEvery is the shortest interval River's periodic jobs allow.
const minEvery = time.Second

// schedule is one row of nbz_schedules.
type schedule struct {
	ID    string
	Kind  string
	Args  string // JSON
	Every time.Duration
}

// saveSchedule adds or replaces the schedule of args's object.
func saveSchedule(ctx context.Context, pool *pgxpool.Pool, id string, args river.JobArgs, every time.Duration) error {
	if every < minEvery {
		return fmt.Errorf("--every %s: the shortest interval is %s", every, minEvery)
	}
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = pool.Exec(ctx, `INSERT INTO nbz_schedules (id, kind, args, every_ms) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, args = EXCLUDED.args, every_ms = EXCLUDED.every_ms`,
		id, args.Kind(), string(b), every.Milliseconds())
	return err
}

// deleteSchedule removes a schedule, reporting whether there was one.
func deleteSchedule(ctx context.Context, pool *pgxpool.Pool, id string) (bool, error) {
	tag, err := pool.Exec(ctx, `DELETE FROM nbz_schedules WHERE id = $1`, id)
	return tag.RowsAffected() > 0, err
}

func loadSchedules(ctx context.Context, pool *pgxpool.Pool) (map[string]schedule, error) {
	rows, err := pool.Query(ctx, `SELECT id, kind, args::text, every_ms FROM nbz_schedules`)
	if err != nil {
		return nil, fmt.Errorf("read schedules: %w", err)
	}
	out := make(map[string]schedule)
	for rows.Next() {
		var s schedule
		var ms int64
		if err := rows.Scan(&s.ID, &s.Kind, &s.Args, &ms); err != nil {
			rows.Close()
			return nil, err
		}
		s.Every = time.Duration(ms) * time.Millisecond
		out[s.ID] = s
	}
	return out, rows.Err()
}

// schedules keeps a River client's periodic jobs in step with the table.
// Only its sync and loop methods touch active, from one goroutine at a
// time (sync runs before loop starts).
type schedules struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
	log    *slog.Logger
	active map[string]schedule
}

func newSchedules(pool *pgxpool.Pool, client *river.Client[pgx.Tx], log *slog.Logger) *schedules {
	return &schedules{pool: pool, client: client, log: log, active: make(map[string]schedule)}
}

// loop syncs every interval until ctx ends.
func (s *schedules) loop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.sync(ctx); err != nil && ctx.Err() == nil {
				s.log.WarnContext(ctx, "schedules not synced", slog.String("error", err.Error()))
			}
		}
	}
}

// sync registers the schedules added or changed since the last sync and
// drops the ones removed. A schedule added while this client leads runs
// at once (RunOnStart), as it does when a client becomes leader: the
// insert is skipped while a job for the object is pending, so this never
// piles up.
func (s *schedules) sync(ctx context.Context) error {
	rows, err := loadSchedules(ctx, s.pool)
	if err != nil {
		return err
	}
	pj := s.client.PeriodicJobs()
	for id, cur := range s.active {
		if row, ok := rows[id]; !ok || row != cur {
			pj.RemoveByID(id)
			delete(s.active, id)
			s.log.InfoContext(ctx, "schedule removed", slog.String("schedule", id))
		}
	}
	for id, row := range rows {
		if _, ok := s.active[id]; ok {
			continue
		}
		args, err := decodeArgs(row.Kind, []byte(row.Args))
		if err != nil {
			s.log.WarnContext(ctx, "schedule skipped", slog.String("schedule", id), slog.String("error", err.Error()))
			continue
		}
		job := river.NewPeriodicJob(river.PeriodicInterval(row.Every), s.constructor(id, args),
			&river.PeriodicJobOpts{ID: id, RunOnStart: true})
		if _, err := pj.AddSafely(job); err != nil {
			s.log.WarnContext(ctx, "schedule skipped", slog.String("schedule", id), slog.String("error", err.Error()))
			continue
		}
		s.active[id] = row
		s.log.InfoContext(ctx, "schedule added", slog.String("schedule", id), slog.Duration("every", row.Every))
	}
	return nil
}

// constructor returns the job of a schedule, marked in its metadata with
// the schedule and the client that inserted it: only the leader's ID
// should ever appear there.
func (s *schedules) constructor(id string, args river.JobArgs) river.PeriodicJobConstructor {
	meta, _ := json.Marshal(map[string]string{"schedule": id, "enqueued_by": s.client.ID()})
	return func() (river.JobArgs, *river.InsertOpts) {
		return args, &river.InsertOpts{Metadata: meta}
	}
}

// decodeArgs turns a stored kind and JSON back into job args.
func decodeArgs(kind string, b []byte) (river.JobArgs, error) {
	switch kind {
	case kindProvisionAgent:
		var a ProvisionAgentArgs
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, err
		}
		return a, nil
	case kindCreateInterface:
		var a CreateInterfaceArgs
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, err
		}
		return a, nil
	}
	return nil, fmt.Errorf("unknown job kind %q", kind)
}
