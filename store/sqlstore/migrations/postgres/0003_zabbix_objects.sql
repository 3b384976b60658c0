-- The templates, host groups, proxies and proxy groups last read from
-- Zabbix (ImportZabbixSettings), as one document.

CREATE TABLE zabbix_objects (
	id       SMALLINT PRIMARY KEY CHECK (id = 1),
	data     JSONB NOT NULL, -- store.ZabbixObjects
	imported_ns BIGINT NOT NULL -- Unix nanoseconds, as events.created_ns
);
