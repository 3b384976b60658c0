package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/nbzbx/netbox-zabbix/internal/pgtest"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// envFile is where scripts/services.sh writes POSTGRES_DSN and the Zabbix
// settings.
const envFile = "/var/tmp/netbox-zabbix-services/env"

// sqliteDSN is the connection string the package documentation
// recommends for a database file: foreign keys, a busy timeout, WAL.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// openSQLiteFile opens (creating) the SQLite database at path; it is
// closed when the test ends.
func openSQLiteFile(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openSQLiteMemory opens a new in-memory SQLite database: one connection,
// since every connection to ":memory:" is a database of its own.
func openSQLiteMemory(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// postgresDSN returns POSTGRES_DSN. Without it the test is skipped, or
// fails when NBZ_INTEGRATION=1 (as scripts/test.sh sets).
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("POSTGRES_DSN")
	if dsn == "" {
		msg := "POSTGRES_DSN is not set: run `scripts/services.sh start`, then `source " + envFile + "` (or run scripts/test.sh)"
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatal(msg + "; NBZ_INTEGRATION=1 requires PostgreSQL")
		}
		t.Skip(msg)
	}
	return dsn
}

// pgSchema is an empty PostgreSQL schema of its own for one test, dropped
// when the test ends. DSN connects with it as the search path.
type pgSchema struct {
	Name string
	DSN  string
}

// newPGSchema creates a schema with a random name in the POSTGRES_DSN
// database.
func newPGSchema(t testing.TB) pgSchema {
	t.Helper()
	name, dsn := pgtest.Schema(t, postgresDSN(t), "sqlstore_test_")
	return pgSchema{Name: name, DSN: dsn}
}

// openPostgres opens the schema's database; it is closed when the test
// ends (before the schema is dropped).
func openPostgres(t testing.TB, sc pgSchema) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", sc.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newStore builds a Store on db, failing the test on error.
func newStore(t testing.TB, db *sql.DB, d sqlstore.Dialect) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(context.Background(), sqlstore.Config{DB: db, Dialect: d})
	if err != nil {
		t.Fatalf("New(%s): %v", d, err)
	}
	return s
}

// backend is one database a test runs on.
type backend struct {
	name    string
	dialect sqlstore.Dialect
	// open returns a new empty database, and a function that opens it
	// again (another *sql.DB on the same database, as another process
	// would).
	open func(t testing.TB) (db *sql.DB, reopen func(t testing.TB) *sql.DB, dsn string)
}

// fileBackends are the backends that several processes can share.
func fileBackends() []backend {
	return []backend{
		{name: "SQLiteFile", dialect: sqlstore.SQLite, open: func(t testing.TB) (*sql.DB, func(testing.TB) *sql.DB, string) {
			path := filepath.Join(t.TempDir(), "store.db")
			return openSQLiteFile(t, path), func(t testing.TB) *sql.DB { return openSQLiteFile(t, path) }, sqliteDSN(path)
		}},
		{name: "Postgres", dialect: sqlstore.Postgres, open: func(t testing.TB) (*sql.DB, func(testing.TB) *sql.DB, string) {
			sc := newPGSchema(t)
			return openPostgres(t, sc), func(t testing.TB) *sql.DB { return openPostgres(t, sc) }, sc.DSN
		}},
	}
}

// driverName is the database/sql driver of dialect d in these tests.
func driverName(d sqlstore.Dialect) string {
	if d == sqlstore.Postgres {
		return "pgx"
	}
	return "sqlite"
}
