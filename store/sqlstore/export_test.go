package sqlstore

import (
	"context"
	"io/fs"
)

// SetBeforeCommit makes every write transaction of s call f just before
// COMMIT; an error from f aborts the transaction. Tests use it to stop or
// kill a process in the middle of a write. Set it before s is used.
func SetBeforeCommit(s *Store, f func(ctx context.Context, op string) error) { s.beforeCommit = f }

// Migrate applies the migrations in fsys, as New applies the embedded ones.
func Migrate(ctx context.Context, s *Store, fsys fs.FS) error { return s.migrate(ctx, fsys) }

// MigrationFiles returns the embedded migrations of d.
func MigrationFiles(d Dialect) fs.FS { return migrationFiles(d) }

// CrossProcessLocks reports whether SQLite Locks exclude other processes on
// this platform.
const CrossProcessLocks = crossProcessLocks

// UniqueViolation reports whether err is a broken unique constraint and
// which rule it names.
func UniqueViolation(err error) (bool, string) { return isUnique(err), uniqueRule(err) }
