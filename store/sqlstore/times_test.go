package sqlstore_test

import (
	"bytes"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// TestTimes: times read back to the nanosecond, so an event is found by a
// Since of its own Created time and not by an Until of it; the zero time
// reads back as zero; host configs are stamped by Config.Now.
func TestTimes(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			now := time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("X", 3600))
			s, err := sqlstore.New(t.Context(), sqlstore.Config{DB: db, Dialect: b.dialect, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			exact := time.Date(2026, 1, 2, 3, 4, 5, 987654321, time.UTC)
			for _, e := range []eventlog.Event{{Name: "exact", Created: exact}, {Name: "zero"}} {
				if err := s.RecordEvent(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.Events(ctx, eventlog.Query{Since: exact})
			if err != nil || len(got) != 1 || !got[0].Created.Equal(exact) {
				t.Errorf("Events(Since: %v) = %+v, %v; want the event created then, to the nanosecond", exact, got, err)
			}
			if got, err := s.Events(ctx, eventlog.Query{Until: exact}); err != nil || len(got) != 1 || !got[0].Created.IsZero() {
				t.Errorf("Events(Until: %v) = %+v, %v; want only the event with the zero time", exact, got, err)
			}
			cs, err := s.CreateHostConfigs(ctx, []store.HostConfig{deviceConfig(1, 1)})
			if err != nil {
				t.Fatal(err)
			}
			read, err := s.HostConfig(ctx, cs[0].ID)
			if err != nil || !read.Created.Equal(now) || !read.Updated.Equal(now) {
				t.Errorf("config stamped %v / %v (%v), want %v", read.Created, read.Updated, err, now)
			}
		})
	}
}

// TestLogger: New logs each migration it applies, and nothing when there
// is none to apply.
func TestLogger(t *testing.T) {
	db := openSQLiteFile(t, t.TempDir()+"/log.db")
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	for range 2 {
		if _, err := sqlstore.New(t.Context(), sqlstore.Config{DB: db, Dialect: sqlstore.SQLite, Logger: logger}); err != nil {
			t.Fatal(err)
		}
	}
	names, _ := fs.Glob(sqlstore.MigrationFiles(sqlstore.SQLite), "*.sql")
	if n := strings.Count(buf.String(), "applied schema migration"); n != len(names) || !strings.Contains(buf.String(), "file=0001_init.sql") {
		t.Errorf("log after two New calls on one database:\n%s\nwant one record of each of %d migrations", buf.String(), len(names))
	}
}
