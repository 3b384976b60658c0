package mapping_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func TestFields(t *testing.T) {
	t.Parallel()
	s := store.DefaultSettings()
	s.ExcludeCustomFieldEnabled = false
	excluding := store.DefaultSettings()
	excluding.ExcludeCustomFieldEnabled = true
	for _, tc := range []struct {
		name     string
		s        store.Settings
		mappings []store.Mapping
		tags     store.TagMapping
		inv      store.InventoryMapping
		want     []string
	}{
		{"default device mappings", s, nil, mapping.DefaultTagMapping(netbox.TypeDevice), mapping.DefaultInventoryMapping(netbox.TypeDevice),
			[]string{"location", "name", "platform", "role", "site"}},
		{"default VM mappings", s, nil, mapping.DefaultTagMapping(netbox.TypeVirtualMachine), mapping.DefaultInventoryMapping(netbox.TypeVirtualMachine),
			[]string{"cluster", "location", "name", "platform", "role", "site"}},
		{"NetBox tags, exclusion, 3.x role, disabled fields", excluding, nil,
			store.TagMapping{Tags: []string{"production"}, Fields: []store.TagField{
				{Name: "Role", Path: "device_role.name", Enabled: true},
				{Name: "Serial", Path: "serial", Enabled: false},
				{Name: "Rack", Path: "rack.name", Enabled: true},
			}},
			store.InventoryMapping{Fields: []store.InventoryField{
				{Property: "serialno_a", Paths: []string{"asset_tag", "serial"}, Enabled: true},
				{Property: "notes", Paths: []string{"comments"}, Enabled: false},
				{Property: "empty", Paths: []string{""}, Enabled: true},
			}},
			[]string{"asset_tag", "custom_fields", "device_role", "rack", "role", "serial", "tags"}},
		{"nothing", s, nil, store.TagMapping{}, store.InventoryMapping{}, []string{}},
		{"mappings by site and platform", s, []store.Mapping{{Default: true}, {Sites: []int64{1}}, {Platforms: []int64{2}, Sites: []int64{3}}},
			store.TagMapping{}, store.InventoryMapping{}, []string{"platform", "site"}},
		{"the quick start's mappings", s, quickstartMappings(), store.TagMapping{}, store.InventoryMapping{}, []string{"role"}},
	} {
		got := mapping.Fields(tc.s, tc.mappings, tc.tags, tc.inv)
		if got == nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: Fields = %#v, want %#v", tc.name, got, tc.want)
		}
	}
}

// mappingSet is a tag and an inventory mapping applied together.
type mappingSet struct {
	name string
	tags store.TagMapping
	inv  store.InventoryMapping
}

