package sqlstore

import (
	"strconv"
	"strings"
)

// Dialect is the SQL dialect of the database behind a Store. The two
// dialects share every query except for the few differences Dialect
// methods hide: placeholders, row locks, how a write transaction starts,
// how the database reports a broken constraint, and (in the migration
// files) type names.
type Dialect int

// The supported dialects.
const (
	// SQLite, through a database/sql driver for SQLite 3.35 or later (the
	// tests use modernc.org/sqlite). See the package documentation for the
	// connection string a Store needs.
	SQLite Dialect = iota + 1
	// Postgres is PostgreSQL 13 or later, through a database/sql driver
	// (the tests use github.com/jackc/pgx/v5/stdlib).
	Postgres
)

// String returns "sqlite" or "postgres", the names of the migration
// folders.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

// rebind rewrites the ? placeholders of query into the dialect's form: $1,
// $2, … for PostgreSQL. The queries of this package hold no ? other than
// placeholders.
func (d Dialect) rebind(query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// forUpdate is the clause that locks the rows a SELECT reads until the
// transaction ends. SQLite needs none: a write transaction there holds the
// whole database (BEGIN IMMEDIATE).
func (d Dialect) forUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// placeholders returns n comma-separated placeholders: "?, ?, ?".
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
