// Package sqlstore is a store.Store in a SQL database: SQLite for a single
// machine, PostgreSQL when workers on several machines share state. It
// passes the storetest conformance suite on both, and keeps the store's
// rules in the database itself, so that they hold between processes.
//
// The package imports no database driver and registers nothing: the caller
// opens a *sql.DB with the driver of its choice and hands it to New, which
// checks it and brings its schema up to date:
//
//	db, err := sql.Open("sqlite", "file:/var/lib/nbzbx/store.db?"+
//		"_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
//	...
//	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
//
// The Store does not close db; the caller does, after its last use.
//
// # Backends
//
// SQLite needs a driver for SQLite 3.35 or later; the tests use
// modernc.org/sqlite (pure Go, driver name "sqlite"). The Store relies on
// two per-connection settings and checks them in New, so they belong in
// the connection string, which that driver runs on every new connection:
//
//   - _pragma=foreign_keys(1): interfaces reference their config. New
//     fails without it.
//   - _pragma=busy_timeout(5000): how long, in milliseconds, a connection
//     waits for another process's write lock before "database is locked".
//     New fails on a database file without one.
//   - _pragma=journal_mode(WAL) (recommended; New logs a warning without
//     it): readers do not wait for the writer. The mode is a property of
//     the file, set by the first connection; when several processes open
//     a new file at once, New retries the SQLITE_BUSY that the switch can
//     cause.
//   - _pragma=synchronous(NORMAL) (optional): in WAL mode, commits survive
//     a crash of the process but may be lost on a power failure; it makes
//     commits several times faster. Leave it out to sync every commit.
//
// A file database may be shared by several processes on one machine (not
// over a network file system, where WAL cannot work). An in-memory
// database exists once per connection, so give it exactly one:
//
//	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
//	db.SetMaxOpenConns(1) // every connection to :memory: is a database of its own
//
// and keep the *sql.DB open for as long as the data is wanted (do not set a
// connection lifetime: a closed connection takes the database with it). On
// such a database every call of the Store queues for the one connection,
// in order.
//
// PostgreSQL 13 or later needs a driver such as pgx's database/sql adapter
// (github.com/jackc/pgx/v5/stdlib, driver name "pgx"):
//
//	db, err := sql.Open("pgx", "postgres://nbzbx:secret@db.example.net:5432/nbzbx?sslmode=verify-full&search_path=nbzbx")
//
// The tables live in the connection's current schema (search_path), so
// stores in separate schemas of one database are independent, locks
// included. Each Lock holds a connection of its own until unlock, and the
// operation it protects needs others for its reads and writes: leave
// db.SetMaxOpenConns unlimited (the default) or well above twice the
// number of operations that run at once (New refuses a limit of one).
// Lock needs session-level
// advisory locks, so connect to PostgreSQL directly or through a pooler
// in session mode, not in transaction mode.
//
// Both dialects keep the same tables: settings, mappings, tag_mappings,
// inventory_mappings, host_configs, interfaces (one table, so interface
// IDs are unique across the store), events and schema_migrations. Lists
// and nested records are JSON (JSONB on PostgreSQL); times are Unix
// nanoseconds, so they read back exactly (between the years 1678 and 2262;
// the zero time reads back as zero); event data is kept byte for byte.
// Secrets (the TLS PSK, SNMPv3 passphrases) are stored as they are, in
// columns of their own, since provisioning needs them back: protect the
// database file or role as you would the secrets.
//
// # Errors
//
// A missing record wraps store.ErrNotFound (sql.ErrNoRows never reaches
// the caller) and a broken uniqueness rule wraps store.ErrConflict; the
// text names the operation, the key and, for a conflict, the rule and the
// record in the way:
//
//	sqlstore: host config for device 42: store: not found
//	sqlstore: create host config "z-web": device 1 already has host config 3: store: conflict
//
// The rules are the database's own constraints: UNIQUE (object_type,
// object_id), UNIQUE (name) and UNIQUE (hostid) of host configs (a
// config without a Zabbix host stores NULL, and NULLs do not clash),
// UNIQUE (object_type, name) of mappings, and the interfaces' foreign key
// to their config (ON DELETE CASCADE). When two writers race past each
// other's checks, the constraint refuses the second (PostgreSQL SQLSTATE
// 23505, SQLite SQLITE_CONSTRAINT_UNIQUE), and the error still wraps
// store.ErrConflict and names the rule.
//
// A method called with an ended context returns an error wrapping the
// context's error and changes nothing. Other errors are the driver's,
// wrapped with the operation. New fails with an error wrapping
// ErrSchemaTooNew when the database was migrated by a newer version of
// this package.
//
// # Concurrency
//
// A Store is safe for concurrent use, and any number of Stores, in one
// process or many, may share a database.
//
// Every write is one transaction: CreateHostConfigs stores all its configs
// and their interfaces or none, and UpdateHostConfig replaces a config and
// its whole interface list at once. A process killed in the middle of a
// write leaves nothing of it (the tests kill one just before COMMIT, on
// both dialects). Reads are single statements, so a config and its
// interfaces are always read from one snapshot. On PostgreSQL,
// transactions are READ COMMITTED, and UpdateHostConfig locks the config's
// row (SELECT … FOR UPDATE) so that updates of one config take turns. On
// SQLite, where one writer at a time holds the database, a Store's writes
// queue in Go (honouring their contexts) and each begins with BEGIN
// IMMEDIATE, which takes the write lock up front, waiting up to the busy
// timeout for other processes, so that no transaction fails half-way to
// upgrade a read lock with "database is locked".
//
// Lock keeps provisioning runs for one object apart across goroutines and
// processes, and a lock dies with its holder, so a killed worker never
// leaves an object locked:
//
//   - PostgreSQL: session-level advisory locks (pg_advisory_lock), on a
//     connection that the Lock call takes from the pool for itself and
//     keeps until unlock. The key of an object is a 64-bit FNV-1a hash of
//     the schema, the object type and the ID, so it is the same in every
//     process; a Lock of several objects takes their keys in ascending
//     order, in one statement, so two Locks never wait for each other in
//     a cycle. Unlock releases them (pg_advisory_unlock_all) and returns
//     the connection to the pool; if the process dies, its connections
//     close and the server releases the locks. The connection must be the
//     call's alone, because a session may take its own advisory lock
//     again. When the context ends while Lock waits, Lock asks the server
//     to cancel the wait (pg_cancel_backend): drivers would otherwise
//     drop the connection while the server went on waiting, holding the
//     keys already taken.
//   - SQLite has no locks finer than the database, and holding its write
//     lock for a whole provisioning run would stop every other write. A
//     Lock first excludes the goroutines of this process (all its objects
//     at once, or none while any is taken), then, for a database file,
//     other processes, through write locks on one byte per object key in
//     the file named like the database with "-locks" appended. These are
//     Linux open file description locks (F_OFD_SETLK), which the kernel
//     releases when the holder closes the file or dies; Lock polls for
//     them (1 to 50 ms apart) so that it can honour its context. On other
//     platforms a SQLite Lock excludes the goroutines of its own process
//     only: share a SQLite file between processes there only if they
//     never provision the same object at once, or use PostgreSQL. An
//     in-memory database has one process by nature.
//
// Two objects whose keys collide merely wait for each other.
//
// # Migrations
//
// The schema is created and upgraded by numbered SQL files embedded in the
// package, one set per dialect (migrations/sqlite/0001_init.sql,
// migrations/postgres/0001_init.sql, …). New applies the ones the
// database lacks, in order, in one transaction, and records each in
// schema_migrations (version, file name, time); a failure leaves the
// database as it was. Processes that open one database at once take turns:
// on PostgreSQL the transaction first takes an advisory lock
// (pg_advisory_xact_lock, keyed by the schema), on SQLite it begins with
// BEGIN IMMEDIATE. A database whose recorded version is higher than the
// newest file is left alone, and New fails with ErrSchemaTooNew naming
// both versions: run the newer program, or point this one at another
// database.
package sqlstore
