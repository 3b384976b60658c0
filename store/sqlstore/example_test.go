package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the "sqlite" driver, which the program imports itself

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// Open a SQLite file with the settings the Store relies on, build the
// Store (which creates or upgrades the schema), and use it. The program
// imports the driver itself (import _ "modernc.org/sqlite"); for
// PostgreSQL it imports pgx's (import _ "github.com/jackc/pgx/v5/stdlib"),
// opens sql.Open("pgx", "postgres://…?search_path=nbzbx") and passes
// Dialect: sqlstore.Postgres.
func Example_sqlite() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "nbzbx-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "store.db")+"?"+
		"_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
	if err != nil {
		fmt.Println(err)
		return
	}

	unlock, err := st.Lock(ctx, netbox.DeviceRef(42))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer unlock()
	created, err := st.CreateHostConfigs(ctx, []store.HostConfig{{Name: "z-web-01", Object: netbox.DeviceRef(42)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created[0].ID, created[0].Name)
	_, err = st.CreateHostConfigs(ctx, []store.HostConfig{{Name: "z-web-01", Object: netbox.DeviceRef(43)}})
	fmt.Println(errors.Is(err, store.ErrConflict))
	_, err = st.HostConfigByObject(ctx, netbox.DeviceRef(44))
	fmt.Println(errors.Is(err, store.ErrNotFound))
	// Output:
	// 1 z-web-01
	// true
	// true
}

// An in-memory SQLite database, for tests and dry runs: one connection,
// since every connection to ":memory:" is a database of its own.
func Example_memory() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		fmt.Println(err)
		return
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = st.Settings(ctx)
	fmt.Println(errors.Is(err, store.ErrNotFound)) // until PutSettings: callers use store.DefaultSettings
	// Output:
	// true
}
