-- The life cycle after provisioning: SNMP communities are secrets with
-- columns of their own, configs can be marked as edited by hand, and
-- remember the tags the library last wrote to their host.

ALTER TABLE settings ADD COLUMN snmp_community TEXT NOT NULL DEFAULT '';
ALTER TABLE host_configs ADD COLUMN hand_edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE host_configs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'; -- JSON array of zabbix.Tag
ALTER TABLE interfaces ADD COLUMN snmp_community TEXT;
