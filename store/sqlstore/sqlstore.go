package sqlstore

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/nbzbx/netbox-zabbix/internal/validation"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Config configures a Store.
type Config struct {
	// DB is the database, opened by the caller with a driver of its choice
	// (see the package documentation for the connection strings). The
	// Store does not close it. Required.
	DB *sql.DB `validate:"required"`
	// Dialect is the database's SQL dialect: SQLite or Postgres. Required.
	Dialect Dialect `validate:"required,oneof=1 2"`
	// Now returns the time that stamps host configs' Created and Updated.
	// Nil means time.Now.
	Now func() time.Time
	// Logger receives diagnostic logs (migrations applied, locks that
	// could not be released cleanly). Nil discards them.
	Logger *slog.Logger
}

// Store is a store.Store in a SQL database. Build it with New; it is safe
// for concurrent use, and several Stores (in one process or many) may share
// one database.
type Store struct {
	db      *sql.DB
	dialect Dialect
	now     func() time.Time
	log     *slog.Logger

	// writeSem serialises the write transactions of this Store on SQLite,
	// which allows one writer at a time anyway: waiting here honours the
	// context and queues in order, where SQLite's busy handler polls. Nil
	// on PostgreSQL.
	writeSem chan struct{}
	// queueReads makes reads wait for writeSem too: on an in-memory
	// SQLite database, whose single connection they would otherwise race
	// the writers for.
	queueReads bool
	// gate excludes the goroutines of this process from objects another
	// goroutine has locked (SQLite; PostgreSQL's advisory locks need none).
	gate *gate
	// lockFile is the file whose byte-range locks exclude other processes
	// from locked objects (SQLite on a database file; "" otherwise).
	lockFile string
	// lockSpace scopes PostgreSQL advisory lock keys to the Store's schema,
	// so that stores in two schemas of one database do not block each
	// other.
	lockSpace string

	// beforeCommit, when set (only by this package's tests), runs inside
	// every write transaction just before COMMIT; an error aborts the
	// transaction.
	beforeCommit func(ctx context.Context, op string) error
}

var _ store.Store = (*Store)(nil)

// New checks cfg and the database, applies the migrations the database
// lacks (see Migrations in the package documentation) and returns a Store.
//
// On SQLite it fails when the connection does not enforce foreign keys, or
// when a database file has no busy timeout; on either dialect it fails,
// matching ErrSchemaTooNew, when the database's schema is newer than this
// code.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if err := validation.Struct(validation.New(), "sqlstore: config", cfg); err != nil {
		return nil, err
	}
	s := &Store{
		db:      cfg.DB,
		dialect: cfg.Dialect,
		now:     cfg.Now,
		log:     cfg.Logger,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	switch s.dialect {
	case SQLite:
		s.writeSem = make(chan struct{}, 1)
		s.gate = newGate()
		err = s.checkSQLite(ctx)
	case Postgres:
		err = s.checkPostgres(ctx)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx, migrationFiles(s.dialect)); err != nil {
		return nil, err
	}
	return s, nil
}

// stamp returns the current time from the configured clock, without a
// monotonic reading, as it will read back.
func (s *Store) stamp() time.Time { return s.now().Round(0) }