// mappingSets are the mappings whose results must not depend on how NetBox
// was read: the defaults of both object types (the ones the quick start,
// examples/quickstart, provisions with), the summary-only mappings of
// provision's NetBox tests, and one path of every kind.
func mappingSets(t netbox.ObjectType) []mappingSet {
	return []mappingSet{
		{"defaults", mapping.DefaultTagMapping(t), mapping.DefaultInventoryMapping(t)},
		{"summaries and NetBox tags",
			store.TagMapping{ObjectType: t, Tags: []string{"production"}, Fields: []store.TagField{
				{Name: "Site", Path: "site.name", Enabled: true},
				{Name: "Role", Path: "role.name", Enabled: true},
				{Name: "Platform", Path: "platform.name", Enabled: true},
				{Name: "Serial", Path: "serial", Enabled: true},
			}},
			store.InventoryMapping{ObjectType: t, Fields: []store.InventoryField{
				{Property: "name", Paths: []string{"name"}, Enabled: true},
				{Property: "os", Paths: []string{"platform.name"}, Enabled: true},
				{Property: "location", Paths: []string{"location.name", "site.name"}, Enabled: true},
			}}},
		{"every kind of path",
			store.TagMapping{ObjectType: t, Tags: []string{"production", "linux"}, Fields: []store.TagField{
				{Name: "Status", Path: "status", Enabled: true},
				{Name: "StatusValue", Path: "status.value", Enabled: true},
				{Name: "Tenant", Path: "tenant.name", Enabled: true},
				{Name: "TenantSlug", Path: "tenant.slug", Enabled: true},
				{Name: "Tag", Path: "tags", Enabled: true},
				{Name: "TagSlug", Path: "tags.slug", Enabled: true},
				{Name: "Owner", Path: "custom_fields.asset_owner", Enabled: true},
				{Name: "OwnerTenant", Path: "custom_fields.owner_tenant.name", Enabled: true},
				{Name: "Contacts", Path: "custom_fields.contacts", Enabled: true},
				{Name: "Level", Path: "custom_fields.service_level", Enabled: true},
				{Name: "OldRole", Path: "device_role.name", Enabled: true},
				{Name: "RegionSlug", Path: "site.region.slug", Enabled: true},
				{Name: "Facility", Path: "site.facility", Enabled: true},
				{Name: "TimeZone", Path: "site.time_zone", Enabled: true},
				{Name: "Rack", Path: "rack.name", Enabled: true},
				{Name: "Face", Path: "face", Enabled: true},
				{Name: "NTP", Path: "config_context.ntp_servers", Enabled: true},
				{Name: "Backup", Path: "local_context_data.backup.enabled", Enabled: true},
				{Name: "Primary", Path: "primary_ip4.address", Enabled: true},
				{Name: "PrimaryFamily", Path: "primary_ip4.family", Enabled: true},
				{Name: "V6", Path: "primary_ip6.address", Enabled: true},
				{Name: "Cluster", Path: "cluster.name", Enabled: true},
				{Name: "Disabled", Path: "comments", Enabled: false},
			}},
			store.InventoryMapping{ObjectType: t, Fields: []store.InventoryField{
				{Property: "serialno_a", Paths: []string{"serial"}, Enabled: true},
				{Property: "asset_tag", Paths: []string{"asset_tag", "name"}, Enabled: true},
				{Property: "notes", Paths: []string{"comments", "description"}, Enabled: true},
				{Property: "hardware", Paths: []string{"vcpus", "position"}, Enabled: true},
				{Property: "software", Paths: []string{"memory", "interface_count"}, Enabled: true},
				{Property: "location", Paths: []string{"location.site.facility", "site.physical_address"}, Enabled: true},
				{Property: "location_lat", Paths: []string{"location.site.latitude", "site.latitude"}, Enabled: true},
				{Property: "contact", Paths: []string{"custom_fields.contacts"}, Enabled: true},
				{Property: "url_a", Paths: []string{"custom_fields.notes_url", "url"}, Enabled: true},
				{Property: "vendor", Paths: []string{"display"}, Enabled: true},
			}}},
	}
}

// quickstartMappings are the mappings examples/quickstart stores: which of
// them applies depends on the typed fields only (role, site, platform).
func quickstartMappings() []store.Mapping {
	linux := zabbix.Template{TemplateID: "10001", Name: "Linux by Zabbix agent"}
	return []store.Mapping{
		{ID: 1, ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true},
		{ID: 2, ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2}, InterfaceType: zabbix.InterfaceAgent,
			Templates: []zabbix.Template{linux}},
		{ID: 3, ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true, Templates: []zabbix.Template{linux}},
	}
}

// provisioned is what provisioning derives from an object read from NetBox.
type provisioned struct {
	Tags      []zabbix.Tag
	Inventory map[string]string
	Excluded  any
	Mapping   string
}

// TestFieldsKeepMappingResults reads the fixtures' device 1, device 3 and
// VM 1 from the fixture server of every NetBox version twice — every field,
// and only mapping.Fields of the mappings — expands both as provisioning
// does, and checks that every mapping set gives the same tags, inventory,
// exclusion value and resolved mapping, with config_context off and on.
// Against NetBox 4.x the lean read must send fewer bytes.
func TestFieldsKeepMappingResults(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123456789abcdef01234567"
	for _, v := range []string{"3.7", "4.2", "4.5"} {
		for _, withContext := range []bool{false, true} {
			srv := netboxtest.NewServer(t, netboxtest.ServerConfig{Dir: "../netbox/testdata/" + v, Tokens: []string{token}})
			c, err := netbox.New(netbox.Config{URL: srv.URL, Token: token, IncludeConfigContext: withContext})
			if err != nil {
				t.Fatal(err)
			}
			s := store.DefaultSettings()
			s.ExcludeCustomFieldEnabled = true
			for _, obj := range []netbox.Ref{netbox.DeviceRef(1), netbox.DeviceRef(3), netbox.VMRef(1)} {
				for _, ms := range mappingSets(obj.Type) {
					fields := mapping.Fields(s, quickstartMappings(), ms.tags, ms.inv)
					srv.Reset()
					full := derive(t, c, s, ms, netbox.Query{Type: obj.Type, IDs: []int64{obj.ID}})
					fullBytes := srv.Stats().Bytes
					srv.Reset()
					lean := derive(t, c, s, ms, netbox.Query{Type: obj.Type, IDs: []int64{obj.ID}, Fields: fields})
					leanBytes := srv.Stats().Bytes
					what := v + " " + obj.String() + " " + ms.name
					if withContext {
						what += " with config_context"
					}
					if diff := cmp.Diff(full, lean); diff != "" {
						t.Errorf("%s: a read of fields %q gives other results than a read of every field (-every +lean):\n%s", what, fields, diff)
					}
					if v != "3.7" && leanBytes >= fullBytes {
						t.Errorf("%s: %d bytes read with Fields, %d of every field", what, leanBytes, fullBytes)
					}
					if len(full.Tags) < 2 || len(full.Inventory) == 0 {
						t.Errorf("%s: tags %v, inventory %v: the comparison proves nothing", what, full.Tags, full.Inventory)
					}
				}
			}
			// Many at once (list requests) as one.
			for _, ms := range mappingSets(netbox.TypeDevice) {
				fields := mapping.Fields(s, quickstartMappings(), ms.tags, ms.inv)
				full := deriveAll(t, c, s, ms, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 3}})
				lean := deriveAll(t, c, s, ms, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1, 3}, Fields: fields})
				if diff := cmp.Diff(full, lean); diff != "" {
					t.Errorf("%s devices 1 and 3, %s: results differ (-every +lean):\n%s", v, ms.name, diff)
				}
			}
		}
	}
}

