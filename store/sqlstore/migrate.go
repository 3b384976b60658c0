package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// migrationsFS holds the schema migrations: migrations/<dialect>/NNNN_name.sql.
//
//go:embed migrations
var migrationsFS embed.FS

// migrationFiles returns the migrations of dialect d.
func migrationFiles(d Dialect) fs.FS {
	sub, err := fs.Sub(migrationsFS, "migrations/"+d.String())
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

// migration is one schema change.
type migration struct {
	version int
	name    string // the file name
	sql     string
}

// loadMigrations reads the NNNN_name.sql files of fsys, which must be
// numbered 1, 2, 3, … without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", name)
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(text)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %q: want version %d (versions run 1, 2, 3, … without gaps or repeats)", m.name, i+1)
		}
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no migrations")
	}
	return ms, nil
}

// migrate brings the database's schema up to the latest migration in fsys,
// in one transaction that also records each applied version in
// schema_migrations. Concurrent migrations of one database wait for each
// other: PostgreSQL through a transaction-level advisory lock taken before
// anything else, SQLite through BEGIN IMMEDIATE. A database whose schema is
// newer than fsys knows is left alone with ErrSchemaTooNew.
func (s *Store) migrate(ctx context.Context, fsys fs.FS) error {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return fmt.Errorf("sqlstore: %s migrations: %w", s.dialect, err)
	}
	latest := ms[len(ms)-1].version
	var applied []migration
	current := 0
	err = s.write(ctx, "migrate", func(t *txn) error {
		if s.dialect == Postgres {
			if _, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(?)", lockKey(s.lockSpace, "schema migrations")); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    BIGINT PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)`); err != nil {
			return err
		}
		if err := t.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
			return err
		}
		if current > latest {
			return ErrSchemaTooNew // before any change; reported below
		}
		for _, m := range ms[current:] {
			// As written: a migration may hold a "?" that is no placeholder.
			if _, err := t.q.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			if _, err := t.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, s.stamp().UTC().Format(time.RFC3339Nano)); err != nil {
				return fmt.Errorf("record %s: %w", m.name, err)
			}
			applied = append(applied, m)
		}
		return nil
	})
	if errors.Is(err, ErrSchemaTooNew) {
		return fmt.Errorf("%w: the database is at schema version %d, this code knows versions up to %d: upgrade the program, or point it at another database",
			ErrSchemaTooNew, current, latest)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: migrate the %s schema: %w", s.dialect, err)
	}
	for _, m := range applied {
		s.log.LogAttrs(ctx, slog.LevelInfo, "sqlstore: applied schema migration",
			slog.String("dialect", s.dialect.String()), slog.Int("version", m.version), slog.String("file", m.name))
	}
	return nil
}
