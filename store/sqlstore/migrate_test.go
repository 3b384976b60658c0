package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// allBackends are the file backends plus in-memory SQLite (which cannot be
// reopened).
func allBackends() []backend {
	return append(fileBackends(), backend{name: "SQLiteMemory", dialect: sqlstore.SQLite,
		open: func(t testing.TB) (*sql.DB, func(testing.TB) *sql.DB, string) { return openSQLiteMemory(t), nil, "" }})
}

// appliedMigrations returns "version name" of every row of
// schema_migrations, in order.
func appliedMigrations(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		out = append(out, strconv.Itoa(v)+" "+name)
	}
	return out
}

// embeddedMigrations returns "version name" of every embedded migration of
// d.
func embeddedMigrations(t *testing.T, d sqlstore.Dialect) []string {
	t.Helper()
	names, err := fs.Glob(sqlstore.MigrationFiles(d), "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("embedded %s migrations: %v %v", d, names, err)
	}
	var out []string
	for i, n := range names {
		out = append(out, strconv.Itoa(i+1)+" "+n)
	}
	return out
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestMigrateFresh: New on an empty database applies every migration and
// records each once; the tables answer.
func TestMigrateFresh(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			newStore(t, db, b.dialect)
			if got, want := appliedMigrations(t, db), embeddedMigrations(t, b.dialect); !equalStrings(got, want) {
				t.Errorf("schema_migrations = %q, want %q", got, want)
			}
			for _, table := range []string{"settings", "mappings", "tag_mappings", "inventory_mappings", "host_configs", "interfaces", "events"} {
				var n int
				if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != 0 {
					t.Errorf("table %s: %d rows, %v; want an empty table", table, n, err)
				}
			}
		})
	}
}

// TestMigrateReopen: New on a migrated database, through the same *sql.DB
// or another one, changes nothing and keeps the data.
func TestMigrateReopen(t *testing.T) {
	for _, b := range fileBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, reopen, _ := b.open(t)
			s := newStore(t, db, b.dialect)
			if _, err := s.CreateHostConfigs(t.Context(), []store.HostConfig{deviceConfig(1, 2)}); err != nil {
				t.Fatal(err)
			}
			var applied string
			if err := db.QueryRow("SELECT applied_at FROM schema_migrations WHERE version = 1").Scan(&applied); err != nil {
				t.Fatal(err)
			}
			for _, again := range []*sql.DB{db, reopen(t)} {
				s2 := newStore(t, again, b.dialect)
				c, err := s2.HostConfigByObject(t.Context(), deviceConfig(1, 2).Object)
				if err != nil || len(c.Interfaces) != 2 {
					t.Errorf("after reopening: %+v, %v; want the config stored before", c, err)
				}
			}
			if got, want := appliedMigrations(t, db), embeddedMigrations(t, b.dialect); !equalStrings(got, want) {
				t.Errorf("schema_migrations after reopening = %q, want %q", got, want)
			}
			var after string
			if err := db.QueryRow("SELECT applied_at FROM schema_migrations WHERE version = 1").Scan(&after); err != nil || after != applied {
				t.Errorf("migration 1 applied_at changed from %q to %q (%v): it was applied again", applied, after, err)
			}
		})
	}
}

// TestMigrateConcurrent: several openers (each with its own *sql.DB, as
// separate processes would have) migrate one fresh database at once; all
// succeed and each migration is recorded once. TestMultiProcessLock does
// the same from separate processes.
func TestMigrateConcurrent(t *testing.T) {
	const openers = 8
	for _, b := range fileBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, reopen, _ := b.open(t)
			dbs := make([]*sql.DB, openers)
			for i := range dbs {
				dbs[i] = reopen(t)
			}
			start := make(chan struct{})
			errs := make([]error, openers)
			var wg sync.WaitGroup
			for i, d := range dbs {
				wg.Go(func() {
					<-start
					_, errs[i] = sqlstore.New(context.Background(), sqlstore.Config{DB: d, Dialect: b.dialect})
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("opener %d: New: %v", i, err)
				}
			}
			if got, want := appliedMigrations(t, db), embeddedMigrations(t, b.dialect); !equalStrings(got, want) {
				t.Errorf("schema_migrations = %q, want %q", got, want)
			}
		})
	}
}

// TestSchemaTooNew: a database migrated by newer code is refused with an
// error naming both versions, and left as it is.
func TestSchemaTooNew(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			newStore(t, db, b.dialect)
			known := len(embeddedMigrations(t, b.dialect))
			future := known + 41
			q := "INSERT INTO schema_migrations (version, name, applied_at) VALUES (" + strconv.Itoa(future) + ", 'future.sql', 'later')"
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
			_, err := sqlstore.New(t.Context(), sqlstore.Config{DB: db, Dialect: b.dialect})
			if !errors.Is(err, sqlstore.ErrSchemaTooNew) {
				t.Fatalf("New on a newer schema: %v, want ErrSchemaTooNew", err)
			}
			for _, v := range []int{future, known} {
				if !strings.Contains(err.Error(), "version "+strconv.Itoa(v)) && !strings.Contains(err.Error(), "to "+strconv.Itoa(v)) {
					t.Errorf("error %q does not name version %d", err, v)
				}
			}
			t.Logf("New: %v", err)
			if got := appliedMigrations(t, db); len(got) != known+1 {
				t.Errorf("schema_migrations after the refusal = %q", got)
			}
		})
	}
}

// TestMigrationFailsWhole: a migration that fails half-way leaves nothing
// of itself: the statements before the failure are rolled back and the
// version is not recorded.
func TestMigrationFailsWhole(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			s := newStore(t, db, b.dialect)
			// The embedded migrations, then a broken one.
			fsys := fstest.MapFS{}
			names, _ := fs.Glob(sqlstore.MigrationFiles(b.dialect), "*.sql")
			for _, n := range names {
				data, err := fs.ReadFile(sqlstore.MigrationFiles(b.dialect), n)
				if err != nil {
					t.Fatal(err)
				}
				fsys[n] = &fstest.MapFile{Data: data}
			}
			broken := fmt.Sprintf("%04d_broken.sql", len(names)+1)
			fsys[broken] = &fstest.MapFile{Data: []byte("CREATE TABLE half_done (x INTEGER);\nSELECT * FROM no_such_table;")}
			err := sqlstore.Migrate(t.Context(), s, fsys)
			if err == nil || !strings.Contains(err.Error(), broken) {
				t.Fatalf("Migrate with a broken migration: %v, want an error naming it", err)
			}
			if _, err := db.Exec("SELECT * FROM half_done"); err == nil {
				t.Error("the table the broken migration created before failing exists")
			}
			if got, want := appliedMigrations(t, db), embeddedMigrations(t, b.dialect); !equalStrings(got, want) {
				t.Errorf("schema_migrations = %q, want %q", got, want)
			}
		})
	}
}

// TestMigrationFileNames: migration files must be numbered 1, 2, 3, ….
func TestMigrationFileNames(t *testing.T) {
	db := openSQLiteMemory(t)
	s := newStore(t, db, sqlstore.SQLite)
	for name, fsys := range map[string]fstest.MapFS{
		"a gap":        {"0001_a.sql": {}, "0003_c.sql": {}},
		"a repeat":     {"0001_a.sql": {}, "0001_b.sql": {}},
		"no number":    {"init.sql": {}},
		"no files":     {"README": {}},
		"zero version": {"0000_a.sql": {}},
	} {
		if err := sqlstore.Migrate(t.Context(), s, fsys); err == nil {
			t.Errorf("Migrate with %s: no error", name)
		}
	}
}