// TestFieldsKeepExpectedResults pins a few results of the comparison to
// what the fixtures hold, through the lean read, so that both reads could
// not agree on being wrong.
func TestFieldsKeepExpectedResults(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123456789abcdef01234567"
	srv := netboxtest.NewServer(t, netboxtest.ServerConfig{Dir: "../netbox/testdata/4.5", Tokens: []string{token}})
	c, err := netbox.New(netbox.Config{URL: srv.URL, Token: token, IncludeConfigContext: true})
	if err != nil {
		t.Fatal(err)
	}
	s := store.DefaultSettings()
	ms := mappingSets(netbox.TypeDevice)[2]
	got := derive(t, c, s, ms, netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1}, Fields: mapping.Fields(s, quickstartMappings(), ms.tags, ms.inv)})
	for _, want := range []zabbix.Tag{
		{Tag: "Production", Value: "Production"}, {Tag: "Linux", Value: "Linux"}, {Tag: "Owner", Value: "ops-team"},
		{Tag: "OldRole", Value: "Web server"}, {Tag: "RegionSlug", Value: "stockholm"}, {Tag: "NTP", Value: "192.0.2.1"},
		{Tag: "Rack", Value: "R01"}, {Tag: "Tenant", Value: "Acme"}, {Tag: "Primary", Value: "192.0.2.10/24"},
	} {
		if !slices.Contains(got.Tags, want) {
			t.Errorf("tags %v lack %v", got.Tags, want)
		}
	}
	if got.Inventory["serialno_a"] != "SN-0001" || got.Inventory["contact"] != "noc, ops" || got.Mapping != "Web servers" || got.Excluded != false {
		t.Errorf("inventory %v, mapping %q, exclusion value %v", got.Inventory, got.Mapping, got.Excluded)
	}
}

// derive reads the one object q selects and derives what provisioning
// would from it.
func derive(t *testing.T, c *netbox.Client, s store.Settings, ms mappingSet, q netbox.Query) provisioned {
	t.Helper()
	all := deriveAll(t, c, s, ms, q)
	if len(all) != 1 {
		t.Fatalf("Objects(%v) gave %d objects, want 1", q, len(all))
	}
	return all[0]
}

// deriveAll reads the objects q selects, expands them by the mappings'
// paths through Fetch, and derives tags, inventory, the exclusion custom
// field's value and the quick start's mapping that applies.
func deriveAll(t *testing.T, c *netbox.Client, s store.Settings, ms mappingSet, q netbox.Query) []provisioned {
	t.Helper()
	objs, err := c.Objects(t.Context(), q)
	if err != nil {
		t.Fatalf("Objects(%v): %v", q, err)
	}
	var paths []string
	for _, f := range ms.tags.Fields {
		if f.Enabled {
			paths = append(paths, f.Path)
		}
	}
	for _, f := range ms.inv.Fields {
		if f.Enabled {
			paths = append(paths, f.Paths...)
		}
	}
	var out []provisioned
	for _, o := range objs {
		if err := mapping.Expand(t.Context(), o, paths, c.Fetch); err != nil {
			t.Fatalf("Expand(%s): %v", o, err)
		}
		p := provisioned{Tags: mapping.Tags(s, ms.tags, o), Inventory: mapping.Inventory(ms.inv, o),
			Excluded: o.CustomFields[s.ExcludeCustomFieldName]}
		m, err := mapping.Resolve(quickstartMappings(), o, zabbix.InterfaceAgent)
		if err != nil {
			t.Fatalf("Resolve(%s): %v", o, err)
		}
		p.Mapping = m.Name
		out = append(out, p)
	}
	return out
}
