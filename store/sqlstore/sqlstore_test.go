package sqlstore_test

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Run("SQLiteFile", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			db, _, _ := fileBackends()[0].open(t)
			return newStore(t, db, sqlstore.SQLite)
		})
	})
	t.Run("SQLiteMemory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			return newStore(t, openSQLiteMemory(t), sqlstore.SQLite)
		})
	})
	t.Run("Postgres", func(t *testing.T) {
		postgresDSN(t)
		storetest.Run(t, func(t *testing.T) store.Store {
			return newStore(t, openPostgres(t, newPGSchema(t)), sqlstore.Postgres)
		})
	})
}
