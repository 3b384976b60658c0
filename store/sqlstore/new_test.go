package sqlstore_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// TestNewChecks: New refuses a bad config and a database it cannot rely on,
// with an error that says what to fix.
func TestNewChecks(t *testing.T) {
	open := func(t *testing.T, dsn string) *sql.DB {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		cfg  func(t *testing.T) sqlstore.Config
		want string // in the error
	}{
		{"no DB", func(*testing.T) sqlstore.Config { return sqlstore.Config{Dialect: sqlstore.SQLite} }, "sqlstore: config: DB is required"},
		{"no dialect", func(t *testing.T) sqlstore.Config { return sqlstore.Config{DB: openSQLiteMemory(t)} }, "sqlstore: config: Dialect is required"},
		{"unknown dialect", func(t *testing.T) sqlstore.Config { return sqlstore.Config{DB: openSQLiteMemory(t), Dialect: 7} },
			"sqlstore: config: Dialect must be one of 1, 2, got Dialect(7)"},
		{"SQLite without foreign keys", func(t *testing.T) sqlstore.Config {
			return sqlstore.Config{DB: open(t, "file:"+filepath.Join(dir, "nofk.db")+"?_pragma=busy_timeout(5000)"), Dialect: sqlstore.SQLite}
		}, "_pragma=foreign_keys(1)"},
		{"SQLite file without a busy timeout", func(t *testing.T) sqlstore.Config {
			return sqlstore.Config{DB: open(t, "file:"+filepath.Join(dir, "nobusy.db")+"?_pragma=foreign_keys(1)"), Dialect: sqlstore.SQLite}
		}, "_pragma=busy_timeout(5000)"},
		{"SQLite database as Postgres", func(t *testing.T) sqlstore.Config {
			return sqlstore.Config{DB: openSQLiteMemory(t), Dialect: sqlstore.Postgres}
		}, "is this a PostgreSQL database?"},
		{"PostgreSQL with one connection", func(t *testing.T) sqlstore.Config {
			db := openPostgres(t, newPGSchema(t))
			db.SetMaxOpenConns(1)
			return sqlstore.Config{DB: db, Dialect: sqlstore.Postgres}
		}, "SetMaxOpenConns"},
		// Not "is this a SQLite database?": the directory is the problem.
		{"SQLite file in a missing directory", func(t *testing.T) sqlstore.Config {
			return sqlstore.Config{DB: open(t, "file:"+filepath.Join(dir, "missing", "s.db")+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"), Dialect: sqlstore.SQLite}
		}, "cannot open the SQLite database file: check that the directory of the file in the connection string exists (create it)"},
		{"PostgreSQL unreachable", func(t *testing.T) sqlstore.Config {
			db, err := sql.Open("pgx", "postgres://nbz:pw@127.0.0.1:1/nbz?connect_timeout=5")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return sqlstore.Config{DB: db, Dialect: sqlstore.Postgres}
		}, "sqlstore: cannot reach PostgreSQL: check the host and port"},
		{"PostgreSQL database as SQLite", func(t *testing.T) sqlstore.Config {
			return sqlstore.Config{DB: openPostgres(t, newPGSchema(t)), Dialect: sqlstore.SQLite}
		}, "is this a SQLite database?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sqlstore.New(t.Context(), tc.cfg(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New = %v, %v; want an error containing %q", s, err, tc.want)
			}
			t.Logf("New: %v", err)
		})
	}
}

func TestDialectString(t *testing.T) {
	for d, want := range map[sqlstore.Dialect]string{sqlstore.SQLite: "sqlite", sqlstore.Postgres: "postgres", 9: "Dialect(9)"} {
		if got := d.String(); got != want {
			t.Errorf("Dialect(%d).String() = %q, want %q", int(d), got, want)
		}
	}
}
