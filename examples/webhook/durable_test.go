package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// fakeJobs records the River inserts of a durable server and answers as
// told.
type fakeJobs struct {
	mu      sync.Mutex
	inserts []river.JobArgs
	opts    []*river.InsertOpts
	answer  func(n int) (*rivertype.JobInsertResult, error)
}

func (f *fakeJobs) Insert(_ context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inserts = append(f.inserts, args)
	f.opts = append(f.opts, opts)
	if f.answer == nil {
		return &rivertype.JobInsertResult{Job: &rivertype.JobRow{ID: int64(len(f.inserts)), State: rivertype.JobStateAvailable}}, nil
	}
	return f.answer(len(f.inserts))
}

func startDurable(t *testing.T, jobs inserter) (*server, string) {
	t.Helper()
	s := newDurableServer(testConfig(), jobs, testLogger(t))
	ts := httptest.NewServer(s.routes())
	t.Cleanup(ts.Close)
	return s, ts.URL
}

// TestDurableStores: with --durable a delivery is answered 202 only once
// it is a change River job, with the args examples/river works.
func TestDurableStores(t *testing.T) {
	t.Parallel()
	f := &fakeJobs{}
	_, url := startDurable(t, f)
	code, _, b := deliver(t, url, netboxBody("4.6", "updated", netbox.VMRef(7), stamp(1), "req-1"), testSecret)
	if code != http.StatusAccepted || !strings.Contains(b, `"status":"stored"`) {
		t.Fatalf("delivery: %d %s, want 202 stored", code, b)
	}
	want := riverjobs.ChangeArgs{Event: provision.ObjectUpdated, ObjectType: netbox.TypeVirtualMachine, ObjectID: 7, Onboard: true,
		User: "alice", RequestID: "req-1", Key: "virtualization.virtualmachine:7"}
	if len(f.inserts) != 1 || f.inserts[0] != want || f.opts[0] != nil {
		t.Errorf("inserts %+v (opts %v), want %+v with the args' own options", f.inserts, f.opts, want)
	}
	if f.inserts[0].Kind() != "netbox_zabbix.object_change" {
		t.Errorf("kind %q", f.inserts[0].Kind())
	}

	// A deletion, and an IP address naming its owner: keyed by the
	// object they act on.
	deliver(t, url, netboxBody("4.2", "deleted", netbox.DeviceRef(3), stamp(2), "req-2"), testSecret)
	deliver(t, url, ipBody("3.7", "updated", 10, netbox.DeviceRef(3), stamp(3), "req-3"), testSecret)
	if len(f.inserts) != 3 {
		t.Fatalf("%d inserts, want 3", len(f.inserts))
	}
	del, ip := f.inserts[1].(riverjobs.ChangeArgs), f.inserts[2].(riverjobs.ChangeArgs)
	if del.Event != provision.ObjectDeleted || del.Key != "dcim.device:3:deleted" {
		t.Errorf("deletion: %+v", del)
	}
	if ip.ObjectType != netbox.TypeIPAddress || ip.ObjectID != 10 || ip.OwnerType != netbox.TypeDevice || ip.OwnerID != 3 || ip.Key != "dcim.device:3" {
		t.Errorf("IP address: %+v", ip)
	}
}

