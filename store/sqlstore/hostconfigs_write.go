package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/nbzbx/netbox-zabbix/internal/storerules"
	"github.com/nbzbx/netbox-zabbix/store"
)

// CreateHostConfigs stores cs with their interfaces in one transaction, all
// or none, and returns them in input order with new config and interface
// IDs (IDs in cs are ignored) and Created and Updated set to the current
// time. A config whose object, name or non-empty host ID is used by a
// stored config or an earlier config of cs fails the call with
// store.ErrConflict naming the rule and the config in the way; the
// database's unique constraints decide, so concurrent callers (in any
// process) cannot both win. cs is not changed.
func (s *Store) CreateHostConfigs(ctx context.Context, cs []store.HostConfig) ([]store.HostConfig, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, c := range cs {
		for j, o := range cs[:i] {
			if why := storerules.Clash(c, o, func() string { return fmt.Sprintf("configs[%d] of the same call", j) }); why != "" {
				return nil, conflict(createOp(c), why)
			}
		}
	}
	now := s.stamp()
	out := make([]store.HostConfig, len(cs))
	failed := -1 // the config whose INSERT failed
	err := s.write(ctx, "CreateHostConfigs", func(t *txn) error {
		insConfig, err := t.prepare(ctx, "INSERT INTO host_configs ("+configColumns+", created_ns, updated_ns) VALUES ("+placeholders(15)+") RETURNING id")
		if err != nil {
			return err
		}
		defer insConfig.close()
		insIface, err := prepareInsertInterface(ctx, t)
		if err != nil {
			return err
		}
		defer insIface.close()
		for i, c := range cs {
			failed = i
			c = c.Clone()
			args, err := configArgs(c)
			if err != nil {
				return err
			}
			if err := insConfig.queryRow(ctx, append(args, toNS(now), toNS(now))...).Scan(&c.ID); err != nil {
				return err
			}
			for k := range c.Interfaces {
				if c.Interfaces[k].ID, err = insertInterface(ctx, insIface, c.ID, c.Interfaces[k]); err != nil {
					return err
				}
			}
			c.Created, c.Updated = now, now
			out[i] = c
		}
		failed = -1
		return nil
	})
	if err != nil {
		if failed >= 0 && isUnique(err) && ctx.Err() == nil {
			c := cs[failed]
			c.ID = 0 // ignored, as in the INSERT
			return nil, s.configConflict(ctx, createOp(c), c, err)
		}
		return nil, fail(ctx, "create host configs", err)
	}
	return out, nil
}

func createOp(c store.HostConfig) string { return fmt.Sprintf("create host config %q", c.Name) }

