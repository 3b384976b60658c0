package sqlstore_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// TestErrorText pins the wording of the errors, the same on every backend:
// operation, key and, for conflicts, the rule and the record in the way.
func TestErrorText(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := t.Context()
			db, _, _ := b.open(t)
			s := newStore(t, db, b.dialect)
			if _, err := s.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "web"}); err != nil {
				t.Fatal(err)
			}
			a, b2 := deviceConfig(1, 1), deviceConfig(2, 1)
			a.HostID = "10001"
			cs, err := s.CreateHostConfigs(ctx, []store.HostConfig{a, b2})
			if err != nil {
				t.Fatal(err)
			}
			update := func(f func(c *store.HostConfig)) error {
				c := cs[1].Clone()
				f(&c)
				_, err := s.UpdateHostConfig(ctx, c)
				return err
			}
			create := func(cs ...store.HostConfig) error { _, err := s.CreateHostConfigs(ctx, cs); return err }
			renamed := func(c store.HostConfig, name string) store.HostConfig { c.Name = name; return c }
			for _, tc := range []struct {
				err  error
				want string
			}{
				{func() error { _, err := s.Settings(ctx); return err }(),
					"sqlstore: settings: store: not found"},
				{func() error { _, err := s.HostConfigByObject(ctx, netbox.DeviceRef(42)); return err }(),
					"sqlstore: host config for device 42: store: not found"},
				{func() error { _, err := s.HostConfig(ctx, 42); return err }(),
					"sqlstore: host config 42: store: not found"},
				{func() error { _, err := s.TagMapping(ctx, netbox.TypeVirtualMachine); return err }(),
					"sqlstore: tag mapping for virtual machine: store: not found"},
				{func() error { _, err := s.InventoryMapping(ctx, netbox.TypeDevice); return err }(),
					"sqlstore: inventory mapping for device: store: not found"},
				{s.DeleteMapping(ctx, 9),
					"sqlstore: delete mapping 9: store: not found"},
				{func() error {
					_, err := s.PutMapping(ctx, store.Mapping{ID: 9, ObjectType: netbox.TypeDevice, Name: "x"})
					return err
				}(),
					"sqlstore: update mapping 9: store: not found"},
				{func() error {
					_, err := s.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "web"})
					return err
				}(),
					`sqlstore: create mapping "web": device mapping name "web" is taken by mapping 1: store: conflict`},
				{create(renamed(deviceConfig(1, 1), "z-c")),
					`sqlstore: create host config "z-c": device 1 already has host config 1: store: conflict`},
				{create(renamed(deviceConfig(3, 1), "z-dev-2")),
					`sqlstore: create host config "z-dev-2": name "z-dev-2" is taken by host config 2: store: conflict`},
				{create(deviceConfig(3, 1), renamed(deviceConfig(4, 1), "z-dev-3")),
					`sqlstore: create host config "z-dev-3": name "z-dev-3" is taken by configs[0] of the same call: store: conflict`},
				{update(func(c *store.HostConfig) { c.HostID = "10001" }),
					`sqlstore: update host config 2: Zabbix host ID "10001" is taken by host config 1: store: conflict`},
				{update(func(c *store.HostConfig) { c.Interfaces = []store.Interface{cs[0].Interfaces[0]} }),
					"sqlstore: update host config 2: interface 1: store: not found"},
				{update(func(c *store.HostConfig) { c.Interfaces = append(c.Interfaces, c.Interfaces[0]) }),
					"sqlstore: update host config 2: interface 2 is listed twice: store: conflict"},
				{update(func(c *store.HostConfig) { c.ID = 42 }),
					"sqlstore: update host config 42: store: not found"},
				{s.DeleteHostConfig(ctx, 42),
					"sqlstore: delete host config 42: store: not found"},
				{func() error {
					cctx, cancel := context.WithCancel(ctx)
					cancel()
					_, err := s.Lock(cctx, netbox.DeviceRef(1), netbox.VMRef(2))
					return err
				}(),
					"sqlstore: lock device 1, virtual machine 2: context canceled"},
			} {
				got := "<nil>"
				if tc.err != nil {
					got = tc.err.Error()
				}
				if got != tc.want {
					t.Errorf("error text\n got: %s\nwant: %s", got, tc.want)
				}
			}
		})
	}
}

// TestUniqueViolations: the database's own unique-constraint errors (which
// decide when two writers race past each other) are recognised and named
// by rule, on both dialects.
func TestUniqueViolations(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			newStore(t, db, b.dialect)
			insertConfig := func(name, objType string, objID int, hostID any) error {
				_, err := db.Exec(rebind(b.dialect, `INSERT INTO host_configs (name, object_type, object_id, hostid, status, monitored_by,
					templates, host_groups, description, created_ns, updated_ns) VALUES (?, ?, ?, ?, 0, 0, '[]', '[]', '', 0, 0)`),
					name, objType, objID, hostID)
				return err
			}
			if err := insertConfig("z-a", "dcim.device", 1, "10001"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`INSERT INTO mappings (object_type, name, description, is_default, interface_type, sites, roles,
				platforms, templates, host_groups) VALUES ('dcim.device', 'web', '', false, 0, '[]', '[]', '[]', '[]', '[]')`); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				err  error
				rule string
			}{
				{insertConfig("z-b", "dcim.device", 1, nil), "one host config per object"},
				{insertConfig("z-a", "dcim.device", 2, nil), "unique host config names"},
				{insertConfig("z-b", "dcim.device", 2, "10001"), "unique Zabbix host IDs"},
				{func() error {
					_, err := db.Exec(`INSERT INTO mappings (object_type, name, description, is_default, interface_type, sites, roles,
						platforms, templates, host_groups) VALUES ('dcim.device', 'web', '', false, 0, '[]', '[]', '[]', '[]', '[]')`)
					return err
				}(), "unique mapping names per object type"},
			} {
				unique, rule := sqlstore.UniqueViolation(tc.err)
				if !unique || rule != tc.rule {
					t.Errorf("error %v: unique %v, rule %q; want true, %q", tc.err, unique, rule, tc.rule)
				}
			}
			// Two configs without a host ID are fine: NULLs are distinct.
			if err := errors.Join(insertConfig("z-c", "dcim.device", 3, nil), insertConfig("z-d", "dcim.device", 4, nil)); err != nil {
				t.Errorf("two configs without host IDs: %v", err)
			}
			// An empty host ID is refused: the store writes NULL.
			if err := insertConfig("z-e", "dcim.device", 5, ""); err == nil {
				t.Error("a config with host ID '' was stored; the CHECK constraint should refuse it")
			}
			// An interface needs its config.
			if _, err := db.Exec(`INSERT INTO interfaces (config_id, name, type, netbox_object_type, netbox_object_id, ip_address_id,
				ip, dns_name, useip, main, port, interfaceid, hostid) VALUES (999, 'x', 1, '', 0, 0, '', '', 1, 1, 10050, '', '')`); err == nil {
				t.Error("an interface of a config that does not exist was stored; the foreign key should refuse it")
			}
		})
	}
}

// rebind turns ? placeholders into $n for PostgreSQL.
func rebind(d sqlstore.Dialect, q string) string {
	if d != sqlstore.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}
