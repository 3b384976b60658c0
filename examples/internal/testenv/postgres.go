package testenv

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// NeedPostgres returns POSTGRES_DSN, or skips the test (fails it when
// NBZ_INTEGRATION=1).
func NeedPostgres(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatalf("NBZ_INTEGRATION=1 but POSTGRES_DSN is not set: %s", ServicesHint)
		}
		t.Skipf("POSTGRES_DSN is not set: %s", ServicesHint)
	}
	return dsn
}

// CreateDatabase creates the database name on the server of dsn and
// returns dsn pointing at it; the database is dropped when the test ends
// (after the processes using it are stopped: cleanups run last-in
// first-out).
func CreateDatabase(t *testing.T, dsn, name string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if err := dropDatabase(admin, name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("POSTGRES_DSN is not a URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// dropDatabase drops the database name, ending the sessions still in it.
// PostgreSQL refuses to end an autovacuum worker's session ("must be a
// member of the role whose process is being terminated"), and autovacuum
// may be working in a database a test has just filled; the worker is done
// within moments, so the drop is tried again for up to 15 s.
func dropDatabase(admin *sql.DB, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		_, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// SyncBuffer is a bytes.Buffer safe for a writer and readers in several
// goroutines: a child process's output read while it runs.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
