package sqlstore

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

const (
	// cancelEvery is how often lockPostgres repeats its cancel request
	// until the waiting statement has ended: a request that reaches the
	// server between statements is ignored.
	cancelEvery = 50 * time.Millisecond
	// cancelFor bounds how long lockPostgres waits for the cancel to take
	// effect before it returns and leaves the clean-up to a goroutine.
	cancelFor = 30 * time.Second
)

// lockPostgres takes session-level advisory locks on refs, on a connection
// of its own that it keeps until unlock. Keys are taken in ascending order,
// in one statement, so that two callers never wait for each other in a
// cycle. The session must be this call's alone: PostgreSQL lets a session
// take its own advisory lock again, so sharing one would not exclude.
func (s *Store) lockPostgres(ctx context.Context, refs []netbox.Ref) (func(), error) {
	keys := objectKeys(s.lockSpace, refs)
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var pid int64
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		_ = conn.Close()
		return nil, err
	}
	// The wait runs without ctx: when a context ends, drivers give up on
	// the connection (pgx closes its socket) while the server goes on
	// waiting for the lock, holding the keys it has taken so far. Instead,
	// when ctx ends, Lock cancels the statement on the server itself.
	done := make(chan error, 1)
	go func() {
		_, err := conn.ExecContext(context.Background(),
			"SELECT pg_advisory_lock(k) FROM unnest($1::bigint[]) AS k", keys) // in array order
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			s.releasePostgres(conn)
			return nil, err
		}
		return func() { s.releasePostgres(conn) }, nil
	case <-ctx.Done():
	}
	if !s.cancelBackend(pid, done) {
		go func() {
			<-done
			s.releasePostgres(conn)
		}()
		return nil, ctx.Err()
	}
	s.releasePostgres(conn)
	return nil, ctx.Err()
}

// cancelBackend asks the server to cancel the statement that backend pid
// runs, again and again until done delivers its end, and reports whether
// that happened within cancelFor. It asks on one connection of its own,
// taken once: opening one (with authentication) can take long on a busy
// server, and must not eat the time of each try.
func (s *Store) cancelBackend(pid int64, done <-chan error) bool {
	ctx, cancel := context.WithTimeout(context.Background(), cancelFor)
	defer cancel()
	gave := func() bool {
		s.log.LogAttrs(context.Background(), slog.LevelWarn, "sqlstore: could not cancel a lock wait; it is released when it ends",
			slog.Int64("backend_pid", pid))
		return false
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		select {
		case <-done:
			return true
		case <-ctx.Done():
			return gave()
		}
	}
	defer conn.Close()
	tick := time.NewTicker(cancelEvery)
	defer tick.Stop()
	for {
		_, _ = conn.ExecContext(ctx, "SELECT pg_cancel_backend($1)", pid)
		select {
		case <-done:
			return true
		case <-ctx.Done():
			return gave()
		case <-tick.C:
		}
	}
}

// releasePostgres releases every advisory lock of conn's session and
// returns conn to the pool, or closes it when that fails (which ends the
// session and so releases its locks).
func (s *Store) releasePostgres(conn *sql.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock_all()"); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "sqlstore: releasing advisory locks failed; closing the connection", slog.Any("error", err))
		discard(conn)
	}
	_ = conn.Close()
}
