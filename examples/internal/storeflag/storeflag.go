// Package storeflag opens the store an example program's -store flag
// names: "sqlite:PATH" (an SQLite file) or "postgres:DSN". It registers
// the two database drivers the example programs use.
package storeflag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for postgres:DSN
	_ "modernc.org/sqlite"             // the "sqlite" driver, for sqlite:PATH

	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// ErrBadSpec: the flag's value is neither sqlite:PATH nor postgres:DSN.
var ErrBadSpec = errors.New("want sqlite:PATH or postgres:DSN")

// ErrOpen: the store named by a good flag value could not be opened: the
// SQLite file's directory is missing, PostgreSQL cannot be reached or
// refuses the credentials, or sqlstore refuses the database. Errors of
// Open other than ErrBadSpec match it under errors.Is.
var ErrOpen = errors.New("cannot open the store")

// SQLiteDSN is the connection string of an SQLite store file, with the
// settings sqlstore needs (see its package documentation).
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
}

// Open opens the store spec names and returns it with the database to
// close after use. The error never shows spec itself: a DSN may hold a
// password.
func Open(ctx context.Context, spec string, log *slog.Logger) (*sqlstore.Store, *sql.DB, error) {
	kind, target, _ := strings.Cut(spec, ":")
	var (
		db      *sql.DB
		err     error
		dialect sqlstore.Dialect
	)
	switch {
	case kind == "sqlite" && target != "":
		if err := checkDir(target); err != nil {
			return nil, nil, err
		}
		dialect = sqlstore.SQLite
		db, err = sql.Open("sqlite", SQLiteDSN(target))
	case kind == "postgres" && target != "":
		dialect = sqlstore.Postgres
		db, err = sql.Open("pgx", target)
	default:
		return nil, nil, fmt.Errorf("store %q…: %w", kind, ErrBadSpec)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store %s: %w: %w", kind, ErrOpen, err)
	}
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: dialect, Logger: log})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("store %s: %w: %w", kind, ErrOpen, err)
	}
	return st, db, nil
}

// checkDir fails, matching ErrOpen, when the directory an SQLite file is
// to be made in does not exist (SQLite itself says only "unable to open
// database file"); the directory is not made here: a typo in the path
// should not create it.
func checkDir(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("store sqlite:%s: %w: directory %s does not exist; create it (mkdir -p %s) or fix the path", path, ErrOpen, dir, dir)
	case err != nil:
		return fmt.Errorf("store sqlite:%s: %w: %w", path, ErrOpen, err)
	case !fi.IsDir():
		return fmt.Errorf("store sqlite:%s: %w: %s is not a directory", path, ErrOpen, dir)
	}
	return nil
}

// Kind is "sqlite" or "postgres" for a flag value: what may be logged of
// it.
func Kind(spec string) string {
	kind, _, _ := strings.Cut(spec, ":")
	return kind
}