// UpdateHostConfig replaces the stored config with ID c.ID, and its whole
// interface list, in one transaction. Interfaces with ID 0 are new and get
// new IDs; others must be interfaces of that config (store.ErrNotFound
// otherwise); stored interfaces missing from c are deleted. Created is
// kept, Updated set to the current time, and interfaces come back ordered
// by ID. An unknown config is store.ErrNotFound; an object, name or
// non-empty host ID used by another config is store.ErrConflict. On error
// nothing changes.
func (s *Store) UpdateHostConfig(ctx context.Context, c store.HostConfig) (store.HostConfig, error) {
	op := fmt.Sprintf("update host config %d", c.ID)
	if err := ctx.Err(); err != nil {
		return store.HostConfig{}, err
	}
	c = c.Clone()
	c.Updated = s.stamp()
	err := s.write(ctx, "UpdateHostConfig", func(t *txn) error {
		var created int64
		// Lock the row first, so that concurrent updates of one config
		// take turns over its interface list too.
		err := t.queryRow(ctx, "SELECT created_ns FROM host_configs WHERE id = ?"+t.d.forUpdate(), c.ID).Scan(&created)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op)
		}
		if err != nil {
			return err
		}
		c.Created = fromNS(created)
		stored, err := interfaceIDs(ctx, t, c.ID)
		if err != nil {
			return err
		}
		if err := checkInterfaceIDs(op, c.Interfaces, stored); err != nil {
			return err
		}
		args, err := configArgs(c)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE host_configs SET name = ?, object_type = ?, object_id = ?, hostid = ?,
			status = ?, monitored_by = ?, proxy = ?, proxy_group = ?, templates = ?, host_groups = ?, description = ?,
			hand_edited = ?, tags = ?, updated_ns = ? WHERE id = ?`, append(args, toNS(c.Updated), c.ID)...); err != nil {
			return err
		}
		return replaceInterfaces(ctx, t, c.ID, c.Interfaces, stored)
	})
	if err != nil {
		if isUnique(err) && ctx.Err() == nil {
			return store.HostConfig{}, s.configConflict(ctx, op, c, err)
		}
		return store.HostConfig{}, fail(ctx, op, err)
	}
	slices.SortStableFunc(c.Interfaces, func(a, b store.Interface) int { return cmp.Compare(a.ID, b.ID) })
	return c, nil
}

// DeleteHostConfig deletes the host config with the given ID and its
// interfaces, or returns store.ErrNotFound.
func (s *Store) DeleteHostConfig(ctx context.Context, id int64) error {
	op := fmt.Sprintf("delete host config %d", id)
	return fail(ctx, op, s.write(ctx, "DeleteHostConfig", func(t *txn) error {
		// The config row first, as UpdateHostConfig locks it first, so
		// that the two never wait for each other's rows in a cycle. The
		// foreign key cascades to the interfaces; deleting them as well
		// keeps the store right on a connection without foreign keys.
		if err := deleteOne(ctx, t, op, "DELETE FROM host_configs WHERE id = ?", id); err != nil {
			return err
		}
		_, err := t.exec(ctx, "DELETE FROM interfaces WHERE config_id = ?", id)
		return err
	}))
}

// interfaceIDs returns the IDs of config id's stored interfaces.
func interfaceIDs(ctx context.Context, t *txn, id int64) (map[int64]bool, error) {
	rows, err := t.query(ctx, "SELECT id FROM interfaces WHERE config_id = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make(map[int64]bool)
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		ids[k] = true
	}
	return ids, rows.Err()
}

// checkInterfaceIDs checks that every non-zero interface ID in ifaces names
// one of stored, once.
func checkInterfaceIDs(op string, ifaces []store.Interface, stored map[int64]bool) error {
	seen := make(map[int64]bool, len(ifaces))
	for _, in := range ifaces {
		if in.ID == 0 {
			continue
		}
		if !stored[in.ID] {
			return notFound(fmt.Sprintf("%s: interface %d", op, in.ID))
		}
		if seen[in.ID] {
			return conflict(op, fmt.Sprintf("interface %d is listed twice", in.ID))
		}
		seen[in.ID] = true
	}
	return nil
}

// replaceInterfaces makes ifaces the interface list of config id: stored
// interfaces not in ifaces are deleted, the others updated, and the new
// ones (ID 0) inserted, their IDs set in ifaces.
func replaceInterfaces(ctx context.Context, t *txn, id int64, ifaces []store.Interface, stored map[int64]bool) error {
	kept := make(map[int64]bool, len(ifaces))
	for _, in := range ifaces {
		kept[in.ID] = true
	}
	for k := range stored {
		if !kept[k] {
			if _, err := t.exec(ctx, "DELETE FROM interfaces WHERE id = ?", k); err != nil {
				return err
			}
		}
	}
	var ins *stmt
	defer func() { ins.close() }()
	for i, in := range ifaces {
		args, err := interfaceArgs(in)
		if err != nil {
			return err
		}
		if in.ID != 0 {
			if _, err := t.exec(ctx, `UPDATE interfaces SET name = ?, type = ?, netbox_object_type = ?, netbox_object_id = ?,
				ip_address_id = ?, ip = ?, dns_name = ?, useip = ?, main = ?, port = ?, interfaceid = ?, hostid = ?,
				snmp = ?, snmp_authpassphrase = ?, snmp_privpassphrase = ?, snmp_community = ? WHERE id = ?`, append(args, in.ID)...); err != nil {
				return err
			}
			continue
		}
		if ins == nil {
			if ins, err = prepareInsertInterface(ctx, t); err != nil {
				return err
			}
		}
		if ifaces[i].ID, err = insertInterface(ctx, ins, id, in); err != nil {
			return err
		}
	}
	return nil
}

// prepareInsertInterface prepares the INSERT of an interface.
func prepareInsertInterface(ctx context.Context, t *txn) (*stmt, error) {
	return t.prepare(ctx, "INSERT INTO interfaces (config_id, "+interfaceColumns+") VALUES ("+placeholders(17)+") RETURNING id")
}

// insertInterface inserts in as an interface of config id and returns its
// new ID.
func insertInterface(ctx context.Context, ins *stmt, id int64, in store.Interface) (int64, error) {
	args, err := interfaceArgs(in)
	if err != nil {
		return 0, err
	}
	var newID int64
	err = ins.queryRow(ctx, append([]any{id}, args...)...).Scan(&newID)
	return newID, err
}

// configConflict explains a unique violation by c: it names the stored
// config in the way, or, when that cannot be read (a concurrent writer
// rolled back or deleted it), the rule from the database's error.
func (s *Store) configConflict(ctx context.Context, op string, c store.HostConfig, cause error) error {
	others, err := s.readConfigs(ctx, op,
		" WHERE c.id <> ? AND ((c.object_type = ? AND c.object_id = ?) OR c.name = ? OR c.hostid = ?)",
		c.ID, string(c.Object.Type), c.Object.ID, c.Name, nullString(c.HostID))
	if err == nil {
		for _, o := range others {
			if why := storerules.Clash(c, o, func() string { return fmt.Sprintf("host config %d", o.ID) }); why != "" {
				return conflict(op, why)
			}
		}
	}
	return fail(ctx, op, cause)
}
