package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"log/slog"
	"strings"
	"time"
)

// cleanupTimeout bounds the statements that clean up after a failure
// (ROLLBACK, releasing locks); they run even when the caller's context has
// ended.
const cleanupTimeout = 10 * time.Second

// querier is what the statements of one operation run on: a transaction
// (*sql.Tx) or a connection inside BEGIN … COMMIT (*sql.Conn).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// txn runs the statements of one write transaction in the Store's dialect.
type txn struct {
	q querier
	d Dialect
}

func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.q.ExecContext(ctx, t.d.rebind(query), args...)
}

func (t *txn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.q.QueryContext(ctx, t.d.rebind(query), args...)
}

func (t *txn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.q.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// prepare readies query for repeated use in the transaction. On SQLite it
// is a prepared statement, parsed once. On PostgreSQL it is the text
// alone: drivers such as pgx keep prepared statements per connection by
// their text already, and an explicit PREPARE would cost two round trips
// per transaction.
func (t *txn) prepare(ctx context.Context, query string) (*stmt, error) {
	st := &stmt{t: t, query: t.d.rebind(query)}
	if t.d == Postgres {
		return st, nil
	}
	var err error
	st.prepared, err = t.q.PrepareContext(ctx, st.query)
	return st, err
}

// stmt is a statement readied by prepare.
type stmt struct {
	t        *txn
	query    string
	prepared *sql.Stmt // nil on PostgreSQL
}

func (st *stmt) queryRow(ctx context.Context, args ...any) *sql.Row {
	if st.prepared != nil {
		return st.prepared.QueryRowContext(ctx, args...)
	}
	return st.t.q.QueryRowContext(ctx, st.query, args...)
}

// close releases the prepared statement, if any.
func (st *stmt) close() {
	if st != nil && st.prepared != nil {
		_ = st.prepared.Close()
	}
}

// write runs fn in one write transaction and commits it; when fn fails,
// the context ends or the commit fails, nothing fn did is kept. op names
// the operation for the test hook.
//
// PostgreSQL transactions are READ COMMITTED: the unique constraints, and
// the row locks writers take (FOR UPDATE), keep concurrent writers apart.
// SQLite allows one writer at a time: write waits for this Store's other
// writers in Go, then starts with BEGIN IMMEDIATE, which takes the write
// lock at once (waiting up to the busy timeout for other processes), so a
// transaction never fails half-way to upgrade a read lock.
func (s *Store) write(ctx context.Context, op string, fn func(*txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.dialect == SQLite {
		return s.writeSQLite(ctx, op, fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	err = fn(&txn{q: tx, d: s.dialect})
	if err == nil {
		err = s.hook(ctx, op)
	}
	if err == nil {
		return tx.Commit()
	}
	_ = tx.Rollback() // the cause matters more than a failed rollback
	return err
}

// writeSQLite is write on SQLite: one connection, BEGIN IMMEDIATE.
func (s *Store) writeSQLite(ctx context.Context, op string, fn func(*txn) error) error {
	select {
	case s.writeSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.writeSem }()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		s.rollbackConn(ctx, conn) // in case it began before failing
		return err
	}
	err = fn(&txn{q: conn, d: s.dialect})
	if err == nil {
		err = s.hook(ctx, op)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		// Once decided, the COMMIT runs to the end: interrupting it
		// would leave the caller unsure whether it happened.
		if _, err = conn.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err == nil {
			return nil
		}
	}
	s.rollbackConn(ctx, conn)
	return err
}

// rollbackConn ends the transaction open on conn, if any. When that fails,
// the connection is closed instead of going back to the pool, where the
// next user would find a transaction open.
func (s *Store) rollbackConn(ctx context.Context, conn *sql.Conn) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_, err := conn.ExecContext(rctx, "ROLLBACK")
	if err == nil || strings.Contains(err.Error(), "no transaction is active") {
		return // SQLite may have rolled back already, after an error
	}
	s.log.LogAttrs(ctx, slog.LevelWarn, "sqlstore: ROLLBACK failed; closing the connection", slog.Any("error", err))
	discard(conn)
}

// discard closes conn's underlying connection rather than returning it to
// the pool.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

// hook runs the test hook, if any.
func (s *Store) hook(ctx context.Context, op string) error {
	if s.beforeCommit == nil {
		return nil
	}
	return s.beforeCommit(ctx, op)
}

// read runs fn, whose statements read outside any transaction (each reads
// one consistent snapshot, in both dialects). On an in-memory SQLite
// database, which is a single connection, reads queue with the writes, in
// order, rather than race for the connection.
func (s *Store) read(ctx context.Context, fn func(*txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.queueReads {
		select {
		case s.writeSem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-s.writeSem }()
	}
	return fn(&txn{q: s.db, d: s.dialect})
}
