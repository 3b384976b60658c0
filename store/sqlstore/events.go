package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// RecordEvent stores e with a new event ID. Its Created time is kept as
// given; Data, PreData and PostData are kept byte for byte.
func (s *Store) RecordEvent(ctx context.Context, e eventlog.Event) error {
	const op = "record event"
	var objType, objID any
	if e.Object != nil {
		objType, objID = string(e.Object.Type), e.Object.ID
	}
	return fail(ctx, op, s.write(ctx, "RecordEvent", func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO events (name, request_id, user_name, object_type, object_id, message,
			data, pre_data, post_data, exception, created_ns) VALUES (`+placeholders(11)+`)`,
			e.Name, e.RequestID, e.User, objType, objID, e.Message,
			nullBytes(e.Data), nullBytes(e.PreData), nullBytes(e.PostData), e.Exception, toNS(e.Created))
		return err
	}))
}

// Events returns the stored events that match q, newest first (ties: the
// later recorded first), at most q.Limit of them when it is positive.
func (s *Store) Events(ctx context.Context, q eventlog.Query) ([]eventlog.Event, error) {
	const op = "events"
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if q.Object != nil {
		conds = append(conds, "object_type = ? AND object_id = ?")
		args = append(args, string(q.Object.Type), q.Object.ID)
	}
	if !q.Since.IsZero() {
		conds = append(conds, "created_ns >= ?")
		args = append(args, toNS(q.Since))
	}
	if !q.Until.IsZero() {
		conds = append(conds, "created_ns < ?")
		args = append(args, toNS(q.Until))
	}
	query := `SELECT id, name, request_id, user_name, object_type, object_id, message, data, pre_data, post_data,
		exception, created_ns FROM events`
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	query += " ORDER BY created_ns DESC, id DESC"
	if q.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, q.Limit)
	}
	var out []eventlog.Event
	err := s.read(ctx, func(t *txn) error {
		rows, err := t.query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// scanEvent reads a row of Events' query.
func scanEvent(rows *sql.Rows) (eventlog.Event, error) {
	var e eventlog.Event
	var objType sql.NullString
	var objID sql.NullInt64
	var created int64
	var data, pre, post []byte
	if err := rows.Scan(&e.ID, &e.Name, &e.RequestID, &e.User, &objType, &objID, &e.Message,
		&data, &pre, &post, &e.Exception, &created); err != nil {
		return e, err
	}
	e.Data, e.PreData, e.PostData = data, pre, post
	if objType.Valid {
		e.Object = &netbox.Ref{Type: netbox.ObjectType(objType.String), ID: objID.Int64}
	}
	e.Created = fromNS(created)
	return e, nil
}
