package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// run is the whole program: it serves until ctx ends (SIGINT, SIGTERM),
// then shuts down. It returns the exit status: 0 after a shutdown, 1 when
// the server cannot start or stops on its own, 2 for a usage error.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, env)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "webhook: %v\n\n%s", err, usage)
		return 2
	}
	level := slog.LevelInfo
	if cfg.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if cfg.secret == "" {
		log.Warn("no WEBHOOK_SECRET: unsigned webhooks are accepted; give the webhook in NetBox a secret, and this server the same")
	}
	if cfg.durable {
		return runDurable(ctx, cfg, log, stdout)
	}

	st, db, err := storeflag.Open(ctx, cfg.store, log)
	if err != nil {
		log.Error("open the store", "store", storeflag.Kind(cfg.store), "error", err)
		return 1
	}
	defer db.Close()
	nb, err := netbox.New(netbox.Config{URL: cfg.netboxURL, Token: cfg.netboxToken, Logger: log})
	if err != nil {
		log.Error("NetBox", "error", err)
		return 1
	}
	zbx, err := zabbix.New(zabbix.Config{URL: cfg.zabbixURL, Token: zabbix.Secret(cfg.zabbixToken), Logger: log})
	if err != nil {
		log.Error("Zabbix", "error", err)
		return 1
	}
	// The workers log each run's outcome; the library's own log would
	// repeat it.
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})
	if err != nil {
		log.Error("provisioner", "error", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		log.Error("listen", "error", err)
		return 1
	}
	return serve(ctx, cfg, ln, newServer(cfg, p.HandleChange, log), log, stdout)
}

// runDurable serves in --durable mode: deliveries become River jobs in the
// database of cfg.databaseURL, which River's migrations must have reached.
func runDurable(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) int {
	pool, err := pgxpool.New(ctx, cfg.databaseURL)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err == nil {
		err = riverjobs.CheckMigrated(ctx, pool)
	}
	if err != nil {
		log.Error("--durable: the River database", "error", err) // pgx leaves the password out
		if pool != nil {
			pool.Close()
		}
		return 1
	}
	defer pool.Close()
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log})
	if err != nil {
		log.Error("--durable: River client", "error", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		log.Error("listen", "error", err)
		return 1
	}
	return serve(ctx, cfg, ln, newDurableServer(cfg, jobs, log), log, stdout)
}

// newServer makes the server and its pool of workers running run.
func newServer(cfg config, run runFunc, log *slog.Logger) *server {
	d := newDedup(cfg.dedupTTL)
	s := &server{maxBody: cfg.maxBody, dedup: d, onboard: cfg.onboard, log: log,
		pool: newPool(run, cfg.workers, cfg.queue, cfg.runTimeout, retryPolicy{attempts: cfg.attempts, backoff: cfg.retryBackoff}, d.forget, log)}
	if cfg.secret != "" {
		s.secret = []byte(cfg.secret)
	}
	return s
}

// newDurableServer makes the server of --durable mode: deliveries are
// inserted as River jobs with jobs, and nothing runs here.
func newDurableServer(cfg config, jobs inserter, log *slog.Logger) *server {
	s := &server{maxBody: cfg.maxBody, dedup: newDedup(cfg.dedupTTL), onboard: cfg.onboard, log: log, durable: &durable{jobs: jobs}}
	if cfg.secret != "" {
		s.secret = []byte(cfg.secret)
	}
	return s
}

// serve answers on ln until ctx ends, then stops taking deliveries,
// finishes the queued work within cfg.shutdownTimeout and cancels the
// rest.
func serve(ctx context.Context, cfg config, ln net.Listener, s *server, log *slog.Logger, stdout io.Writer) int {
	hs := &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	if s.durable != nil {
		log.Info("listening; deliveries are stored as River jobs for `river worker`", "addr", ln.Addr().String())
	} else {
		log.Info("listening", "addr", ln.Addr().String(), "workers", cfg.workers, "queue", cfg.queue, "onboard", cfg.onboard)
	}

	code := 0
	select {
	case err := <-served:
		log.Error("server stopped", "error", err)
		code = 1
	case <-ctx.Done():
		log.Info("shutting down", "deadline", cfg.shutdownTimeout)
	}
	deadline, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	// Stop taking work first: a delivery that comes now is answered 503,
	// and NetBox sends it again later.
	if s.durable != nil {
		s.durable.close()
		if err := hs.Shutdown(deadline); err != nil {
			log.Warn("close connections", "error", err)
		}
		log.Info("stopped", "jobs", s.durable.counts())
		return code
	}
	s.pool.close()
	if err := hs.Shutdown(deadline); err != nil {
		log.Warn("close connections", "error", err)
	}
	err := s.pool.shutdown(deadline)
	c := s.pool.counts.snapshot()
	attrs := []any{"runs", c["runs"], "canceled", c["canceled"], "dropped", c["dropped"]}
	if err != nil {
		log.Warn("stopped before the queue was done: the changes canceled or dropped are followed at their object's next event", attrs...)
	} else {
		log.Info("stopped", attrs...)
	}
	return code
}
