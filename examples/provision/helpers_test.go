package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"
	"github.com/nbzbx/netbox-zabbix/internal/pgtest"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// binary is the program under test, built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "provision-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "provision")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the program:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the program.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// cli runs the built program with args and only the environment given
// (plus PATH and HOME), so that the test process's own ZABBIX_URL and
// friends never leak into it.
func cli(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run %v: %v", args, err)
	}
	t.Logf("provision %s → exit %d in %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.took.Round(time.Millisecond), r.stdout, r.stderr)
	return r
}

// wantCode fails the test unless r exited with code.
func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// testStore is an SQLite store file in the test's directory, with a
// default mapping per object type putting hosts in group.
type testStore struct {
	spec string // the --store value
	*sqlstore.Store
}

func newStore(t *testing.T, groupID string) testStore {
	t.Helper()
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := sql.Open("sqlite", storeflag.SQLiteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return seedStore(t, db, sqlstore.SQLite, "sqlite:"+path, groupID)
}

// newPostgresStore is a store in a schema of its own in the POSTGRES_DSN
// database, dropped when the test ends. Without POSTGRES_DSN the test is
// skipped (fails when NBZ_INTEGRATION=1).
func newPostgresStore(t *testing.T, groupID string) testStore {
	t.Helper()
	_, dsn := pgtest.Schema(t, testenv.NeedPostgres(t), "nbzcli_")
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return seedStore(t, db, sqlstore.Postgres, "postgres:"+dsn, groupID)
}

// seedStore opens the store on db and, when groupID is set, gives it a
// default mapping per object type putting hosts in that group.
func seedStore(t *testing.T, db *sql.DB, dialect sqlstore.Dialect, spec, groupID string) testStore {
	t.Helper()
	st, err := sqlstore.New(t.Context(), sqlstore.Config{DB: db, Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	if groupID != "" {
		for _, m := range []store.Mapping{
			{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true,
				HostGroups: []zabbix.HostGroup{{GroupID: groupID, Name: "Linux servers"}}},
			{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true,
				HostGroups: []zabbix.HostGroup{{GroupID: groupID, Name: "Linux servers"}}},
		} {
			if _, err := st.PutMapping(t.Context(), m); err != nil {
				t.Fatal(err)
			}
		}
	}
	return testStore{spec: spec, Store: st}
}

func (s testStore) configs(t *testing.T) []store.HostConfig {
	t.Helper()
	cs, err := s.FindHostConfigs(t.Context(), store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// world is what a provisioning test runs against: the NetBox fixtures
// over HTTP, the real Zabbix and a seeded store, and the program's
// environment pointing at them.
type world struct {
	nb    interface{ Count() int }
	z     *testenv.Zabbix
	st    testStore
	env   map[string]string
	names func(i int) string
}

func newWorld(t *testing.T, devices int) *world {
	t.Helper()
	z := testenv.NeedZabbix(t, "nbzcli-")
	nb := testenv.StartNetBox(t, z.Prefix, devices)
	st := newStore(t, z.GroupID)
	return &world{nb: nb, z: z, st: st,
		env: map[string]string{"NETBOX_URL": nb.URL, "NETBOX_TOKEN": testenv.NetBoxToken,
			"ZABBIX_URL": z.URL, "ZABBIX_TOKEN": z.Token, "STORE": st.spec},
		names: func(i int) string { return fmt.Sprintf("%s-%d", z.Prefix, i) },
	}
}

// with returns w's environment with changes.
func (w *world) with(kv ...string) map[string]string {
	env := make(map[string]string, len(w.env))
	for k, v := range w.env {
		env[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		env[kv[i]] = kv[i+1]
	}
	return env
}

func eventQuery(ref netbox.Ref) eventlog.Query { return eventlog.Query{Object: &ref} }

func countEvents(t *testing.T, st testStore) int {
	t.Helper()
	events, err := st.Events(t.Context(), eventlog.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}
