package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// config is how the server runs and where the backends are.
type config struct {
	listen          string
	secret          string // WEBHOOK_SECRET; "" accepts unsigned bodies
	workers         int
	queue           int
	maxBody         int64
	dedupTTL        time.Duration
	runTimeout      time.Duration
	shutdownTimeout time.Duration
	attempts        int           // runs of a delivery that fails on a transient error
	retryBackoff    time.Duration // base of the backoff between them
	onboard         bool          // provision devices and VMs that have no Zabbix host yet
	verbose         bool

	// durable: store each delivery as a River job before answering, for
	// `river worker` to run; databaseURL is the River database.
	durable     bool
	databaseURL string

	netboxURL, netboxToken string
	zabbixURL, zabbixToken string
	store                  string // sqlite:PATH or postgres:DSN
}

// errHelp asks for the usage text and exit status 0.
var errHelp = errors.New("help requested")

const usage = `usage: webhook [flags]

Receives NetBox webhooks on POST /webhook and makes Zabbix follow the
devices, virtual machines and IP addresses created, updated and deleted in
NetBox; GET /healthz reports the queue.

flags:
  --listen ADDR             address to listen on (default 127.0.0.1:8080)
  --secret S                the NetBox webhook's secret (env WEBHOOK_SECRET; prefer the env)
  --workers N               runs at once (default 4)
  --queue N                 objects waiting at most; beyond, 503 (default 256)
  --max-body N              largest body in bytes (default 1048576)
  --dedup-ttl D             how long a delivery is remembered (default 10m)
  --run-timeout D           longest run of one change (default 2m)
  --shutdown-timeout D      time to finish queued work on SIGTERM (default 25s)
  --attempts N              runs of a delivery failing on a transient error (network, 5xx,
                            Zabbix database, timeout, store unavailable) before giving up (default 5)
  --retry-backoff D         first wait between those runs, doubling, with jitter (default 2s)
  --onboard                 provision a device or VM without a Zabbix host when it is created
                            or updated (default true); --onboard=false only follows the hosts
                            that exist
  --durable                 store each delivery as a River job (DATABASE_URL) before answering 202;
                            "river worker" runs them (see examples/river); needs no NetBox, Zabbix
                            or store settings here
  --database-url DSN        the River database for --durable (env DATABASE_URL or POSTGRES_DSN)
  --store WHERE             sqlite:PATH or postgres:DSN (env STORE)
  --netbox-url URL          NetBox base URL (env NETBOX_URL)
  --zabbix-url URL          api_jsonrpc.php URL (env ZABBIX_URL)
  -v                        debug logs

environment: NETBOX_TOKEN and ZABBIX_TOKEN hold the API tokens.

Without --durable, queued and retrying deliveries live in memory: a crash or
a kill loses them (NetBox already got 202). With --durable, a delivery
answered 202 is in PostgreSQL and survives anything but the database.
`

// parseConfig reads the command line and the environment.
func parseConfig(args []string, env func(string) string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("webhook", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8080", "")
	fs.StringVar(&cfg.secret, "secret", env("WEBHOOK_SECRET"), "")
	fs.IntVar(&cfg.workers, "workers", 4, "")
	fs.IntVar(&cfg.queue, "queue", 256, "")
	fs.Int64Var(&cfg.maxBody, "max-body", 1<<20, "")
	fs.DurationVar(&cfg.dedupTTL, "dedup-ttl", 10*time.Minute, "")
	fs.DurationVar(&cfg.runTimeout, "run-timeout", 2*time.Minute, "")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 25*time.Second, "")
	fs.StringVar(&cfg.store, "store", env("STORE"), "")
	fs.StringVar(&cfg.netboxURL, "netbox-url", env("NETBOX_URL"), "")
	fs.StringVar(&cfg.zabbixURL, "zabbix-url", env("ZABBIX_URL"), "")
	fs.IntVar(&cfg.attempts, "attempts", 5, "")
	fs.DurationVar(&cfg.retryBackoff, "retry-backoff", 2*time.Second, "")
	fs.BoolVar(&cfg.onboard, "onboard", true, "")
	fs.BoolVar(&cfg.durable, "durable", false, "")
	fs.StringVar(&cfg.databaseURL, "database-url", cmp.Or(env("DATABASE_URL"), env("POSTGRES_DSN")), "")
	fs.BoolVar(&cfg.verbose, "v", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, errHelp
		}
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case cfg.workers < 1:
		return cfg, errors.New("--workers must be at least 1")
	case cfg.queue < 1:
		return cfg, errors.New("--queue must be at least 1")
	case cfg.maxBody < 1:
		return cfg, errors.New("--max-body must be positive")
	case cfg.dedupTTL <= 0 || cfg.runTimeout <= 0 || cfg.shutdownTimeout <= 0:
		return cfg, errors.New("--dedup-ttl, --run-timeout and --shutdown-timeout must be positive")
	case cfg.attempts < 1:
		return cfg, errors.New("--attempts must be at least 1")
	case cfg.retryBackoff <= 0:
		return cfg, errors.New("--retry-backoff must be positive")
	}
	if cfg.durable {
		if cfg.databaseURL == "" {
			return cfg, errors.New("--durable: set DATABASE_URL (or --database-url) to the River database, e.g. postgres://user:password@host:5432/db")
		}
		return cfg, nil
	}
	cfg.netboxToken, cfg.zabbixToken = env("NETBOX_TOKEN"), env("ZABBIX_TOKEN")
	var missing []string
	for _, v := range []struct{ value, name string }{
		{cfg.netboxURL, "NETBOX_URL (or --netbox-url)"}, {cfg.netboxToken, "NETBOX_TOKEN"},
		{cfg.zabbixURL, "ZABBIX_URL (or --zabbix-url)"}, {cfg.zabbixToken, "ZABBIX_TOKEN"},
		{cfg.store, "STORE (or --store)"},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return cfg, fmt.Errorf("set %s", strings.Join(missing, ", "))
	}
	return cfg, nil
}
