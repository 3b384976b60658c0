package testenv

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"os"
	"sync"
	"testing"

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
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("POSTGRES_DSN is not a URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
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
