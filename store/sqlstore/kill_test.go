package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// The writes the kill and abort tests interrupt: an update of device 1's
// config that renames it, links it, drops one interface, changes another
// and adds two; and a create of configs for devices 2 and 3.

// changedConfig returns c with every part of an update changed.
func changedConfig(c store.HostConfig) store.HostConfig {
	c = c.Clone()
	c.Name += "-renamed"
	c.HostID = "10999"
	c.Description = "half-written?"
	c.Interfaces = c.Interfaces[1:]
	c.Interfaces[0].Port = 10051
	c.Interfaces[0].InterfaceID = "777"
	c.Interfaces = append(c.Interfaces, deviceConfig(1, 2).Interfaces...)
	return c
}

// newConfigs are the configs the interrupted create writes.
func newConfigs() []store.HostConfig {
	return []store.HostConfig{deviceConfig(2, 2), deviceConfig(3, 1)}
}

// interruptedWrite does one of the two writes ("update" or "create").
func interruptedWrite(ctx context.Context, s *sqlstore.Store, op string) error {
	switch op {
	case "update":
		c, err := s.HostConfigByObject(ctx, netbox.DeviceRef(1))
		if err != nil {
			return err
		}
		_, err = s.UpdateHostConfig(ctx, changedConfig(c))
		return err
	case "create":
		_, err := s.CreateHostConfigs(ctx, newConfigs())
		return err
	}
	return fmt.Errorf("unknown write %q", op)
}

// storeMethod is the Store method each write ends in.
func storeMethod(op string) string {
	if op == "update" {
		return "UpdateHostConfig"
	}
	return "CreateHostConfigs"
}

// helperKill starts the write named by op and, inside its transaction just
// before COMMIT, prints IN_COMMIT and waits to be killed.
func helperKill(ctx context.Context, db *sql.DB, d sqlstore.Dialect, op string) error {
	s, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: d})
	if err != nil {
		return err
	}
	sqlstore.SetBeforeCommit(s, func(_ context.Context, method string) error {
		if method == storeMethod(op) {
			fmt.Println("IN_COMMIT")
			select {} // until SIGKILL
		}
		return nil
	})
	if err := interruptedWrite(ctx, s, op); err != nil {
		return err
	}
	return errors.New("the write committed; the parent should have killed this process first")
}

// priorState stores device 1's config with three interfaces, one an SNMP
// interface with passphrases, and returns every config.
func priorState(t *testing.T, s *sqlstore.Store) []store.HostConfig {
	t.Helper()
	c := deviceConfig(1, 2)
	c.HostID = "10001"
	c.Interfaces = append(c.Interfaces, store.Interface{
		Name: "dev-1-snmp", Type: zabbix.InterfaceSNMP, IP: "192.0.2.9", UseIP: store.UseIP, Main: 1, Port: 161,
		SNMP: &store.SNMPInterface{Version: 3, SecurityName: "mon", SecurityLevel: 2, AuthProtocol: 1,
			AuthPassphrase: "auth-secret", PrivProtocol: 1, PrivPassphrase: "priv-secret"},
	})
	if _, err := s.CreateHostConfigs(t.Context(), []store.HostConfig{c}); err != nil {
		t.Fatal(err)
	}
	return allConfigs(t, s)
}

