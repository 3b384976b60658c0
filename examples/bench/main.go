// Command bench measures how fast the library provisions N synthetic
// devices into Zabbix, and prints one JSON object on its last line.
//
//	go run ./examples/bench -n 1000                       # in-memory Zabbix
//	go run ./examples/bench -n 1000 -zabbix-url "$ZABBIX_URL" -zabbix-token "$ZABBIX_TOKEN" -baseline
//
// NetBox and the store are in memory; Zabbix is the in-memory one, or a
// real server given by -zabbix-url and -zabbix-token (or ZABBIX_URL and
// ZABBIX_TOKEN). -mode bulk (the default) calls ProvisionAgents once;
// -mode single calls ProvisionAgent once per object, in sequence.
// -baseline first times one raw array host.create of the same hosts on the
// same server (and deletes them), for comparison. The hosts are deleted
// afterwards unless -keep is given.
//
// The JSON object has n, mode, seconds, hosts_per_second,
// zabbix_http_requests (all requests after the version probe),
// requests_per_host, p50_ms and p95_ms (per-object latency: in single mode
// each ProvisionAgent call; in bulk mode the time from the start of the run
// until the object's result was final), and with -baseline
// baseline_seconds, baseline_hosts_per_second and ratio (throughput over
// the baseline's).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	var cfg config
	flag.IntVar(&cfg.n, "n", 1000, "how many devices to provision")
	flag.StringVar(&cfg.mode, "mode", "bulk", "bulk (one ProvisionAgents) or single (ProvisionAgent per object)")
	flag.StringVar(&cfg.url, "zabbix-url", os.Getenv("ZABBIX_URL"), "Zabbix API URL (api_jsonrpc.php); empty: the in-memory Zabbix")
	flag.StringVar(&cfg.token, "zabbix-token", os.Getenv("ZABBIX_TOKEN"), "Zabbix API token")
	flag.IntVar(&cfg.batch, "batch", 0, "hosts per host.create in bulk mode (0: the library's default)")
	flag.IntVar(&cfg.concurrency, "concurrency", 0, "batches at once in bulk mode (0: the library's default)")
	flag.StringVar(&cfg.template, "template", "", "name of a template to link to every host (none by default)")
	flag.BoolVar(&cfg.baseline, "baseline", false, "first time one raw array host.create of the same hosts")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the hosts in Zabbix afterwards")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Minute, "give up after this long")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	n                  int
	mode               string
	url, token         string
	batch, concurrency int
	template           string
	baseline, keep     bool
	timeout            time.Duration
}

// report is the JSON object printed on the last line.
type report struct {
	N                      int     `json:"n"`
	Mode                   string  `json:"mode"`
	Zabbix                 string  `json:"zabbix"`
	ZabbixVersion          string  `json:"zabbix_version"`
	Seconds                float64 `json:"seconds"`
	HostsPerSecond         float64 `json:"hosts_per_second"`
	ZabbixHTTPRequests     int64   `json:"zabbix_http_requests"`
	RequestsPerHost        float64 `json:"requests_per_host"`
	P50ms                  float64 `json:"p50_ms"`
	P95ms                  float64 `json:"p95_ms"`
	Failed                 int     `json:"failed"`
	BaselineSeconds        float64 `json:"baseline_seconds,omitempty"`
	BaselineHostsPerSecond float64 `json:"baseline_hosts_per_second,omitempty"`
	Ratio                  float64 `json:"ratio,omitempty"`
}

func run(ctx context.Context, cfg config, out, log io.Writer) error {
	if cfg.n < 1 {
		return errors.New("-n must be at least 1")
	}
	if cfg.mode != "bulk" && cfg.mode != "single" {
		return fmt.Errorf("-mode %q: use bulk or single", cfg.mode)
	}
	env, err := newEnv(ctx, cfg)
	if err != nil {
		return err
	}
	defer env.close(ctx)
	rep := report{N: cfg.n, Mode: cfg.mode, Zabbix: env.kind, ZabbixVersion: env.version.String()}

	if cfg.baseline {
		secs, err := env.baseline(ctx)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		rep.BaselineSeconds, rep.BaselineHostsPerSecond = secs, float64(cfg.n)/secs
		fmt.Fprintf(log, "baseline: one array host.create of %d hosts in %.3f s (%.0f hosts/s)\n", cfg.n, secs, rep.BaselineHostsPerSecond)
	}

	env.requests.Store(0)
	lat, failed, secs, err := env.provision(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Seconds, rep.HostsPerSecond, rep.Failed = secs, float64(cfg.n-failed)/secs, failed
	rep.ZabbixHTTPRequests = env.requests.Load()
	rep.RequestsPerHost = float64(rep.ZabbixHTTPRequests) / float64(cfg.n)
	rep.P50ms, rep.P95ms = percentile(lat, 50), percentile(lat, 95)
	if rep.BaselineSeconds > 0 {
		rep.Ratio = rep.HostsPerSecond / rep.BaselineHostsPerSecond
	}
	fmt.Fprintf(log, "%s: %d hosts in %.3f s (%.0f hosts/s), %d Zabbix HTTP requests, %d failed\n",
		cfg.mode, cfg.n, secs, rep.HostsPerSecond, rep.ZabbixHTTPRequests, failed)

	if !cfg.keep {
		if err := env.cleanUp(ctx); err != nil {
			return err
		}
	}
	line, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, string(line))
	return err
}
