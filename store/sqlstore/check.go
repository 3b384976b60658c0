package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"
)

// checkSQLite checks the pragmas the Store relies on and finds the lock
// file. Pragmas are per connection; they are checked on one, which is
// enough when they come from the connection string, as they should.
func (s *Store) checkSQLite(ctx context.Context) error {
	var fk int
	if err := firstQuery(ctx, s.db, "PRAGMA foreign_keys", &fk); err != nil {
		if isCantOpen(err) {
			return fmt.Errorf("sqlstore: cannot open the SQLite database file: check that the directory of the file in the connection string exists (create it) and that this process may write there: %w", err)
		}
		return fmt.Errorf("sqlstore: Dialect is SQLite but PRAGMA foreign_keys failed (is this a SQLite database?): %w", err)
	}
	if fk != 1 {
		return fmt.Errorf("sqlstore: SQLite foreign keys are off: open the database with foreign keys enforced on every connection (for modernc.org/sqlite, add _pragma=foreign_keys(1) to the connection string)")
	}
	var seq int
	var name, file string
	if err := s.db.QueryRowContext(ctx, "PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		return fmt.Errorf("sqlstore: PRAGMA database_list: %w", err)
	}
	if file == "" {
		// In memory: one connection (or a shared cache) in one
		// process; nothing more to check.
		s.queueReads = true
		return nil
	}
	var busy int
	if err := s.db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
		return fmt.Errorf("sqlstore: PRAGMA busy_timeout: %w", err)
	}
	if busy <= 0 {
		return fmt.Errorf("sqlstore: SQLite database %s has no busy timeout, so concurrent access fails with \"database is locked\": open it with one (for modernc.org/sqlite, add _pragma=busy_timeout(5000) to the connection string)", file)
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("sqlstore: PRAGMA journal_mode: %w", err)
	}
	if mode != "wal" {
		s.log.LogAttrs(ctx, slog.LevelWarn, "sqlstore: SQLite database is not in WAL mode; readers and the writer will block each other",
			slog.String("file", file), slog.String("journal_mode", mode))
	}
	s.lockFile = file + "-locks"
	return nil
}

// firstQuery runs the Store's first query on SQLite, which opens a
// connection and so runs the connection string's pragmas. Those fail with
// SQLITE_BUSY, without waiting, when several processes open a new database
// at once and each tries to switch it to WAL (which takes an exclusive
// lock, once for the life of the file): firstQuery then tries again, for
// up to busyRetryFor.
func firstQuery(ctx context.Context, db *sql.DB, query string, dest any) error {
	wait := 5 * time.Millisecond
	deadline := time.Now().Add(busyRetryFor)
	for {
		err := db.QueryRowContext(ctx, query).Scan(dest)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// busyRetryFor is how long firstQuery retries.
const busyRetryFor = 10 * time.Second

// isBusy reports whether err is SQLite's SQLITE_BUSY ("database is
// locked").
func isBusy(err error) bool {
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		return lite.Code()&0xff == 5
	}
	return strings.Contains(err.Error(), "database is locked")
}

// isCantOpen reports whether err is SQLite's SQLITE_CANTOPEN ("unable to
// open database file"): the file's directory does not exist, cannot be
// written, or the path is a directory.
func isCantOpen(err error) bool {
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		return lite.Code()&0xff == 14
	}
	return strings.Contains(err.Error(), "unable to open database file")
}

// checkPostgres checks that the database is PostgreSQL and reads the
// schema that scopes lock keys.
func (s *Store) checkPostgres(ctx context.Context) error {
	var schema *string
	if err := s.db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		var netErr net.Error
		if errors.As(err, &netErr) {
			return fmt.Errorf("sqlstore: cannot reach PostgreSQL: check the host and port in the connection string and that the server runs: %w", err)
		}
		return fmt.Errorf("sqlstore: Dialect is Postgres but SELECT current_schema() failed (is this a PostgreSQL database?): %w", err)
	}
	if s.db.Stats().MaxOpenConnections == 1 {
		return fmt.Errorf("sqlstore: the PostgreSQL *sql.DB allows one connection, which a Lock would hold while the locked operation waits for another: allow more (SetMaxOpenConns)")
	}
	if schema == nil {
		return fmt.Errorf("sqlstore: PostgreSQL has no current schema: the search_path names no schema that exists")
	}
	s.lockSpace = *schema
	return nil
}
