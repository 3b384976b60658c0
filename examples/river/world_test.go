package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// childEnv makes the test binary run main instead of the tests: the
// worker processes of these tests are copies of it.
const childEnv = "NBZ_RIVER_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main() // exits on failure
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const servicesHint = "run `scripts/services.sh start`, `source /var/tmp/netbox-zabbix-services/env`, " +
	"then export ZABBIX_URL=$ZABBIX7_URL ZABBIX_TOKEN=$ZABBIX7_TOKEN (or the ZABBIX6_ values); scripts/test.sh does all of it"

// services returns POSTGRES_DSN, ZABBIX_URL and ZABBIX_TOKEN. Without them
// the test is skipped, or fails when NBZ_INTEGRATION=1.
func services(t *testing.T) (dsn, zabbixURL, zabbixToken string) {
	t.Helper()
	dsn, zabbixURL, zabbixToken = os.Getenv("POSTGRES_DSN"), os.Getenv("ZABBIX_URL"), os.Getenv("ZABBIX_TOKEN")
	if dsn == "" || zabbixURL == "" || zabbixToken == "" {
		msg := "POSTGRES_DSN, ZABBIX_URL or ZABBIX_TOKEN is not set: " + servicesHint
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatal("NBZ_INTEGRATION=1 but " + msg)
		}
		t.Skip(msg)
	}
	return dsn, zabbixURL, zabbixToken
}

// netboxToken is the token the test NetBox accepts (a v1 token).
const netboxToken = "0123456789abcdef0123456789abcdef01234567"

// Device IDs with something special about them in every world.
const (
	deviceNoIP    = 9000 // no primary IPv4 address
	deviceMissing = 8000 // not in NetBox
)

// world is one test's backends: a PostgreSQL database of its own
// (dropped at the end), a NetBox httptest server with devices 1..n named
// "river-<run>-<i>" and deviceNoIP, a Zabbix host group of its own on the
// real Zabbix (deleted at the end with every host named after the run),
// and the database migrated by `river migrate` with a default mapping to
// that group.
type world struct {
	t       *testing.T
	run     string
	env     map[string]string // the workers' environment
	netbox  *netboxtest.Server
	nb      *testenv.EditedNetBox // in front of netbox: the NetBox the workers read, with edits
	zabbix  *zabbix.Client
	groupID string
	pool    *pgxpool.Pool
	river   *river.Client[pgx.Tx] // insert-only, for inserting and listing jobs
	store   *sqlstore.Store

	intercept atomic.Pointer[func(http.ResponseWriter, *http.Request) bool]
}

func newWorld(t *testing.T, devices int) *world {
	t.Helper()
	dsn, zabbixURL, zabbixToken := services(t)
	var b [5]byte
	_, _ = rand.Read(b[:])
	w := &world{t: t, run: hex.EncodeToString(b[:])}
	ctx := t.Context()

	dbDSN := testenv.CreateDatabase(t, dsn, "nbz_river_"+w.run)
	w.startNetBox(devices)
	w.nb = testenv.EditNetBox(t, w.netbox.URL)
	w.env = map[string]string{"DATABASE_URL": dbDSN, "NETBOX_URL": w.nb.URL, "NETBOX_TOKEN": netboxToken,
		"ZABBIX_URL": zabbixURL, "ZABBIX_TOKEN": zabbixToken}

	zc, err := zabbix.New(zabbix.Config{URL: zabbixURL, Token: zabbix.Secret(zabbixToken)})
	if err != nil {
		t.Fatal(err)
	}
	w.zabbix = zc
	var group struct {
		GroupIDs []string `json:"groupids"`
	}
	if err := zc.Call(ctx, "hostgroup.create", map[string]any{"name": "river-" + w.run}, &group); err != nil || len(group.GroupIDs) != 1 {
		t.Fatalf("hostgroup.create: %v %v", group, err)
	}
	w.groupID = group.GroupIDs[0]
	t.Cleanup(w.cleanZabbix)

	w.cli("migrate", "--default-group", w.groupID)

	if w.pool, err = pgxpool.New(ctx, dbDSN); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.pool.Close)
	db := stdlib.OpenDBFromPool(w.pool)
	t.Cleanup(func() { db.Close() })
	if w.store, err = sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.Postgres}); err != nil {
		t.Fatal(err)
	}
	if w.river, err = newInserter(&database{pool: w.pool, db: db}, nil); err != nil {
		t.Fatal(err)
	}
	return w
}

