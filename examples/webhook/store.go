package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for --store postgres:DSN
	_ "modernc.org/sqlite"             // the "sqlite" driver, for --store sqlite:PATH

	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// sqliteDSN is the connection string of a SQLite store file, with the
// settings sqlstore needs (see its package documentation).
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
}

// openStore opens the store that where names, "sqlite:PATH" or
// "postgres:DSN", and returns it with the database to close after use.
func openStore(ctx context.Context, where string, log *slog.Logger) (*sqlstore.Store, *sql.DB, error) {
	kind, target, _ := strings.Cut(where, ":")
	var db *sql.DB
	var err error
	var dialect sqlstore.Dialect
	switch {
	case kind == "sqlite" && target != "":
		dialect = sqlstore.SQLite
		db, err = sql.Open("sqlite", sqliteDSN(target))
	case kind == "postgres" && target != "":
		dialect = sqlstore.Postgres
		db, err = sql.Open("pgx", target)
	default:
		// Not the value itself: a DSN may hold a password.
		return nil, nil, fmt.Errorf("--store: want sqlite:PATH or postgres:DSN, not %q…", kind)
	}
	if err != nil {
		return nil, nil, err
	}
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: dialect, Logger: log})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return st, db, nil
}

// storeKind is "sqlite" or "postgres" for a --store value: what may be
// logged of it (a DSN may hold a password).
func storeKind(where string) string {
	kind, _, _ := strings.Cut(where, ":")
	return kind
}