// TestDurableRunningJob: a delivery for an object whose job is running is
// stored as a second job (River's uniqueness would drop it, and the
// running job may have read NetBox before the change); one for an object
// whose job waits is merged into it.
func TestDurableRunningJob(t *testing.T) {
	t.Parallel()
	state := rivertype.JobStateRunning
	f := &fakeJobs{answer: func(n int) (*rivertype.JobInsertResult, error) {
		if n == 1 || n == 3 {
			return &rivertype.JobInsertResult{Job: &rivertype.JobRow{ID: 1, State: state}, UniqueSkippedAsDuplicate: true}, nil
		}
		return &rivertype.JobInsertResult{Job: &rivertype.JobRow{ID: int64(n), State: rivertype.JobStateAvailable}}, nil
	}}
	_, url := startDurable(t, f)
	code, _, b := deliver(t, url, netboxBody("4.5", "updated", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
	if code != http.StatusAccepted || !strings.Contains(b, "stored after the running job") {
		t.Fatalf("delivery while running: %d %s", code, b)
	}
	if len(f.opts) != 2 || f.opts[1] == nil || f.opts[1].UniqueOpts.ByPeriod != followUpPeriod || !f.opts[1].UniqueOpts.ByArgs {
		t.Fatalf("second insert's options %+v, want unique by args with a period of its own", f.opts)
	}
	state = rivertype.JobStateAvailable
	code, _, b = deliver(t, url, netboxBody("4.5", "updated", netbox.DeviceRef(1), stamp(2), "r2"), testSecret)
	if code != http.StatusAccepted || !strings.Contains(b, `"status":"merged"`) || len(f.inserts) != 3 {
		t.Errorf("delivery while waiting: %d %s after %d inserts, want 202 merged after 3", code, b, len(f.inserts))
	}
}

// TestDurableUnavailable: when the job cannot be stored — the database is
// unreachable — the answer is 503 with Retry-After, and the delivery is
// forgotten so that NetBox's next try is stored. A real River client on a
// database that does not answer.
func TestDurableUnavailable(t *testing.T) {
	t.Parallel()
	pool, err := pgxpool.New(t.Context(), "postgres://nbz:pw@127.0.0.1:1/nbz?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, url := startDurable(t, jobs)
	body := netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1")
	for i := 0; i < 2; i++ {
		code, h, b := deliver(t, url, body, testSecret)
		if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(b, "could not store the delivery as a River job; try again later") {
			t.Errorf("try %d: %d %s (Retry-After %q), want 503", i+1, code, b, h.Get("Retry-After"))
		}
		if strings.Contains(b, "pw") || strings.Contains(b, "nbz") {
			t.Errorf("the answer shows the database's credentials or name: %s", b)
		}
	}
	if c := s.durable.counts(); c["insert_failed"] != 2 || c["stored"] != 0 {
		t.Errorf("counts %v", c)
	}
}

// TestDurableEndToEnd: a delivery the durable receiver answered 202 is a
// job in PostgreSQL at once, and the River program's worker provisions it
// into the real Zabbix server, although the receiver has stopped; the
// device's deletion, stored the same way, deletes its host.
func TestDurableEndToEnd(t *testing.T) {
	dsn := testenv.NeedPostgres(t)
	z := testenv.NeedZabbix(t, "whdur-")
	nb := testenv.StartNetBox(t, z.Prefix, 1)
	dbDSN := testenv.CreateDatabase(t, dsn, "nbz_webhook_"+strings.ToLower(z.Prefix[len("whdur-"):]))
	riverBin := buildRiver(t)
	env := []string{"DATABASE_URL=" + dbDSN, "NETBOX_URL=" + nb.URL, "NETBOX_TOKEN=" + testenv.NetBoxToken,
		"ZABBIX_URL=" + z.URL, "ZABBIX_TOKEN=" + z.Token, "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	if out, err := runCmd(t, env, riverBin, "migrate", "--default-group", z.GroupID); err != nil {
		t.Fatalf("river migrate: %v\n%s", err, out)
	}

	pool, err := pgxpool.New(t.Context(), dbDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, url := startDurable(t, jobs)
	code, _, b := deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
	if code != http.StatusAccepted {
		t.Fatalf("delivery: %d %s", code, b)
	}
	var kind, args string
	if err := pool.QueryRow(t.Context(), `SELECT kind, args::text FROM river_job`).Scan(&kind, &args); err != nil {
		t.Fatalf("the job is not in the database right after 202: %v", err)
	}
	var got riverjobs.ChangeArgs
	if err := json.Unmarshal([]byte(args), &got); err != nil || kind != riverjobs.KindChange ||
		got.ObjectType != netbox.TypeDevice || got.ObjectID != 1 || got.RequestID != "r1" || !got.Onboard {
		t.Fatalf("job %s %s (%v)", kind, args, err)
	}
	s.durable.close() // the receiver is gone; the job is not

	worker := exec.Command(riverBin, "worker", "--workers", "2")
	worker.Env = env
	logs := &testenv.SyncBuffer{}
	worker.Stdout, worker.Stderr = logs, logs
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- worker.Wait() }()
	defer func() {
		_ = worker.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("river worker: %v\n%s", err, logs)
			}
		case <-time.After(30 * time.Second):
			_ = worker.Process.Kill()
			t.Errorf("river worker did not stop\n%s", logs)
		}
	}()
	finished := func(id int64) string {
		var state string
		waitFor(t, 90*time.Second, "the job to finish", func() bool {
			_ = pool.QueryRow(t.Context(), `SELECT state FROM river_job WHERE id = $1`, id).Scan(&state)
			return state == string(rivertype.JobStateCompleted) || state == string(rivertype.JobStateCancelled) ||
				state == string(rivertype.JobStateDiscarded)
		})
		return state
	}
	if state := finished(1); state != string(rivertype.JobStateCompleted) {
		t.Fatalf("job %s\n%s", state, logs)
	}
	hosts := z.Hosts(t)
	if len(hosts) != 1 || hosts[0].Host != z.Prefix+"-1" {
		t.Errorf("Zabbix hosts %+v, want %s-1", hosts, z.Prefix)
	}

	// The device deleted in NetBox: a receiver stores the deletion, and
	// the worker deletes the host (hard, as the settings say here).
	st := riverStore(t, pool)
	settings := store.DefaultSettings()
	settings.DeleteMode = store.DeleteHard
	if err := st.PutSettings(t.Context(), settings); err != nil {
		t.Fatal(err)
	}
	_, url = startDurable(t, jobs)
	if code, _, b := deliver(t, url, netboxBody("4.5", "deleted", netbox.DeviceRef(1), stamp(2), "r2"), testSecret); code != http.StatusAccepted {
		t.Fatalf("deleted: %d %s", code, b)
	}
	if state := finished(2); state != string(rivertype.JobStateCompleted) {
		t.Fatalf("deletion job %s\n%s", state, logs)
	}
	if hosts := z.Hosts(t); len(hosts) != 0 {
		t.Errorf("Zabbix hosts %+v after the deletion, want none", hosts)
	}
}

// riverStore is the store in the River database of pool.
func riverStore(t *testing.T, pool *pgxpool.Pool) *sqlstore.Store {
	t.Helper()
	db := stdlib.OpenDBFromPool(pool)
	t.Cleanup(func() { db.Close() })
	st, err := sqlstore.New(t.Context(), sqlstore.Config{DB: db, Dialect: sqlstore.Postgres})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// buildRiver builds examples/river.
func buildRiver(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "river")
	if out, err := exec.Command("go", "build", "-o", path, "../river").CombinedOutput(); err != nil {
		t.Fatalf("build examples/river: %v\n%s", err, out)
	}
	return path
}

func runCmd(t *testing.T, env []string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %v: %w", name, args, err)
	}
	return string(out), nil
}