// deviceName is the NetBox name of device i, and its Zabbix host name.
func (w *world) deviceName(i int) string { return fmt.Sprintf("river-%s-%d", w.run, i) }

// startNetBox writes the fixture files (devices made from the NetBox 4.2
// fixture device_1.json, each with an IP address of its own) and starts
// the server; intercept, when set, answers first.
func (w *world) startNetBox(devices int) {
	t := w.t
	src := filepath.Join("..", "..", "netbox", "testdata", "4.2")
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "device_") || strings.HasPrefix(e.Name(), "devices_") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	device, ip := readJSON(t, filepath.Join(src, "device_1.json")), readJSON(t, filepath.Join(src, "ip_10.json"))
	write := func(name string, v map[string]any) {
		b, _ := json.Marshal(v)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := netboxtest.FixtureHost + "/api/"
	for i := 1; i <= devices; i++ {
		ipID := 100000 + i
		addr := fmt.Sprintf("10.%d.%d.%d/16", 200+i/62500, i/250%250, i%250+1)
		d, a := clone(device), clone(ip)
		d["id"], d["name"], d["display"] = i, w.deviceName(i), w.deviceName(i)
		d["url"] = fmt.Sprintf("%sdcim/devices/%d/", base, i)
		p := clone(d["primary_ip4"].(map[string]any))
		p["id"], p["address"], p["display"] = ipID, addr, addr
		p["url"] = fmt.Sprintf("%sipam/ip-addresses/%d/", base, ipID)
		d["primary_ip4"], d["primary_ip"] = p, p
		a["id"], a["address"], a["display"], a["dns_name"] = ipID, addr, addr, ""
		a["url"] = p["url"]
		o := clone(a["assigned_object"].(map[string]any))
		o["id"] = 200000 + i
		o["device"] = map[string]any{"id": i, "url": d["url"], "display": d["name"], "name": d["name"], "description": ""}
		a["assigned_object"], a["assigned_object_id"] = o, o["id"]
		write(fmt.Sprintf("device_%d.json", i), d)
		write(fmt.Sprintf("ip_%d.json", ipID), a)
	}
	d := clone(device)
	d["id"], d["name"], d["display"] = deviceNoIP, w.deviceName(deviceNoIP), w.deviceName(deviceNoIP)
	d["url"] = fmt.Sprintf("%sdcim/devices/%d/", base, deviceNoIP)
	d["primary_ip4"], d["primary_ip"], d["primary_ip6"] = nil, nil, nil
	write(fmt.Sprintf("device_%d.json", deviceNoIP), d)

	w.netbox = netboxtest.NewServer(t, netboxtest.ServerConfig{Dir: dir, Version: "4.2", Tokens: []string{netboxToken},
		Intercept: func(rw http.ResponseWriter, r *http.Request) bool {
			if f := w.intercept.Load(); f != nil {
				return (*f)(rw, r)
			}
			return false
		}})
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// zabbixHost is a host as host.get returns it with the fields the tests
// read.
type zabbixHost struct {
	HostID     string `json:"hostid"`
	Host       string `json:"host"`
	Interfaces []struct {
		InterfaceID string `json:"interfaceid"`
		Type        string `json:"type"`
	} `json:"interfaces"`
}

// hosts returns the Zabbix hosts whose names start with the run's prefix.
func (w *world) hosts(ctx context.Context) ([]zabbixHost, error) {
	var hs []zabbixHost
	err := w.zabbix.Call(ctx, "host.get", map[string]any{
		"output": []string{"hostid", "host"}, "selectInterfaces": []string{"interfaceid", "type"},
		"search": map[string]any{"host": "river-" + w.run + "-"}, "startSearch": true,
	}, &hs)
	return hs, err
}

// cleanZabbix deletes every host of the run, then its host group.
func (w *world) cleanZabbix() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hs, err := w.hosts(ctx)
	if err != nil {
		w.t.Errorf("cleanup: read hosts: %v", err)
		return
	}
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.HostID
	}
	if err := w.zabbix.DeleteHosts(ctx, ids...); err != nil {
		w.t.Errorf("cleanup: delete %d hosts: %v", len(ids), err)
	}
	if err := w.zabbix.Call(ctx, "hostgroup.delete", []string{w.groupID}, nil); err != nil {
		w.t.Errorf("cleanup: hostgroup.delete: %v", err)
	}
}

