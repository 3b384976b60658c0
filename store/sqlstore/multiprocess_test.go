package sqlstore_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/internal/childtest"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// The tests in this file start copies of the test binary as child
// processes, each running TestHelperProcess in the mode that the
// environment variable helperMode names, against the database that
// helperDialect and helperDSN name.
const (
	helperMode    = "NBZ_SQLSTORE_HELPER"
	helperDialect = "NBZ_SQLSTORE_DIALECT"
	helperDSN     = "NBZ_SQLSTORE_DSN"
	helperArg     = "NBZ_SQLSTORE_ARG"
)

// TestHelperProcess is not a test: it is the body of the child processes
// the other tests start. Run directly, it does nothing.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperMode)
	if mode == "" {
		return
	}
	err := runHelper(mode)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	os.Exit(0) // no test framework output on stdout
}

// runHelper runs one child mode.
func runHelper(mode string) error {
	ctx := context.Background()
	d := sqlstore.SQLite
	if os.Getenv(helperDialect) == "postgres" {
		d = sqlstore.Postgres
	}
	db, err := sql.Open(driverName(d), os.Getenv(helperDSN))
	if err != nil {
		return err
	}
	defer db.Close()
	switch mode {
	case "race":
		return helperRace(ctx, db, d)
	case "kill":
		return helperKill(ctx, db, d, os.Getenv(helperArg))
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// raceResult is what a "race" child reports.
type raceResult struct {
	Created, Existing int
	Errors            []string
}

// helperRace waits for "go" on stdin, opens the store (so that every child
// migrates the fresh database at once), then, for each of the objects named
// by helperArg ("N": devices 1 to N) in a random order: locks it, reads its
// config, and creates one when there is none, reporting how many it
// created. Without a Lock that excludes other processes, two children
// would both find no config and one would fail with ErrConflict.
func helperRace(ctx context.Context, db *sql.DB, d sqlstore.Dialect) error {
	n, err := strconv.Atoi(os.Getenv(helperArg))
	if err != nil {
		return err
	}
	fmt.Println("READY")
	if line, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil || line != "go\n" {
		return fmt.Errorf("waiting for go: %q, %v", line, err)
	}
	s, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: d})
	if err != nil {
		return err
	}
	var res raceResult
	for _, i := range rand.Perm(n) {
		obj := netbox.DeviceRef(int64(i + 1))
		if err := lockAndCreate(ctx, s, obj, &res); err != nil {
			res.Errors = append(res.Errors, err.Error())
		}
	}
	out, _ := json.Marshal(res)
	fmt.Println("RESULT " + string(out))
	return nil
}

// lockAndCreate is what provisioning does under Lock: look, then create.
func lockAndCreate(ctx context.Context, s *sqlstore.Store, obj netbox.Ref, res *raceResult) error {
	lctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	unlock, err := s.Lock(lctx, obj)
	if err != nil {
		return err
	}
	defer unlock()
	_, err = s.HostConfigByObject(ctx, obj)
	switch {
	case err == nil:
		res.Existing++
		return nil
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	time.Sleep(time.Millisecond) // widen the window a broken Lock would leave
	if _, err := s.CreateHostConfigs(ctx, []store.HostConfig{deviceConfig(obj.ID, 1)}); err != nil {
		return err
	}
	res.Created++
	return nil
}

// deviceConfig is a config of device id with n agent interfaces.
func deviceConfig(id int64, n int) store.HostConfig {
	c := store.HostConfig{
		Name:       fmt.Sprintf("z-dev-%d", id),
		Object:     netbox.DeviceRef(id),
		Templates:  []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}},
		HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
	}
	for k := range n {
		c.Interfaces = append(c.Interfaces, store.Interface{
			Name: fmt.Sprintf("dev-%d-agent-%d", id, k+1), Type: zabbix.InterfaceAgent,
			IP: fmt.Sprintf("192.0.2.%d", k+1), UseIP: store.UseIP, Main: min(1, k), Port: 10050,
		})
	}
	return c
}

// startHelper starts a helper process in mode against the database of d
// at dsn.
func startHelper(t *testing.T, mode string, d sqlstore.Dialect, dsn, arg string) *childtest.Child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperMode+"="+mode, helperDialect+"="+d.String(), helperDSN+"="+dsn, helperArg+"="+arg)
	cmd.Stderr = testWriter{t}
	return childtest.Start(t, cmd)
}

// testWriter logs a child's stderr in the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("helper stderr: %s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestMultiProcessLock starts several processes on one fresh database
// (SQLite file, PostgreSQL) at once. Each migrates it in New, then for the
// same objects, in its own random order, locks the object, looks for its
// config and creates it when missing. Exactly one config per object must
// come out, every create must succeed (the Lock kept the look-then-create
// of two processes apart), and each migration must be recorded once.
func TestMultiProcessLock(t *testing.T) {
	const (
		procs   = 6
		objects = 40
	)
	for _, b := range fileBackends() {
		t.Run(b.name, func(t *testing.T) {
			if b.dialect == sqlstore.SQLite && !sqlstore.CrossProcessLocks {
				t.Skip("SQLite Locks exclude other processes on Linux only")
			}
			db, _, dsn := b.open(t)
			children := make([]*childtest.Child, procs)
			for i := range children {
				children[i] = startHelper(t, "race", b.dialect, dsn, strconv.Itoa(objects))
			}
			for _, c := range children {
				c.Expect(t, "READY", 30*time.Second)
			}
			start := time.Now()
			for _, c := range children {
				if _, err := io.WriteString(c.Stdin, "go\n"); err != nil {
					t.Fatal(err)
				}
			}
			created := 0
			for i, c := range children {
				var res raceResult
				if err := json.Unmarshal([]byte(c.Expect(t, "RESULT ", 2*time.Minute)), &res); err != nil {
					t.Fatal(err)
				}
				if err := c.Cmd.Wait(); err != nil {
					t.Errorf("helper %d: %v", i, err)
				}
				for _, e := range res.Errors {
					t.Errorf("helper %d: %s", i, e)
				}
				created += res.Created
				t.Logf("helper %d created %d configs and found %d", i, res.Created, res.Existing)
			}
			t.Logf("%d processes, %d objects: %v", procs, objects, time.Since(start))
			if created != objects {
				t.Errorf("the helpers created %d configs for %d objects, want exactly one each", created, objects)
			}
			s := newStore(t, db, b.dialect)
			all, err := s.FindHostConfigs(t.Context(), store.HostConfigFilter{})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[netbox.Ref]int{}
			for _, c := range all {
				seen[c.Object]++
				if len(c.Interfaces) != 1 {
					t.Errorf("config %q has %d interfaces, want 1", c.Name, len(c.Interfaces))
				}
			}
			if len(all) != objects || len(seen) != objects {
				t.Errorf("store holds %d configs for %d objects, want %d for %d", len(all), len(seen), objects, objects)
			}
			var versions, distinct int
			if err := db.QueryRow("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations").Scan(&versions, &distinct); err != nil {
				t.Fatal(err)
			}
			if versions != distinct || versions == 0 {
				t.Errorf("schema_migrations has %d rows for %d versions after %d concurrent migrations", versions, distinct, procs)
			}
		})
	}
}
