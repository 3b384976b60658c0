-- The store's tables (SQLite). Times are Unix nanoseconds; JSON columns hold
-- no secrets: secrets have their own columns.

CREATE TABLE settings (
	id                  INTEGER PRIMARY KEY CHECK (id = 1),
	data                TEXT NOT NULL, -- store.Settings as JSON, secrets blanked
	tls_psk             TEXT NOT NULL,
	snmp_authpassphrase TEXT NOT NULL,
	snmp_privpassphrase TEXT NOT NULL
);

CREATE TABLE mappings (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	object_type    TEXT    NOT NULL,
	name           TEXT    NOT NULL,
	description    TEXT    NOT NULL,
	is_default     INTEGER NOT NULL,
	interface_type INTEGER NOT NULL,
	sites          TEXT    NOT NULL, -- JSON arrays of NetBox IDs
	roles          TEXT    NOT NULL,
	platforms      TEXT    NOT NULL,
	templates      TEXT    NOT NULL, -- JSON arrays of zabbix.Template
	host_groups    TEXT    NOT NULL, -- and zabbix.HostGroup
	proxy          TEXT,             -- JSON zabbix.Proxy, NULL for none
	proxy_group    TEXT,             -- JSON zabbix.ProxyGroup, NULL for none
	CONSTRAINT mappings_name_key UNIQUE (object_type, name)
);

CREATE TABLE tag_mappings (
	object_type TEXT PRIMARY KEY,
	fields      TEXT NOT NULL, -- JSON array of store.TagField
	tags        TEXT NOT NULL  -- JSON array of tag slugs
);

CREATE TABLE inventory_mappings (
	object_type TEXT PRIMARY KEY,
	fields      TEXT NOT NULL -- JSON array of store.InventoryField
);

CREATE TABLE host_configs (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	name         TEXT    NOT NULL,
	object_type  TEXT    NOT NULL,
	object_id    INTEGER NOT NULL,
	hostid       TEXT CHECK (hostid <> ''), -- NULL until the Zabbix host exists
	status       INTEGER NOT NULL,
	monitored_by INTEGER NOT NULL,
	proxy        TEXT,
	proxy_group  TEXT,
	templates    TEXT    NOT NULL,
	host_groups  TEXT    NOT NULL,
	description  TEXT    NOT NULL,
	created_ns   INTEGER NOT NULL,
	updated_ns   INTEGER NOT NULL,
	CONSTRAINT host_configs_object_key UNIQUE (object_type, object_id),
	CONSTRAINT host_configs_name_key UNIQUE (name),
	CONSTRAINT host_configs_hostid_key UNIQUE (hostid) -- NULLs are distinct
);

-- One table for every config's interfaces, so interface IDs are unique
-- across the store.
CREATE TABLE interfaces (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	config_id           INTEGER NOT NULL REFERENCES host_configs (id) ON DELETE CASCADE,
	name                TEXT    NOT NULL,
	type                INTEGER NOT NULL,
	netbox_object_type  TEXT    NOT NULL, -- '' when the address is unassigned
	netbox_object_id    INTEGER NOT NULL,
	ip_address_id       INTEGER NOT NULL,
	ip                  TEXT    NOT NULL,
	dns_name            TEXT    NOT NULL,
	useip               INTEGER NOT NULL,
	main                INTEGER NOT NULL,
	port                INTEGER NOT NULL,
	interfaceid         TEXT    NOT NULL, -- '' until linked
	hostid              TEXT    NOT NULL,
	snmp                TEXT,             -- JSON store.SNMPInterface, passphrases blanked; NULL for agent interfaces
	snmp_authpassphrase TEXT,
	snmp_privpassphrase TEXT
);
CREATE INDEX interfaces_config_id ON interfaces (config_id, id);

CREATE TABLE events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	name        TEXT    NOT NULL,
	request_id  TEXT    NOT NULL,
	user_name   TEXT    NOT NULL,
	object_type TEXT,   -- NULL when the event is about no object
	object_id   INTEGER,
	message     TEXT    NOT NULL,
	data        TEXT,   -- the caller's JSON, byte for byte
	pre_data    TEXT,
	post_data   TEXT,
	exception   TEXT    NOT NULL,
	created_ns  INTEGER NOT NULL
);
CREATE INDEX events_created ON events (created_ns, id);
CREATE INDEX events_object ON events (object_type, object_id, created_ns, id);
