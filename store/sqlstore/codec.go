package sqlstore

import (
	"encoding/json"
	"math"
	"time"
)

// Times are stored as Unix nanoseconds (BIGINT in both dialects), so they
// read back exactly and compare in SQL exactly as in Go. The zero time is
// stored as the smallest int64 and reads back as the zero time; other
// times are clamped to the years 1678 to 2262 that int64 nanoseconds
// cover.
const nsLimitSeconds = math.MaxInt64 / int64(time.Second)

// toNS returns t as stored.
func toNS(t time.Time) int64 {
	switch sec := t.Unix(); {
	case t.IsZero():
		return math.MinInt64
	case sec <= -nsLimitSeconds:
		return math.MinInt64 + 1
	case sec >= nsLimitSeconds:
		return math.MaxInt64
	}
	return t.UnixNano()
}

// fromNS returns the time stored as ns, in UTC.
func fromNS(ns int64) time.Time {
	if ns == math.MinInt64 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// jsonArgs encodes values for JSON columns and keeps the first error.
// The values encoded hold no zabbix.Secret: secrets have their own columns.
type jsonArgs struct{ err error }

// value returns v encoded for a NOT NULL JSON column (a nil slice is the
// JSON null).
func (j *jsonArgs) value(v any) any {
	b, err := json.Marshal(v)
	if err != nil && j.err == nil {
		j.err = err
	}
	return string(b)
}

// nullable returns v encoded for a nullable JSON column: SQL NULL for a nil
// pointer.
func (j *jsonArgs) nullable(v any) any {
	if text := j.value(v); text != "null" {
		return text
	}
	return nil
}

// fromJSON decodes a JSON column; NULL leaves dst as it is.
func fromJSON(raw []byte, dst any) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, dst)
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// nullString returns nil (SQL NULL) for "" and s otherwise.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullBytes returns nil (SQL NULL) for an empty b and its text otherwise.
func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}