// cli runs a command of the program in this process, with the world's
// environment, and returns what it printed; an error fails the test.
func (w *world) cli(args ...string) string {
	w.t.Helper()
	var out, errs bytes.Buffer
	if err := run(w.t.Context(), args, func(k string) string { return w.env[k] }, &out, &errs); err != nil {
		w.t.Fatalf("river %s: %v\n%s", strings.Join(args, " "), err, errs.String())
	}
	return out.String()
}

// jobID reads the job ID from what `river enqueue` printed.
func jobID(t *testing.T, out string) int64 {
	t.Helper()
	var id int64
	for _, f := range []string{"enqueued job %d:", "not enqueued: job %d "} {
		for line := range strings.Lines(out) {
			if _, err := fmt.Sscanf(line, f, &id); err == nil {
				return id
			}
		}
	}
	t.Fatalf("no job ID in %q", out)
	return 0
}

// waitJobs polls until every job of the given kinds is finalized
// (completed, cancelled or discarded), and returns them all.
func (w *world) waitJobs(ctx context.Context, want int, timeout time.Duration, kinds ...string) []*rivertype.JobRow {
	w.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		res, err := w.river.JobList(ctx, river.NewJobListParams().Kinds(kinds...).First(10_000).States(rivertype.JobStates()...))
		if err != nil {
			w.t.Fatal(err)
		}
		final := 0
		for _, j := range res.Jobs {
			if j.FinalizedAt != nil {
				final++
			}
		}
		if final >= want && final == len(res.Jobs) {
			return res.Jobs
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("after %v, %d of %d jobs finalized (want %d)", timeout, final, len(res.Jobs), want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// jobOutput decodes the output a job recorded.
func jobOutput(t *testing.T, j *rivertype.JobRow) output {
	t.Helper()
	var m struct {
		Output output `json:"output"`
	}
	if err := json.Unmarshal(j.Metadata, &m); err != nil {
		t.Fatalf("job %d metadata %s: %v", j.ID, j.Metadata, err)
	}
	return m.Output
}

// worker is a `river worker` process: a copy of the test binary running
// main.
type worker struct {
	id   string
	cmd  *exec.Cmd
	logs *testenv.SyncBuffer
	done chan struct{}
	err  error
}

// startWorkers starts `river worker --id <id> args…` for each id, and
// waits until each has started. At the end of the test each gets SIGTERM
// and must stop cleanly (exit status 0) within 30 s.
func (w *world) startWorkers(ids []string, args ...string) []*worker {
	t := w.t
	t.Helper()
	ws := make([]*worker, len(ids))
	for i, id := range ids {
		p := &worker{id: id, logs: &testenv.SyncBuffer{}, done: make(chan struct{})}
		p.cmd = exec.Command(os.Args[0], append([]string{"worker", "--id", id}, args...)...)
		p.cmd.Env = append(os.Environ(), childEnv+"=1")
		for k, v := range w.env {
			p.cmd.Env = append(p.cmd.Env, k+"="+v)
		}
		p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { p.err = p.cmd.Wait(); close(p.done) }()
		t.Cleanup(func() { p.stop(t) })
		ws[i] = p
	}
	for _, p := range ws {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(p.logs.String(), `msg="worker started"`) {
			select {
			case <-p.done:
				t.Fatalf("worker %s exited before it started: %v\n%s", p.id, p.err, p.logs)
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("worker %s did not start in 30 s:\n%s", p.id, p.logs)
			}
		}
	}
	return ws
}

// stop sends SIGTERM and waits for a clean exit.
func (p *worker) stop(t *testing.T) {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			t.Errorf("worker %s did not stop within 30 s of SIGTERM", p.id)
		}
	}
	if p.err != nil {
		t.Errorf("worker %s: %v", p.id, p.err)
	}
	if t.Failed() || testing.Verbose() && os.Getenv("NBZ_RIVER_LOGS") == "1" {
		t.Logf("worker %s logs:\n%s", p.id, p.logs)
	}
}
