// Command bench measures how fast the library provisions N synthetic
// devices into Zabbix, and what it costs NetBox, and prints one JSON object
// on its last line.
//
//	go run ./examples/bench -n 1000                       # in-memory NetBox and Zabbix
//	go run ./examples/bench -n 1000 -zabbix-url "$ZABBIX_URL" -zabbix-token "$ZABBIX_TOKEN" -baseline
//	go run ./examples/bench -n 1000 -netbox 4.5 -netbox-reads lean
//	go run ./examples/bench -n 1000 -netbox 4.5 -netbox-reads full -mode reads
//	go run ./examples/bench -mode reconcile -n 10000 -changed 1000 -netbox 4.5 -zabbix-url "$ZABBIX_URL" -zabbix-token "$ZABBIX_TOKEN"
//	NETBOX_TOKEN=… go run ./examples/bench -netbox-url https://netbox.example.com -select 'site=dc1' -zabbix-url …
//
// The store is in memory. NetBox is the in-memory one (-netbox mem, the
// default), the REST client against the fixture server of NetBox 3.7, 4.2
// or 4.5 (netboxtest.Server, run by this program in a process of its own
// so that serving costs this one nothing), which serves the devices as
// copies of its device_1.json, each with its own primary IPv4 address on
// its own interface, or a real NetBox (-netbox-url, NETBOX_TOKEN), whose
// devices -select picks by query string. -netbox-reads full reads every
// field of the devices and addresses in -mode reads; lean reads what the
// default tag and inventory mappings need (mapping.Fields) and the
// addresses' own fields. -netbox-concurrency bounds the client's requests
// under way (0: the client's default; 1: one after the other). -v logs
// every request.
//
// Zabbix is the in-memory one, or a real server given by -zabbix-url and
// -zabbix-token (or ZABBIX_URL and ZABBIX_TOKEN). -mode bulk (the default)
// calls ProvisionAgents once; -mode single calls ProvisionAgent once per
// object, in sequence; -mode reads touches no Zabbix and only reads the
// devices and their primary addresses from NetBox as ProvisionAgents does
// (batches of -batch objects, -concurrency batches at once).
// -baseline first times one raw array host.create of the same hosts on the
// same server (and deletes them), for comparison. The hosts are deleted
// afterwards unless -keep is given.
//
// -mode reconcile (a real Zabbix and a fixture server) provisions -n
// hosts, then times a no-op Reconcile of all of them against its floor
// (one raw host.get of those hosts with the same selects, plus the NetBox
// reads of their objects), and a Reconcile of -changed of them after a tag
// was added to the tag mapping against its floor (the same host.update
// calls sent raw as JSON-RPC batch arrays of the reconcile's batch size,
// one after the other). Its JSON object has mode, n, noop_seconds,
// noop_floor_seconds, noop_ratio, noop_http_requests (NetBox and Zabbix),
// noop_netbox_share, changed, changed_hosts_per_second,
// changed_floor_hosts_per_second, changed_ratio, changed_zabbix_requests,
// peak_rss_mb (while the reconciles ran), setup_peak_rss_mb and
// zabbix_version; see reconcileReport.
//
// In the other modes, the JSON object has n, mode, seconds, hosts_per_second,
// zabbix_http_requests (all requests after the version probe),
// requests_per_host, p50_ms and p95_ms (per-object latency: in single mode
// each ProvisionAgent call; in bulk mode the time from the start of the run
// until the object's result was final), netbox, netbox_reads,
// netbox_requests (HTTP requests; calls for the in-memory NetBox),
// netbox_bytes (response bodies), netbox_requests_per_object and
// netbox_bytes_per_object, and with -baseline baseline_seconds,
// baseline_hosts_per_second and ratio (throughput over the baseline's).
// With -runs K, every figure is the median of K runs and ratio is the
// ratio of the median throughputs.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == serveNetBoxArg {
		if err := serveFixture(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	var cfg config
	flag.IntVar(&cfg.n, "n", 1000, "how many devices to provision")
	flag.StringVar(&cfg.mode, "mode", "bulk", "bulk (one ProvisionAgents), single (ProvisionAgent per object), reads (NetBox reads only) or reconcile")
	flag.IntVar(&cfg.changed, "changed", 1000, "reconcile mode: how many of the -n hosts change")
	flag.StringVar(&cfg.netbox, "netbox", "mem", "NetBox: mem (in memory) or the fixture server of 3.7, 4.2 or 4.5")
	flag.StringVar(&cfg.reads, "netbox-reads", "full", "full (every field) or lean (the fields the mappings need)")
	flag.IntVar(&cfg.nbConcurrency, "netbox-concurrency", 0, "NetBox requests under way at once (0: the client's default)")
	flag.StringVar(&cfg.testdata, "netbox-testdata", defaultTestdata(), "directory of the fixture servers' files (netbox/testdata)")
	flag.StringVar(&cfg.netboxURL, "netbox-url", "", "a real NetBox's base URL (token in NETBOX_TOKEN); replaces -netbox and -n, see -select")
	flag.StringVar(&cfg.sel, "select", "", `with -netbox-url: the devices, by NetBox query string ("all" for every device), which ProvisionAgents lists (its Select)`)
	flag.StringVar(&cfg.url, "zabbix-url", os.Getenv("ZABBIX_URL"), "Zabbix API URL (api_jsonrpc.php); empty: the in-memory Zabbix")
	flag.StringVar(&cfg.token, "zabbix-token", os.Getenv("ZABBIX_TOKEN"), "Zabbix API token")
	flag.IntVar(&cfg.batch, "batch", 0, "hosts per host.create in bulk mode (0: the library's default)")
	flag.IntVar(&cfg.concurrency, "concurrency", 0, "batches at once in bulk mode (0: the library's default)")
	flag.StringVar(&cfg.template, "template", "", "name of a template to link to every host (none by default)")
	flag.BoolVar(&cfg.baseline, "baseline", false, "first time one raw array host.create of the same hosts")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the hosts in Zabbix afterwards")
	flag.IntVar(&cfg.runs, "runs", 1, "repeat the measurement (baseline, then the library) this many times and report medians")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Minute, "give up after this long")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	verbose := flag.Bool("v", false, "debug logs of the NetBox and Zabbix clients and the library on stderr (a line per request)")
	flag.Parse()
	cfg.netboxToken = os.Getenv("NETBOX_TOKEN")
	cfg.log = slog.New(slog.DiscardHandler)
	if *verbose {
		cfg.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}

	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type config struct {
	n                  int
	mode               string
	netbox, reads      string
	netboxURL          string
	netboxToken        string
	sel                string
	nbConcurrency      int
	testdata           string
	url, token         string
	batch, concurrency int
	changed            int
	template           string
	baseline, keep     bool
	runs               int
	timeout            time.Duration
	log                *slog.Logger
}

