package sqlstore

import (
	"context"
	"errors"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// TagMapping returns the tag mapping of object type t, or an error wrapping
// store.ErrNotFound when none was saved.
func (s *Store) TagMapping(ctx context.Context, t netbox.ObjectType) (store.TagMapping, error) {
	op := "tag mapping for " + t.Label()
	if err := ctx.Err(); err != nil {
		return store.TagMapping{}, err
	}
	var fields, tags []byte
	err := s.read(ctx, func(q *txn) error {
		return q.queryRow(ctx, "SELECT fields, tags FROM tag_mappings WHERE object_type = ?", string(t)).Scan(&fields, &tags)
	})
	if err != nil {
		return store.TagMapping{}, noRows(ctx, op, op, err)
	}
	m := store.TagMapping{ObjectType: t}
	if err := errors.Join(fromJSON(fields, &m.Fields), fromJSON(tags, &m.Tags)); err != nil {
		return store.TagMapping{}, fail(ctx, op, err)
	}
	return m, nil
}

// PutTagMapping saves the tag mapping of m.ObjectType, replacing any saved
// before.
func (s *Store) PutTagMapping(ctx context.Context, m store.TagMapping) error {
	op := "put tag mapping for " + m.ObjectType.Label()
	var j jsonArgs
	fields, tags := j.value(m.Fields), j.value(m.Tags)
	if j.err != nil {
		return fail(ctx, op, j.err)
	}
	return fail(ctx, op, s.write(ctx, "PutTagMapping", func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO tag_mappings (object_type, fields, tags) VALUES (?, ?, ?)
			ON CONFLICT (object_type) DO UPDATE SET fields = excluded.fields, tags = excluded.tags`,
			string(m.ObjectType), fields, tags)
		return err
	}))
}

// InventoryMapping returns the inventory mapping of object type t, or an
// error wrapping store.ErrNotFound when none was saved.
func (s *Store) InventoryMapping(ctx context.Context, t netbox.ObjectType) (store.InventoryMapping, error) {
	op := "inventory mapping for " + t.Label()
	if err := ctx.Err(); err != nil {
		return store.InventoryMapping{}, err
	}
	var fields []byte
	err := s.read(ctx, func(q *txn) error {
		return q.queryRow(ctx, "SELECT fields FROM inventory_mappings WHERE object_type = ?", string(t)).Scan(&fields)
	})
	if err != nil {
		return store.InventoryMapping{}, noRows(ctx, op, op, err)
	}
	m := store.InventoryMapping{ObjectType: t}
	if err := fromJSON(fields, &m.Fields); err != nil {
		return store.InventoryMapping{}, fail(ctx, op, err)
	}
	return m, nil
}

// PutInventoryMapping saves the inventory mapping of m.ObjectType,
// replacing any saved before.
func (s *Store) PutInventoryMapping(ctx context.Context, m store.InventoryMapping) error {
	op := "put inventory mapping for " + m.ObjectType.Label()
	var j jsonArgs
	fields := j.value(m.Fields)
	if j.err != nil {
		return fail(ctx, op, j.err)
	}
	return fail(ctx, op, s.write(ctx, "PutInventoryMapping", func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO inventory_mappings (object_type, fields) VALUES (?, ?)
			ON CONFLICT (object_type) DO UPDATE SET fields = excluded.fields`,
			string(m.ObjectType), fields)
		return err
	}))
}
