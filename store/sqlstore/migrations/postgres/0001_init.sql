-- The store's tables (PostgreSQL). Times are Unix nanoseconds; JSON columns
-- hold no secrets: secrets have their own columns.

CREATE TABLE settings (
	id                  SMALLINT PRIMARY KEY CHECK (id = 1),
	data                JSONB NOT NULL, -- store.Settings, secrets blanked
	tls_psk             TEXT  NOT NULL,
	snmp_authpassphrase TEXT  NOT NULL,
	snmp_privpassphrase TEXT  NOT NULL
);

CREATE TABLE mappings (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	object_type    TEXT    NOT NULL,
	name           TEXT    NOT NULL,
	description    TEXT    NOT NULL,
	is_default     BOOLEAN NOT NULL,
	interface_type INTEGER NOT NULL,
	sites          JSONB   NOT NULL, -- arrays of NetBox IDs
	roles          JSONB   NOT NULL,
	platforms      JSONB   NOT NULL,
	templates      JSONB   NOT NULL, -- arrays of zabbix.Template
	host_groups    JSONB   NOT NULL, -- and zabbix.HostGroup
	proxy          JSONB,            -- zabbix.Proxy, NULL for none
	proxy_group    JSONB,            -- zabbix.ProxyGroup, NULL for none
	CONSTRAINT mappings_name_key UNIQUE (object_type, name)
);

CREATE TABLE tag_mappings (
	object_type TEXT PRIMARY KEY,
	fields      JSONB NOT NULL, -- array of store.TagField
	tags        JSONB NOT NULL  -- array of tag slugs
);

CREATE TABLE inventory_mappings (
	object_type TEXT PRIMARY KEY,
	fields      JSONB NOT NULL -- array of store.InventoryField
);

CREATE TABLE host_configs (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name         TEXT    NOT NULL,
	object_type  TEXT    NOT NULL,
	object_id    BIGINT  NOT NULL,
	hostid       TEXT CHECK (hostid <> ''), -- NULL until the Zabbix host exists
	status       INTEGER NOT NULL,
	monitored_by INTEGER NOT NULL,
	proxy        JSONB,
	proxy_group  JSONB,
	templates    JSONB   NOT NULL,
	host_groups  JSONB   NOT NULL,
	description  TEXT    NOT NULL,
	created_ns   BIGINT  NOT NULL,
	updated_ns   BIGINT  NOT NULL,
	CONSTRAINT host_configs_object_key UNIQUE (object_type, object_id),
	CONSTRAINT host_configs_name_key UNIQUE (name),
	CONSTRAINT host_configs_hostid_key UNIQUE (hostid) -- NULLs are distinct
);

-- One table for every config's interfaces, so interface IDs are unique
-- across the store.
CREATE TABLE interfaces (
	id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	config_id           BIGINT  NOT NULL REFERENCES host_configs (id) ON DELETE CASCADE,
	name                TEXT    NOT NULL,
	type                INTEGER NOT NULL,
	netbox_object_type  TEXT    NOT NULL, -- '' when the address is unassigned
	netbox_object_id    BIGINT  NOT NULL,
	ip_address_id       BIGINT  NOT NULL,
	ip                  TEXT    NOT NULL,
	dns_name            TEXT    NOT NULL,
	useip               INTEGER NOT NULL,
	main                INTEGER NOT NULL,
	port                INTEGER NOT NULL,
	interfaceid         TEXT    NOT NULL, -- '' until linked
	hostid              TEXT    NOT NULL,
	snmp                JSONB,            -- store.SNMPInterface, passphrases blanked; NULL for agent interfaces
	snmp_authpassphrase TEXT,
	snmp_privpassphrase TEXT
);
CREATE INDEX interfaces_config_id ON interfaces (config_id, id);

CREATE TABLE events (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name        TEXT   NOT NULL,
	request_id  TEXT   NOT NULL,
	user_name   TEXT   NOT NULL,
	object_type TEXT,  -- NULL when the event is about no object
	object_id   BIGINT,
	message     TEXT   NOT NULL,
	data        TEXT,  -- the caller's JSON, byte for byte (TEXT, not JSONB, which would reformat it)
	pre_data    TEXT,
	post_data   TEXT,
	exception   TEXT   NOT NULL,
	created_ns  BIGINT NOT NULL
);
CREATE INDEX events_created ON events (created_ns, id);
CREATE INDEX events_object ON events (object_type, object_id, created_ns, id);
