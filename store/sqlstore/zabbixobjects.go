package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/nbzbx/netbox-zabbix/store"
)

// ZabbixObjects returns the Zabbix objects last saved, or an error
// wrapping store.ErrNotFound when none were.
func (s *Store) ZabbixObjects(ctx context.Context) (store.ZabbixObjects, error) {
	const op = "zabbix objects"
	if err := ctx.Err(); err != nil {
		return store.ZabbixObjects{}, err
	}
	var data []byte
	var ns int64
	err := s.read(ctx, func(t *txn) error {
		return t.queryRow(ctx, "SELECT data, imported_ns FROM zabbix_objects WHERE id = 1").Scan(&data, &ns)
	})
	if err != nil {
		return store.ZabbixObjects{}, noRows(ctx, op, op, err)
	}
	var o store.ZabbixObjects
	if err := json.Unmarshal(data, &o); err != nil {
		return store.ZabbixObjects{}, fail(ctx, op, err)
	}
	o.Imported = fromNS(ns)
	return o, nil
}

// PutZabbixObjects saves the Zabbix objects, replacing those saved before.
func (s *Store) PutZabbixObjects(ctx context.Context, o store.ZabbixObjects) error {
	const op = "put zabbix objects"
	var j jsonArgs
	data := j.value(o)
	if j.err != nil {
		return fail(ctx, op, j.err)
	}
	err := s.write(ctx, "PutZabbixObjects", func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO zabbix_objects (id, data, imported_ns) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET data = excluded.data, imported_ns = excluded.imported_ns`,
			data, toNS(o.Imported))
		return err
	})
	return fail(ctx, op, err)
}
