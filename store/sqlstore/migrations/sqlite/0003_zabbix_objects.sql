-- The templates, host groups, proxies and proxy groups last read from
-- Zabbix (ImportZabbixSettings), as one document.

CREATE TABLE zabbix_objects (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	data     TEXT NOT NULL, -- store.ZabbixObjects
	imported_ns BIGINT NOT NULL -- Unix nanoseconds, as events.created_ns
);
