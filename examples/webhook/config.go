package main

import (
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
	verbose         bool

	netboxURL, netboxToken string
	zabbixURL, zabbixToken string
	store                  string // sqlite:PATH or postgres:DSN
}

// errHelp asks for the usage text and exit status 0.
var errHelp = errors.New("help requested")

const usage = `usage: webhook [flags]

Receives NetBox webhooks on POST /webhook and provisions devices and
virtual machines into Zabbix; GET /healthz reports the queue.

flags:
  --listen ADDR             address to listen on (default 127.0.0.1:8080)
  --secret S                the NetBox webhook's secret (env WEBHOOK_SECRET; prefer the env)
  --workers N               provisioning runs at once (default 4)
  --queue N                 objects waiting at most; beyond, 503 (default 256)
  --max-body N              largest body in bytes (default 1048576)
  --dedup-ttl D             how long a delivery is remembered (default 10m)
  --run-timeout D           longest provisioning run (default 2m)
  --shutdown-timeout D      time to finish queued work on SIGTERM (default 25s)
  --store WHERE             sqlite:PATH or postgres:DSN (env STORE)
  --netbox-url URL          NetBox base URL (env NETBOX_URL)
  --zabbix-url URL          api_jsonrpc.php URL (env ZABBIX_URL)
  -v                        debug logs

environment: NETBOX_TOKEN and ZABBIX_TOKEN hold the API tokens.
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