// TestDurableConfig: --durable needs the River database and nothing of
// NetBox, Zabbix or the store; without it they are required.
func TestDurableConfig(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cfg, err := parseConfig([]string{"--durable"}, env(map[string]string{"DATABASE_URL": "postgres://h/db"}))
	if err != nil || !cfg.durable || cfg.databaseURL != "postgres://h/db" {
		t.Errorf("--durable with DATABASE_URL: %+v, %v", cfg, err)
	}
	cfg, err = parseConfig([]string{"--durable"}, env(map[string]string{"POSTGRES_DSN": "postgres://h/db2"}))
	if err != nil || cfg.databaseURL != "postgres://h/db2" {
		t.Errorf("--durable with POSTGRES_DSN: %+v, %v", cfg, err)
	}
	if _, err := parseConfig([]string{"--durable"}, env(nil)); err == nil || !strings.Contains(err.Error(), "set DATABASE_URL") {
		t.Errorf("--durable without a database: %v", err)
	}
	if _, err := parseConfig(nil, env(map[string]string{"DATABASE_URL": "postgres://h/db"})); err == nil || !strings.Contains(err.Error(), "NETBOX_URL") {
		t.Errorf("without --durable: %v, want NETBOX_URL and the others required", err)
	}
	for _, args := range [][]string{{"--attempts", "0"}, {"--retry-backoff", "0s"}} {
		if _, err := parseConfig(args, env(map[string]string{"DATABASE_URL": "x"})); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
