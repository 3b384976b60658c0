package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// database is the one PostgreSQL database River and the store share: one
// pgx pool, which River uses directly and the store through database/sql.
type database struct {
	pool *pgxpool.Pool
	db   *sql.DB
}

// openDatabase connects to dsn. Unless the DSN sets pool_max_conns, the
// pool holds 2×workers+6 connections: a job takes up to two (the store's
// Lock keeps one for the whole run while its reads and writes use another),
// and River a few (LISTEN, fetching, completing, leader election,
// maintenance).
func openDatabase(ctx context.Context, dsn string, workers int) (*database, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err) // pgx leaves the password out
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = int32(2*max(workers, 1) + 6)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", describeDSN(dsn), err)
	}
	return &database{pool: pool, db: stdlib.OpenDBFromPool(pool)}, nil
}

func (d *database) Close() {
	d.db.Close()
	d.pool.Close()
}

// describeDSN names the server and database of dsn for logs, without
// credentials.
func describeDSN(dsn string) string {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "(unreadable DSN)"
	}
	return fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
}

// migrate brings River's tables, the store's and the schedules table up to
// date, and, when defaultGroup is set and the store has no mappings yet,
// adds a default mapping per object type that puts hosts in that Zabbix
// host group.
func migrate(ctx context.Context, d *database, log *slog.Logger, defaultGroup string) error {
	m, err := rivermigrate.New(riverpgxv5.New(d.pool), &rivermigrate.Config{Logger: log})
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil { // logs each version applied
		return fmt.Errorf("run the River migrations: %w", err)
	}
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: d.db, Dialect: sqlstore.Postgres, Logger: log})
	if err != nil {
		return fmt.Errorf("store migrations: %w", err)
	}
	if _, err := d.pool.Exec(ctx, schedulesDDL); err != nil {
		return fmt.Errorf("schedules table: %w", err)
	}
	if defaultGroup == "" {
		return nil
	}
	for _, t := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		ms, err := st.Mappings(ctx, t)
		if err != nil {
			return err
		}
		if len(ms) > 0 {
			log.InfoContext(ctx, "mappings exist, default not added", slog.String("object_type", string(t)), slog.Int("mappings", len(ms)))
			continue
		}
		m := store.Mapping{ObjectType: t, Name: "Default " + t.Label(), Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: defaultGroup}}}
		if _, err := st.PutMapping(ctx, m); err != nil {
			return fmt.Errorf("default mapping: %w", err)
		}
		log.InfoContext(ctx, "default mapping added", slog.String("object_type", string(t)), slog.String("host_group", defaultGroup))
	}
	return nil
}

// checkMigrated fails with advice when River's tables are missing or old.
func checkMigrated(ctx context.Context, d *database) error {
	return riverjobs.CheckMigrated(ctx, d.pool)
}

// newInserter returns a River client that only inserts and lists jobs.
func newInserter(d *database, log *slog.Logger) (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(d.pool), &river.Config{Logger: log})
}

// workerConfig is what `river worker` runs with.
type workerConfig struct {
	NetBoxURL, NetBoxToken string
	ZabbixURL, ZabbixToken string
	Workers                int
	ID                     string        // River client ID; empty lets River choose
	ScheduleSync           time.Duration // how often schedules are re-read
	StopTimeout            time.Duration // soft stop: how long running jobs may finish

	// ReconcileEvery is the interval of the periodic reconcile; 0 is
	// none. ReconcileChunk is its chunk size, ReconcileWorkers how many
	// reconcile jobs this process works at once.
	ReconcileEvery   time.Duration
	ReconcileChunk   int
	ReconcileWorkers int
}