func allConfigs(t *testing.T, s *sqlstore.Store) []store.HostConfig {
	t.Helper()
	all, err := s.FindHostConfigs(t.Context(), store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// checkIntact checks that the store holds exactly want, that no interface
// row lacks its config, and that no config lost its interfaces.
func checkIntact(t *testing.T, s *sqlstore.Store, db *sql.DB, want []store.HostConfig) {
	t.Helper()
	opts := cmp.Options{cmpopts.EquateEmpty(), cmp.Transformer("Reveal", zabbix.Secret.Reveal)}
	if d := cmp.Diff(want, allConfigs(t, s), opts); d != "" {
		t.Errorf("store after the interrupted write (-want +got):\n%s", d)
	}
	var orphans, ifaces int
	err := db.QueryRow(`SELECT
		(SELECT COUNT(*) FROM interfaces i LEFT JOIN host_configs c ON c.id = i.config_id WHERE c.id IS NULL),
		(SELECT COUNT(*) FROM interfaces)`).Scan(&orphans, &ifaces)
	if err != nil {
		t.Fatal(err)
	}
	wantIfaces := 0
	for _, c := range want {
		wantIfaces += len(c.Interfaces)
	}
	if orphans != 0 || ifaces != wantIfaces {
		t.Errorf("interfaces table: %d rows, %d without a config; want %d, none without", ifaces, orphans, wantIfaces)
	}
}

// TestKilledWriter kills a process inside the transaction of
// UpdateHostConfig, and another inside CreateHostConfigs, just before
// COMMIT (SIGKILL, so no clean-up runs), on a SQLite file and on
// PostgreSQL. The store must then hold exactly its prior state, with no
// half-written config or stray interface, and take the same writes at once.
func TestKilledWriter(t *testing.T) {
	for _, b := range fileBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, dsn := b.open(t)
			s := newStore(t, db, b.dialect)
			before := priorState(t, s)
			for _, op := range []string{"update", "create"} {
				c := startHelper(t, "kill", b.dialect, dsn, op)
				c.Expect(t, "IN_COMMIT", time.Minute)
				// The write is complete but uncommitted: invisible.
				checkIntact(t, s, db, before)
				if err := c.Cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				err := c.Cmd.Wait()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("helper ended with %v, want killed by SIGKILL", err)
				}
				checkIntact(t, s, db, before)
			}

			// The killed transactions left no lock behind: the same writes
			// go through now.
			ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
			defer cancel()
			for _, op := range []string{"update", "create"} {
				if err := interruptedWrite(ctx, s, op); err != nil {
					t.Fatalf("%s after the killed writers: %v", op, err)
				}
			}
			if got := allConfigs(t, s); len(got) != 3 || len(got[0].Interfaces) != 4 || got[0].Name != "z-dev-1-renamed" {
				t.Errorf("after the writes the store holds %+v, want device 1 renamed with 4 interfaces and devices 2 and 3", got)
			}
		})
	}
}

// TestAbortedWrite aborts both writes just before COMMIT, once by an error
// and once by canceling the caller's context, on every backend: the write
// fails and changes nothing.
func TestAbortedWrite(t *testing.T) {
	backends := append(fileBackends(), backend{name: "SQLiteMemory", dialect: sqlstore.SQLite,
		open: func(t testing.TB) (*sql.DB, func(testing.TB) *sql.DB, string) { return openSQLiteMemory(t), nil, "" }})
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			if b.dialect == sqlstore.Postgres {
				postgresDSN(t)
			}
			db, _, _ := b.open(t)
			s := newStore(t, db, b.dialect)
			before := priorState(t, s)
			errAbort := errors.New("aborted by the test")
			for _, op := range []string{"update", "create"} {
				sqlstore.SetBeforeCommit(s, func(context.Context, string) error { return errAbort })
				if err := interruptedWrite(t.Context(), s, op); !errors.Is(err, errAbort) {
					t.Errorf("%s aborted by the hook: %v, want the hook's error", op, err)
				}
				checkIntact(t, s, db, before)

				ctx, cancel := context.WithCancel(t.Context())
				sqlstore.SetBeforeCommit(s, func(context.Context, string) error { cancel(); return nil })
				if err := interruptedWrite(ctx, s, op); !errors.Is(err, context.Canceled) {
					t.Errorf("%s whose context ended before COMMIT: %v, want context.Canceled", op, err)
				}
				sqlstore.SetBeforeCommit(s, nil)
				checkIntact(t, s, db, before)
			}
		})
	}
}