// selection is -select as a NetBox query of devices.
func (c config) selection() netbox.Query {
	if c.sel == "all" {
		return netbox.Query{Type: netbox.TypeDevice, All: true}
	}
	return netbox.Query{Type: netbox.TypeDevice, Filter: c.sel}
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
	NetBox                 string  `json:"netbox"`
	NetBoxReads            string  `json:"netbox_reads"`
	NetBoxRequests         int     `json:"netbox_requests"`
	NetBoxBytes            int64   `json:"netbox_bytes"`
	NetBoxRequestsPerObj   float64 `json:"netbox_requests_per_object"`
	NetBoxBytesPerObj      float64 `json:"netbox_bytes_per_object"`
	NetBoxBusySeconds      float64 `json:"netbox_busy_seconds"` // a NetBox request under way
	NetBoxShare            float64 `json:"netbox_share"`        // netbox_busy_seconds over seconds
	BaselineSeconds        float64 `json:"baseline_seconds,omitempty"`
	BaselineHostsPerSecond float64 `json:"baseline_hosts_per_second,omitempty"`
	Ratio                  float64 `json:"ratio,omitempty"`
	Runs                   int     `json:"runs"`
}

func run(ctx context.Context, cfg config, out, log io.Writer) error {
	if cfg.n < 1 || cfg.runs < 1 {
		return errors.New("-n and -runs must be at least 1")
	}
	if cfg.mode == "reconcile" {
		return measureReconcile(ctx, cfg, out, log)
	}
	if cfg.mode != "bulk" && cfg.mode != "single" && cfg.mode != "reads" {
		return fmt.Errorf("-mode %q: use bulk, single, reads or reconcile", cfg.mode)
	}
	if cfg.netboxURL != "" && (cfg.sel == "" || cfg.netboxToken == "") {
		return errors.New("-netbox-url needs -select (a NetBox query string, or all) and NETBOX_TOKEN")
	}
	if cfg.sel != "" && (cfg.mode == "single" || cfg.netboxURL == "") {
		return errors.New("-select applies to -mode bulk and reads with -netbox-url")
	}
	var reps []report
	for i := range cfg.runs {
		rep, err := measure(ctx, cfg, log)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		reps = append(reps, rep)
	}
	rep := median(reps)
	line, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, string(line))
	return err
}