// check names what is missing in the environment.
func (c workerConfig) check() error {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"NETBOX_URL", c.NetBoxURL}, {"NETBOX_TOKEN", c.NetBoxToken}, {"ZABBIX_URL", c.ZabbixURL}, {"ZABBIX_TOKEN", c.ZabbixToken},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("worker: set %s in the environment (or the URLs with flags)", strings.Join(missing, ", "))
	}
	if c.Workers < 1 {
		return errors.New("worker: --workers must be at least 1")
	}
	if c.ScheduleSync <= 0 {
		return errors.New("worker: --schedule-sync must be positive")
	}
	if c.ReconcileEvery < 0 || c.ReconcileEvery > 0 && c.ReconcileEvery < minEvery {
		return fmt.Errorf("worker: --reconcile-every %s: give 0 (no periodic reconcile) or at least %s", c.ReconcileEvery, minEvery)
	}
	if c.ReconcileChunk < 1 || c.ReconcileChunk > maxChunkSize {
		return fmt.Errorf("worker: --reconcile-chunk %d: give 1 to %d objects", c.ReconcileChunk, maxChunkSize)
	}
	if c.ReconcileWorkers < 1 {
		return errors.New("worker: --reconcile-workers must be at least 1")
	}
	return nil
}

// runWorker works jobs until ctx ends (SIGINT or SIGTERM), then stops
// softly: no new jobs are fetched, running ones get StopTimeout to finish
// before their contexts are cancelled (and they are retried later).
func runWorker(ctx context.Context, d *database, log *slog.Logger, cfg workerConfig) error {
	if err := checkMigrated(ctx, d); err != nil {
		return err
	}
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: d.db, Dialect: sqlstore.Postgres, Logger: log})
	if err != nil {
		return err
	}
	nb, err := netbox.New(netbox.Config{URL: cfg.NetBoxURL, Token: cfg.NetBoxToken, Logger: log})
	if err != nil {
		return err
	}
	zc, err := zabbix.New(zabbix.Config{URL: cfg.ZabbixURL, Token: zabbix.Secret(cfg.ZabbixToken), Logger: log})
	if err != nil {
		return err
	}
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zc, Store: st, Logger: log})
	if err != nil {
		return err
	}
	c, err := iface.New(iface.Config{Zabbix: zc, Store: st, Logger: log})
	if err != nil {
		return err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &provisionAgentWorker{p: p, log: log})
	river.AddWorker(workers, &createInterfaceWorker{c: c, log: log})
	river.AddWorker(workers, &changeWorker{p: p, log: log})
	river.AddWorker(workers, &fanOutWorker{pool: d.pool, store: st, log: log})
	river.AddWorker(workers, &chunkWorker{p: p, log: log})
	client, err := river.NewClient(riverpgxv5.New(d.pool), &river.Config{
		ID:     cfg.ID,
		Logger: log.With(slog.String("component", "river")),
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: cfg.Workers},
			queueReconcile:     {MaxWorkers: cfg.ReconcileWorkers},
		},
		Workers:         workers,
		SoftStopTimeout: cfg.StopTimeout,
	})
	if err != nil {
		return err
	}
	if cfg.ReconcileEvery > 0 {
		client.PeriodicJobs().Add(periodicReconcile(client.ID(), cfg.ReconcileEvery, cfg.ReconcileChunk))
	}
	sched := newSchedules(d.pool, client, log)
	if err := sched.sync(ctx); err != nil {
		return err
	}
	if err := client.Start(ctx); err != nil {
		return err
	}
	log.InfoContext(ctx, "worker started", slog.String("client_id", client.ID()), slog.Int("workers", cfg.Workers),
		slog.Int("reconcile_workers", cfg.ReconcileWorkers), slog.Duration("reconcile_every", cfg.ReconcileEvery),
		slog.String("database", describeDSN(d.pool.Config().ConnString())), slog.String("netbox", redactURL(cfg.NetBoxURL)),
		slog.String("zabbix", redactURL(cfg.ZabbixURL)))
	go sched.loop(ctx, cfg.ScheduleSync)
	<-client.Stopped()
	log.Info("worker stopped", slog.String("client_id", client.ID()))
	return nil
}

// redactURL drops a URL's user information and query, which may carry
// credentials.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unreadable URL)"
	}
	u.User, u.RawQuery = nil, ""
	return u.String()
}
