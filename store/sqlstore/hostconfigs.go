package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// configColumns are the columns of a host config after its ID, in the order
// of configArgs.
const configColumns = `name, object_type, object_id, hostid, status, monitored_by, proxy, proxy_group,
	templates, host_groups, description, hand_edited, tags`

// selectConfigs reads configs with their interfaces, in one statement (so
// one consistent snapshot), ordered by config ID and then interface ID.
// The WHERE clause that follows names the config table c.
const selectConfigs = `SELECT c.id, c.name, c.object_type, c.object_id, c.hostid, c.status, c.monitored_by,
	c.proxy, c.proxy_group, c.templates, c.host_groups, c.description, c.hand_edited, c.tags, c.created_ns, c.updated_ns,
	i.id, i.name, i.type, i.netbox_object_type, i.netbox_object_id, i.ip_address_id, i.ip, i.dns_name,
	i.useip, i.main, i.port, i.interfaceid, i.hostid, i.snmp, i.snmp_authpassphrase, i.snmp_privpassphrase, i.snmp_community
	FROM host_configs c LEFT JOIN interfaces i ON i.config_id = c.id`

// configArgs returns the values of configColumns for c; an empty host ID
// is NULL, so that any number of configs can lack one.
func configArgs(c store.HostConfig) ([]any, error) {
	var j jsonArgs
	return []any{c.Name, string(c.Object.Type), c.Object.ID, nullString(c.HostID), c.Status, c.MonitoredBy,
		j.nullable(c.Proxy), j.nullable(c.ProxyGroup), j.value(c.Templates), j.value(c.HostGroups), c.Description,
		c.HandEdited, j.value(c.Tags)}, j.err
}

// HostConfig returns the host config with the given ID, or an error
// wrapping store.ErrNotFound.
func (s *Store) HostConfig(ctx context.Context, id int64) (store.HostConfig, error) {
	op := fmt.Sprintf("host config %d", id)
	cs, err := s.readConfigs(ctx, op, " WHERE c.id = ?", id)
	if err != nil {
		return store.HostConfig{}, err
	}
	if len(cs) == 0 {
		return store.HostConfig{}, notFound(op)
	}
	return cs[0], nil
}

// HostConfigByObject returns the host config of obj, or an error wrapping
// store.ErrNotFound.
func (s *Store) HostConfigByObject(ctx context.Context, obj netbox.Ref) (store.HostConfig, error) {
	op := "host config for " + obj.String()
	cs, err := s.readConfigs(ctx, op, " WHERE c.object_type = ? AND c.object_id = ?", string(obj.Type), obj.ID)
	if err != nil {
		return store.HostConfig{}, err
	}
	if len(cs) == 0 {
		return store.HostConfig{}, notFound(op)
	}
	return cs[0], nil
}

// FindHostConfigs returns the host configs that match f, ordered by ID. A
// config matches when its object, host ID or name is listed in f; an empty
// host ID in f.HostIDs matches nothing, and an empty filter matches every
// config.
func (s *Store) FindHostConfigs(ctx context.Context, f store.HostConfigFilter) ([]store.HostConfig, error) {
	const op = "find host configs"
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(f.Objects) == 0 && len(f.HostIDs) == 0 && len(f.Names) == 0 {
		return s.readConfigs(ctx, op, "")
	}
	var conds []string
	var args []any
	for _, o := range f.Objects {
		conds = append(conds, "(c.object_type = ? AND c.object_id = ?)")
		args = append(args, string(o.Type), o.ID)
	}
	var hostIDs []any
	for _, h := range f.HostIDs {
		if h != "" {
			hostIDs = append(hostIDs, h)
		}
	}
	if len(hostIDs) > 0 {
		conds = append(conds, "c.hostid IN ("+placeholders(len(hostIDs))+")")
		args = append(args, hostIDs...)
	}
	if len(f.Names) > 0 {
		conds = append(conds, "c.name IN ("+placeholders(len(f.Names))+")")
		for _, n := range f.Names {
			args = append(args, n)
		}
	}
	if len(conds) == 0 {
		return nil, nil // only empty host IDs, which match nothing
	}
	return s.readConfigs(ctx, op, " WHERE "+strings.Join(conds, " OR "), args...)
}

// readConfigs runs selectConfigs with the WHERE clause where.
func (s *Store) readConfigs(ctx context.Context, op, where string, args ...any) ([]store.HostConfig, error) {
	var out []store.HostConfig
	err := s.read(ctx, func(t *txn) error {
		rows, err := t.query(ctx, selectConfigs+where+" ORDER BY c.id, i.id", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, in, err := scanConfigRow(rows)
			if err != nil {
				return err
			}
			if n := len(out); n == 0 || out[n-1].ID != c.ID {
				out = append(out, c)
			}
			if in != nil {
				last := &out[len(out)-1]
				last.Interfaces = append(last.Interfaces, *in)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// scanConfigRow reads one row of selectConfigs: a config and one of its
// interfaces (nil for a config without any).
func scanConfigRow(rows *sql.Rows) (store.HostConfig, *store.Interface, error) {
	var c store.HostConfig
	var hostID sql.NullString
	var proxy, proxyGroup, templates, groups, tags []byte
	var created, updated int64
	var ir interfaceRow
	dest := append([]any{&c.ID, &c.Name, &c.Object.Type, &c.Object.ID, &hostID, &c.Status, &c.MonitoredBy,
		&proxy, &proxyGroup, &templates, &groups, &c.Description, &c.HandEdited, &tags, &created, &updated}, ir.dest()...)
	if err := rows.Scan(dest...); err != nil {
		return c, nil, err
	}
	c.HostID = hostID.String
	c.Created, c.Updated = fromNS(created), fromNS(updated)
	err := errors.Join(fromJSON(proxy, &c.Proxy), fromJSON(proxyGroup, &c.ProxyGroup),
		fromJSON(templates, &c.Templates), fromJSON(groups, &c.HostGroups), fromJSON(tags, &c.Tags))
	if err != nil {
		return c, nil, err
	}
	in, ok, err := ir.get()
	if err != nil || !ok {
		return c, nil, err
	}
	return c, &in, nil
}
