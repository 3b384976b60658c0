package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/store"
)

// ErrSchemaTooNew reports a database whose schema was migrated by a newer
// version of this package than the running one. New returns it, wrapped
// with both versions; nothing was changed.
var ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this code")

// notFound reports that the record named by what is missing, e.g.
// notFound("host config for device 42").
func notFound(what string) error {
	return fmt.Errorf("sqlstore: %s: %w", what, store.ErrNotFound)
}

// conflict reports that op would break the uniqueness rule described by
// why.
func conflict(op, why string) error {
	return fmt.Errorf("sqlstore: %s: %s: %w", op, why, store.ErrConflict)
}

// fail wraps an error of operation op: the context's error when ctx has
// ended (whatever the driver made of it), store errors as they are, a
// broken unique constraint as store.ErrConflict naming the rule, and
// anything else with op.
func fail(ctx context.Context, op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("sqlstore: %s: %w", op, ctx.Err())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	case isUnique(err):
		return conflict(op, "breaks the rule of "+uniqueRule(err))
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// isUnique reports whether err is the database refusing a row that breaks
// a unique constraint. The Store imports no driver: it recognises
// PostgreSQL errors by their SQLSTATE (pgx's *pgconn.PgError and lib/pq's
// *pq.Error have a SQLState method) and SQLite errors by their extended
// result code (modernc.org/sqlite's *sqlite.Error has a Code method), with
// the message as a last resort.
func isUnique(err error) bool {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState() == "23505" // unique_violation
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		code := lite.Code()
		return code == 2067 || code == 1555 // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed") ||
		strings.Contains(err.Error(), "duplicate key value violates unique constraint")
}

// uniqueRule names the rule a unique-constraint error is about, from the
// constraint name (PostgreSQL) or the columns (SQLite) in its text.
func uniqueRule(err error) string {
	msg := err.Error()
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(msg, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("host_configs_object_key", "host_configs.object_type"):
		return "one host config per object"
	case has("host_configs_name_key", "host_configs.name"):
		return "unique host config names"
	case has("host_configs_hostid_key", "host_configs.hostid"):
		return "unique Zabbix host IDs"
	case has("mappings_name_key", "mappings.object_type, mappings.name"):
		return "unique mapping names per object type"
	}
	return "a unique constraint (" + msg + ")"
}

// noRows maps sql.ErrNoRows to store.ErrNotFound naming what.
func noRows(ctx context.Context, op, what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what)
	}
	return fail(ctx, op, err)
}
