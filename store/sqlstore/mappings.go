package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

const mappingColumns = `id, object_type, name, description, is_default, interface_type,
	sites, roles, platforms, templates, host_groups, proxy, proxy_group, host_group_names`

// Mappings returns the mappings of object type t, ordered by ID.
func (s *Store) Mappings(ctx context.Context, t netbox.ObjectType) ([]store.Mapping, error) {
	op := "mappings of " + t.Label()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []store.Mapping
	err := s.read(ctx, func(q *txn) error {
		rows, err := q.query(ctx, "SELECT "+mappingColumns+" FROM mappings WHERE object_type = ? ORDER BY id", string(t))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMapping(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// scanMapping reads a row of mappingColumns.
func scanMapping(row scanner) (store.Mapping, error) {
	var m store.Mapping
	var sites, roles, platforms, templates, groups, proxy, proxyGroup, groupNames []byte
	err := row.Scan(&m.ID, &m.ObjectType, &m.Name, &m.Description, &m.Default, &m.InterfaceType,
		&sites, &roles, &platforms, &templates, &groups, &proxy, &proxyGroup, &groupNames)
	if err != nil {
		return m, err
	}
	err = errors.Join(
		fromJSON(sites, &m.Sites), fromJSON(roles, &m.Roles), fromJSON(platforms, &m.Platforms),
		fromJSON(templates, &m.Templates), fromJSON(groups, &m.HostGroups),
		fromJSON(proxy, &m.Proxy), fromJSON(proxyGroup, &m.ProxyGroup), fromJSON(groupNames, &m.HostGroupNames))
	return m, err
}

// mappingArgs returns the column values of m after the ID, in
// mappingColumns order.
func mappingArgs(m store.Mapping) ([]any, error) {
	var j jsonArgs
	args := []any{string(m.ObjectType), m.Name, m.Description, m.Default, int(m.InterfaceType),
		j.value(m.Sites), j.value(m.Roles), j.value(m.Platforms), j.value(m.Templates), j.value(m.HostGroups),
		j.nullable(m.Proxy), j.nullable(m.ProxyGroup), j.value(m.HostGroupNames)}
	return args, j.err
}

// PutMapping creates m when its ID is 0 and otherwise replaces the mapping
// with that ID (store.ErrNotFound when there is none). A name already used
// by another mapping of the same object type is store.ErrConflict. It
// returns what was stored.
func (s *Store) PutMapping(ctx context.Context, m store.Mapping) (store.Mapping, error) {
	op := fmt.Sprintf("create mapping %q", m.Name)
	if m.ID != 0 {
		op = fmt.Sprintf("update mapping %d", m.ID)
	}
	if err := ctx.Err(); err != nil {
		return store.Mapping{}, err
	}
	args, err := mappingArgs(m)
	if err != nil {
		return store.Mapping{}, fail(ctx, op, err)
	}
	id := m.ID
	err = s.write(ctx, "PutMapping", func(t *txn) error {
		if id == 0 {
			return t.queryRow(ctx, `INSERT INTO mappings (object_type, name, description, is_default, interface_type,
				sites, roles, platforms, templates, host_groups, proxy, proxy_group, host_group_names)
				VALUES (`+placeholders(len(args))+`) RETURNING id`, args...).Scan(&id)
		}
		res, err := t.exec(ctx, `UPDATE mappings SET object_type = ?, name = ?, description = ?, is_default = ?,
			interface_type = ?, sites = ?, roles = ?, platforms = ?, templates = ?, host_groups = ?, proxy = ?,
			proxy_group = ?, host_group_names = ? WHERE id = ?`, append(args, id)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, notFound(op))
		}
		return nil
	})
	if err != nil {
		if isUnique(err) && ctx.Err() == nil {
			return store.Mapping{}, s.mappingConflict(ctx, op, m, err)
		}
		return store.Mapping{}, fail(ctx, op, err)
	}
	m = m.Clone()
	m.ID = id
	return m, nil
}

// mappingConflict explains a unique violation of m by naming the mapping
// that holds its name.
func (s *Store) mappingConflict(ctx context.Context, op string, m store.Mapping, cause error) error {
	var other int64
	err := s.read(ctx, func(q *txn) error {
		return q.queryRow(ctx, "SELECT id FROM mappings WHERE object_type = ? AND name = ? AND id <> ?",
			string(m.ObjectType), m.Name, m.ID).Scan(&other)
	})
	if err != nil {
		return fail(ctx, op, cause)
	}
	return conflict(op, fmt.Sprintf("%s mapping name %q is taken by mapping %d", m.ObjectType.Label(), m.Name, other))
}

// DeleteMapping deletes the mapping with the given ID, or returns
// store.ErrNotFound.
func (s *Store) DeleteMapping(ctx context.Context, id int64) error {
	op := fmt.Sprintf("delete mapping %d", id)
	return fail(ctx, op, s.write(ctx, "DeleteMapping", func(t *txn) error {
		return deleteOne(ctx, t, op, "DELETE FROM mappings WHERE id = ?", id)
	}))
}

// deleteOne runs a DELETE of one row, ErrNotFound naming op when there was
// none.
func deleteOne(ctx context.Context, t *txn, op, query string, args ...any) error {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(op)
	}
	return nil
}
