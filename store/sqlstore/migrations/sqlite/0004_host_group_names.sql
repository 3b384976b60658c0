-- Mappings name host groups by name too (store.Mapping.HostGroupNames):
-- fixed names and patterns resolved per object. Mappings stored before
-- name none.

ALTER TABLE mappings ADD COLUMN host_group_names TEXT NOT NULL DEFAULT '[]'; -- JSON array of names and patterns
