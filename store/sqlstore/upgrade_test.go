package sqlstore_test

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestUpgradeKeepsMappings: a mapping stored under schema version 3, before
// mappings named host groups by name, reads back after New migrates to the
// latest version with every field it had and no host group names, and
// takes names from then on.
func TestUpgradeKeepsMappings(t *testing.T) {
	for _, b := range fileBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			if _, err := db.Exec(`CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			files := sqlstoreMigrations(t, b.dialect)
			for i, name := range files[:3] {
				text, err := fs.ReadFile(sqlstore.MigrationFiles(b.dialect), name)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec(string(text)); err != nil {
					t.Fatalf("apply %s: %v", name, err)
				}
				if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (` + strconv.Itoa(i+1) + `, '` + name + `', 'before')`); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Exec(`INSERT INTO mappings (object_type, name, description, is_default, interface_type,
				sites, roles, platforms, templates, host_groups, proxy, proxy_group)
				VALUES ('dcim.device', 'old', 'stored by version 3', false, 1, '[1]', '[]', '[]',
				'[{"templateid":"10001","name":"Linux by Zabbix agent"}]', '[{"groupid":"2","name":"Linux servers"}]', NULL, NULL)`); err != nil {
				t.Fatal(err)
			}
			s := newStore(t, db, b.dialect)
			ms, err := s.Mappings(t.Context(), netbox.TypeDevice)
			if err != nil || len(ms) != 1 {
				t.Fatalf("Mappings after the upgrade = %+v, %v; want the one stored before", ms, err)
			}
			m := ms[0]
			if m.Name != "old" || len(m.Sites) != 1 || len(m.Templates) != 1 || len(m.HostGroups) != 1 || m.HostGroups[0].GroupID != "2" ||
				len(m.HostGroupNames) != 0 || m.InterfaceType != zabbix.InterfaceAgent {
				t.Errorf("mapping after the upgrade = %+v; want it as stored, without host group names", m)
			}
			m.HostGroupNames = []string{"Sites/{site}"}
			if _, err := s.PutMapping(t.Context(), m); err != nil {
				t.Fatal(err)
			}
			ms, err = s.Mappings(t.Context(), netbox.TypeDevice)
			if err != nil || len(ms) != 1 || strings.Join(ms[0].HostGroupNames, ",") != "Sites/{site}" {
				t.Errorf("Mappings after adding a name = %+v, %v", ms, err)
			}
		})
	}
}

// sqlstoreMigrations returns the names of the embedded migrations of d, in
// order.
func sqlstoreMigrations(t *testing.T, d sqlstore.Dialect) []string {
	t.Helper()
	names, err := fs.Glob(sqlstore.MigrationFiles(d), "*.sql")
	if err != nil || len(names) < 4 {
		t.Fatalf("embedded %s migrations: %v %v", d, names, err)
	}
	return names
}
