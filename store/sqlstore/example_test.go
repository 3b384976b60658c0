package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// Open a SQLite file with the settings the Store relies on, build the
// Store (which creates or upgrades the schema), and use it. The program
// imports the driver itself:
//
//	import _ "modernc.org/sqlite"
func Example_sqlite() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:/var/lib/nbzbx/store.db?"+
		"_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
	if err != nil {
		log.Fatal(err)
	}

	unlock, err := st.Lock(ctx, netbox.DeviceRef(42))
	if err != nil {
		log.Fatal(err)
	}
	defer unlock()
	_, err = st.HostConfigByObject(ctx, netbox.DeviceRef(42))
	fmt.Println(errors.Is(err, store.ErrNotFound))
}

// Open PostgreSQL through pgx's database/sql driver, with the store's
// tables in a schema of their own. The program imports the driver itself:
//
//	import _ "github.com/jackc/pgx/v5/stdlib"
func Example_postgres() {
	ctx := context.Background()
	db, err := sql.Open("pgx", "postgres://nbzbx:secret@db.example.net:5432/nbzbx?sslmode=verify-full&search_path=nbzbx")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.Postgres})
	if err != nil {
		log.Fatal(err)
	}
	events, err := st.Events(ctx, eventlog.Query{Limit: 10})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(events), "recent events")
}

// An in-memory SQLite database, for tests and dry runs: one connection,
// since every connection to ":memory:" is a database of its own.
func Example_memory() {
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	st, err := sqlstore.New(context.Background(), sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
	if err != nil {
		log.Fatal(err)
	}
	_ = st
}