// measure is one run: a fresh set of synthetic devices, the baseline when
// asked, the library, and the clean-up.
func measure(ctx context.Context, cfg config, log io.Writer) (report, error) {
	env, err := newEnv(ctx, cfg)
	if err != nil {
		return report{}, err
	}
	defer env.close(ctx)
	n := len(env.refs)
	rep := report{N: n, Mode: cfg.mode, Zabbix: env.kind, ZabbixVersion: env.version.String(), Runs: 1,
		NetBox: env.nb.kind, NetBoxReads: "mappings"}
	if cfg.mode == "reads" {
		rep.NetBoxReads = cfg.reads
	}
	if cfg.mode == "reads" {
		env.nb.reset()
		read := func() (float64, error) {
			return env.nb.readAll(ctx, env.refs, cmp.Or(cfg.batch, provision.DefaultBatchSize), cmp.Or(cfg.concurrency, provision.DefaultConcurrency))
		}
		if cfg.sel != "" {
			read = func() (float64, error) { return env.nb.readSelection(ctx, cfg.selection()) }
		}
		secs, err := read()
		if err != nil {
			return rep, err
		}
		rep.Seconds, rep.HostsPerSecond = secs, float64(n)/secs
		rep.netboxStats(env.nb, n)
		fmt.Fprintf(log, "reads: %d devices and their addresses from NetBox %s (%s) in %.3f s: %d requests, %d bytes\n",
			n, env.nb.kind, cfg.reads, secs, rep.NetBoxRequests, rep.NetBoxBytes)
		return rep, nil
	}

	if cfg.baseline {
		secs, err := env.baseline(ctx)
		if err != nil {
			return rep, fmt.Errorf("baseline: %w", err)
		}
		rep.BaselineSeconds, rep.BaselineHostsPerSecond = secs, float64(n)/secs
		fmt.Fprintf(log, "baseline: one array host.create of %d hosts in %.3f s (%.0f hosts/s)\n", n, secs, rep.BaselineHostsPerSecond)
	}

	env.requests.Store(0)
	env.nb.reset()
	lat, failed, secs, err := env.provision(ctx, cfg)
	if err != nil {
		return rep, err
	}
	rep.Seconds, rep.HostsPerSecond, rep.Failed = secs, float64(n-failed)/secs, failed
	rep.netboxStats(env.nb, n)
	rep.ZabbixHTTPRequests = env.requests.Load()
	rep.RequestsPerHost = float64(rep.ZabbixHTTPRequests) / float64(n)
	rep.P50ms, rep.P95ms = percentile(lat, 50), percentile(lat, 95)
	if rep.BaselineSeconds > 0 {
		rep.Ratio = rep.HostsPerSecond / rep.BaselineHostsPerSecond
	}
	fmt.Fprintf(log, "%s: %d hosts in %.3f s (%.0f hosts/s), %d Zabbix HTTP requests, %d failed; NetBox %s: %d requests, %d bytes, busy %.0f%% of the time\n",
		cfg.mode, n, secs, rep.HostsPerSecond, rep.ZabbixHTTPRequests, failed, env.nb.kind, rep.NetBoxRequests, rep.NetBoxBytes, 100*rep.NetBoxShare)
	if !cfg.keep {
		if err := env.cleanUp(ctx); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// netboxStats fills in what NetBox received and sent for n objects.
func (rep *report) netboxStats(nb *netboxEnv, n int) {
	rep.NetBoxRequests, rep.NetBoxBytes, rep.NetBoxBusySeconds = nb.stats()
	if rep.Seconds > 0 {
		rep.NetBoxShare = rep.NetBoxBusySeconds / rep.Seconds
	}
	rep.NetBoxRequestsPerObj = float64(rep.NetBoxRequests) / float64(n)
	rep.NetBoxBytesPerObj = float64(rep.NetBoxBytes) / float64(n)
}

// medianOf is the median of f over runs (the upper one of an even count).
func medianOf[R any](runs []R, f func(R) float64) float64 {
	vs := make([]float64, len(runs))
	for i, r := range runs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// median combines runs: the median of each measure, and the ratio of the
// median throughputs.
func median(reps []report) report {
	rep := reps[0]
	rep.Runs = len(reps)
	med := func(f func(report) float64) float64 { return medianOf(reps, f) }
	rep.Seconds = med(func(r report) float64 { return r.Seconds })
	rep.HostsPerSecond = med(func(r report) float64 { return r.HostsPerSecond })
	rep.P50ms = med(func(r report) float64 { return r.P50ms })
	rep.P95ms = med(func(r report) float64 { return r.P95ms })
	rep.RequestsPerHost = med(func(r report) float64 { return r.RequestsPerHost })
	rep.ZabbixHTTPRequests = int64(med(func(r report) float64 { return float64(r.ZabbixHTTPRequests) }))
	rep.Failed = int(med(func(r report) float64 { return float64(r.Failed) }))
	rep.NetBoxRequests = int(med(func(r report) float64 { return float64(r.NetBoxRequests) }))
	rep.NetBoxBytes = int64(med(func(r report) float64 { return float64(r.NetBoxBytes) }))
	rep.NetBoxRequestsPerObj = med(func(r report) float64 { return r.NetBoxRequestsPerObj })
	rep.NetBoxBytesPerObj = med(func(r report) float64 { return r.NetBoxBytesPerObj })
	rep.NetBoxBusySeconds = med(func(r report) float64 { return r.NetBoxBusySeconds })
	rep.NetBoxShare = med(func(r report) float64 { return r.NetBoxShare })
	if rep.BaselineSeconds > 0 {
		rep.BaselineSeconds = med(func(r report) float64 { return r.BaselineSeconds })
		rep.BaselineHostsPerSecond = med(func(r report) float64 { return r.BaselineHostsPerSecond })
		rep.Ratio = rep.HostsPerSecond / rep.BaselineHostsPerSecond
	}
	return rep
}
