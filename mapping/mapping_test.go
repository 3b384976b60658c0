package mapping_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// device is a device as NetBox returns it, with a site expanded to carry
// region and coordinates, and a location whose site is a plain JSON object.
func device() *netbox.Object {
	return &netbox.Object{
		Type:   netbox.TypeDevice,
		ID:     42,
		Name:   "web-01",
		Status: netbox.Choice{Value: "active", Label: "Active"},
		Site: &netbox.Nested{ID: 1, Name: "DC1", Slug: "dc1", Attrs: map[string]any{
			"region":    map[string]any{"id": json.Number("7"), "name": "Europe", "slug": "europe"},
			"latitude":  json.Number("59.3293"),
			"longitude": 18.0686,
		}},
		Role:     &netbox.Nested{ID: 2, Name: "Web server", Slug: "web"},
		Platform: &netbox.Nested{ID: 3, Name: "Debian 12", Slug: "debian-12"},
		Location: &netbox.Nested{ID: 4, Name: "Room 1", Attrs: map[string]any{
			"site": map[string]any{"id": 1, "name": "DC1", "latitude": "59.1"},
		}},
		Tags: []netbox.Tag{{ID: 1, Name: "Production", Slug: "production"}, {ID: 2, Name: "PCI", Slug: "pci"}},
		CustomFields: map[string]any{
			"rack_unit": json.Number("12"),
			"owner":     "team-a",
			"empty":     nil,
			"contacts":  []any{"alice", "bob"},
			"ci":        map[string]any{"id": 9, "display": "CI-9"},
		},
		Attrs: map[string]any{
			"serial":    "SN123",
			"asset_tag": nil,
			"rack":      map[string]any{"id": 5, "name": "R5"},
		},
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want []string // Texts of the value; nil when it must not resolve
	}{
		{"name", []string{"web-01"}},
		{"id", []string{"42"}},
		{"status", []string{"Active"}},
		{"status.value", []string{"active"}},
		{"site", []string{"DC1"}},
		{"site.name", []string{"DC1"}},
		{"site.slug", []string{"dc1"}},
		{"site.region", []string{"Europe"}},
		{"site.region.slug", []string{"europe"}},
		{"site.latitude", []string{"59.3293"}},
		{"site.longitude", []string{"18.0686"}},
		{"role.name", []string{"Web server"}},
		{"device_role.name", []string{"Web server"}},
		{"platform.name", []string{"Debian 12"}},
		{"location.site.latitude", []string{"59.1"}},
		{"tags", []string{"Production", "PCI"}},
		{"tags.slug", []string{"production", "pci"}},
		{"custom_fields.rack_unit", []string{"12"}},
		{"custom_fields.owner", []string{"team-a"}},
		{"custom_fields.contacts", []string{"alice", "bob"}},
		{"custom_fields.ci", []string{"CI-9"}},
		{"serial", []string{"SN123"}},
		{"rack.name", []string{"R5"}},
		{"rack", []string{"R5"}},
		// Not resolving: missing fields, nulls, absent objects, bad paths.
		{"cluster.name", nil},
		{"tenant", nil},
		{"custom_fields.empty", nil},
		{"custom_fields.nope", nil},
		{"asset_tag", nil},
		{"site.nope", nil},
		{"name.length", nil},
		{"", nil},
		{"site..name", nil},
	}
	for _, tt := range tests {
		v, ok := mapping.Lookup(device(), tt.path)
		if tt.want == nil {
			if ok {
				t.Errorf("Lookup(%q) = %#v, want no value", tt.path, v)
			}
			continue
		}
		if !ok {
			t.Errorf("Lookup(%q) did not resolve, want %q", tt.path, tt.want)
			continue
		}
		if diff := cmp.Diff(tt.want, mapping.Texts(v)); diff != "" {
			t.Errorf("Texts(Lookup(%q)) (-want +got):\n%s", tt.path, diff)
		}
	}
}

func TestLookupNilObject(t *testing.T) {
	t.Parallel()
	if v, ok := mapping.Lookup(nil, "name"); ok {
		t.Fatalf("Lookup(nil) = %v, want no value", v)
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   any
		want string
		ok   bool
	}{
		{"x", "x", true},
		{"", "", false},
		{true, "true", true},
		{int64(7), "7", true},
		{3, "3", true},
		{1.5, "1.5", true},
		{json.Number("10"), "10", true},
		{&netbox.Nested{Display: "Shown"}, "Shown", true},
		{&netbox.Nested{Slug: "only-slug"}, "only-slug", true},
		{(*netbox.Nested)(nil), "", false},
		{netbox.Choice{Value: "v"}, "v", true},
		{netbox.Tag{Name: "t"}, "t", true},
		{&netbox.NestedIP{Address: "10.0.0.1/24"}, "10.0.0.1/24", true},
		{map[string]any{"label": "L", "value": "v"}, "L", true},
		{map[string]any{"id": 1}, "", false},
		{[]any{"a"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		got, ok := mapping.Text(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Text(%#v) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTags(t *testing.T) {
	t.Parallel()
	s := store.DefaultSettings()
	s.TagPrefix = "nb/"
	m := store.TagMapping{
		ObjectType: netbox.TypeDevice,
		Tags:       []string{"production", "not-on-object"},
		Fields: []store.TagField{
			{Name: "Site", Path: "site.name", Enabled: true},
			{Name: "Region", Path: "site.region", Enabled: true},
			{Name: "Disabled", Path: "name", Enabled: false},
			{Name: "Missing", Path: "cluster.name", Enabled: true},
			{Name: "Contact", Path: "custom_fields.contacts", Enabled: true},
			{Name: "Site", Path: "site.slug", Enabled: true},
			{Name: "Site", Path: "site.name", Enabled: true}, // duplicate: dropped
		},
	}
	want := []zabbix.Tag{
		{Tag: "nb/netbox_id", Value: "42"},
		{Tag: "nb/Production", Value: "Production"},
		{Tag: "nb/Site", Value: "DC1"},
		{Tag: "nb/Region", Value: "Europe"},
		{Tag: "nb/Contact", Value: "alice"},
		{Tag: "nb/Contact", Value: "bob"},
		{Tag: "nb/Site", Value: "dc1"},
	}
	if diff := cmp.Diff(want, mapping.Tags(s, m, device())); diff != "" {
		t.Errorf("Tags (-want +got):\n%s", diff)
	}
}

func TestTagsFormatting(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		format string
		want   []zabbix.Tag
	}{
		{store.TagNamesUpper, []zabbix.Tag{{Tag: "X-NETBOX_ID", Value: "42"}, {Tag: "X-SITE", Value: "DC1"}}},
		{store.TagNamesLower, []zabbix.Tag{{Tag: "x-netbox_id", Value: "42"}, {Tag: "x-site", Value: "DC1"}}},
		{store.TagNamesKeep, []zabbix.Tag{{Tag: "X-netbox_id", Value: "42"}, {Tag: "X-Site", Value: "DC1"}}},
	} {
		s := store.DefaultSettings()
		s.TagPrefix = "X-"
		s.TagNameFormatting = tt.format
		m := store.TagMapping{Fields: []store.TagField{
			{Name: "Site", Path: "site.name", Enabled: true},
			{Name: "SITE", Path: "site.name", Enabled: true}, // same after formatting, unless kept
		}}
		got := mapping.Tags(s, m, device())
		want := tt.want
		if tt.format == store.TagNamesKeep {
			want = append(want, zabbix.Tag{Tag: "X-SITE", Value: "DC1"})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Tags with %s (-want +got):\n%s", tt.format, diff)
		}
		tag, ok := mapping.DefaultTag(s, netbox.DeviceRef(42))
		if !ok || tag != want[0] {
			t.Errorf("DefaultTag with %s = %v, %v; want %v", tt.format, tag, ok, want[0])
		}
	}
}

func TestTagsWithoutDefaultTag(t *testing.T) {
	t.Parallel()
	s := store.DefaultSettings()
	s.DefaultTag = ""
	if got := mapping.Tags(s, store.TagMapping{}, device()); len(got) != 0 {
		t.Errorf("Tags = %v, want none", got)
	}
	if _, ok := mapping.DefaultTag(s, netbox.DeviceRef(1)); ok {
		t.Error("DefaultTag reported a tag with no default tag set")
	}
}

func TestDefaultTagMapping(t *testing.T) {
	t.Parallel()
	s := store.DefaultSettings()
	want := []zabbix.Tag{
		{Tag: "netbox_id", Value: "42"},
		{Tag: "Site", Value: "DC1"},
		{Tag: "Region", Value: "Europe"},
		{Tag: "Latitude", Value: "59.3293"},
		{Tag: "Longitude", Value: "18.0686"},
		{Tag: "Role", Value: "Web server"},
		{Tag: "Platform", Value: "Debian 12"},
	}
	if diff := cmp.Diff(want, mapping.Tags(s, mapping.DefaultTagMapping(netbox.TypeDevice), device())); diff != "" {
		t.Errorf("default device tags (-want +got):\n%s", diff)
	}
	vm := device()
	vm.Type = netbox.TypeVirtualMachine
	vm.Cluster = &netbox.Nested{ID: 8, Name: "cluster-a"}
	got := mapping.Tags(s, mapping.DefaultTagMapping(netbox.TypeVirtualMachine), vm)
	if last := got[len(got)-1]; last != (zabbix.Tag{Tag: "Cluster", Value: "cluster-a"}) {
		t.Errorf("default VM tags end with %v, want the Cluster tag", last)
	}
}

func TestInventory(t *testing.T) {
	t.Parallel()
	m := store.InventoryMapping{Fields: []store.InventoryField{
		{Property: "serialno_a", Paths: []string{"asset_tag", "serial"}, Enabled: true},
		{Property: "contact", Paths: []string{"custom_fields.contacts"}, Enabled: true},
		{Property: "notes", Paths: []string{"nope", "also.nope"}, Enabled: true},
		{Property: "name", Paths: []string{"name"}, Enabled: false},
	}}
	want := map[string]string{"serialno_a": "SN123", "contact": "alice, bob"}
	if diff := cmp.Diff(want, mapping.Inventory(m, device())); diff != "" {
		t.Errorf("Inventory (-want +got):\n%s", diff)
	}
}

func TestDefaultInventoryMapping(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"name":         "web-01",
		"os":           "Debian 12",
		"location":     "Room 1",
		"location_lat": "59.1", // the location's site first
		"location_lon": "18.0686",
	}
	if diff := cmp.Diff(want, mapping.Inventory(mapping.DefaultInventoryMapping(netbox.TypeDevice), device())); diff != "" {
		t.Errorf("default inventory (-want +got):\n%s", diff)
	}
	vm := device()
	vm.Location = nil
	got := mapping.Inventory(mapping.DefaultInventoryMapping(netbox.TypeVirtualMachine), vm)
	if got["location"] != "DC1" || got["location_lat"] != "59.3293" {
		t.Errorf("VM inventory without a location = %v, want the site's name and latitude", got)
	}
}

// mappings returns the device mappings used by the resolution tests.
func mappings() []store.Mapping {
	return []store.Mapping{
		{ID: 1, ObjectType: netbox.TypeDevice, Name: "default", Default: true},
		{ID: 2, ObjectType: netbox.TypeDevice, Name: "site", Sites: []int64{1}, InterfaceType: zabbix.InterfaceAgent},
		{ID: 3, ObjectType: netbox.TypeDevice, Name: "role", Roles: []int64{2}, InterfaceType: zabbix.InterfaceAgent},
		{ID: 4, ObjectType: netbox.TypeDevice, Name: "platform", Platforms: []int64{3}, InterfaceType: zabbix.InterfaceAgent},
		{ID: 5, ObjectType: netbox.TypeDevice, Name: "site+role", Sites: []int64{1, 9}, Roles: []int64{2}, InterfaceType: zabbix.InterfaceAny},
		{ID: 6, ObjectType: netbox.TypeDevice, Name: "other-site", Sites: []int64{9}, Roles: []int64{2}, Platforms: []int64{3}},
		{ID: 7, ObjectType: netbox.TypeDevice, Name: "snmp-only", Sites: []int64{1}, Roles: []int64{2}, Platforms: []int64{3}, InterfaceType: zabbix.InterfaceSNMP},
		{ID: 8, ObjectType: netbox.TypeVirtualMachine, Name: "vm", Sites: []int64{1}, Roles: []int64{2}, Platforms: []int64{3}},
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keep []int64 // IDs of mappings() to offer
		obj  func(*netbox.Object)
		want string
	}{
		{name: "two dimensions beat one", keep: []int64{1, 2, 3, 4, 5}, want: "site+role"},
		{name: "site beats role beats platform", keep: []int64{1, 2, 3, 4}, want: "site"},
		{name: "role beats platform", keep: []int64{1, 3, 4}, want: "role"},
		{name: "any matches an agent request", keep: []int64{1, 5}, want: "site+role"},
		{name: "SNMP-only mapping never matches an agent request", keep: []int64{1, 7}, want: "default"},
		{name: "filter not containing the site", keep: []int64{1, 6}, want: "default"},
		{name: "VM mappings ignored for a device", keep: []int64{1, 8}, want: "default"},
		{name: "object without a site fails site filters", keep: []int64{1, 2, 3}, obj: func(o *netbox.Object) { o.Site = nil }, want: "role"},
		{name: "no filter matches, default", keep: []int64{1, 2}, obj: func(o *netbox.Object) { o.Site.ID = 77 }, want: "default"},
	}
	all := mappings()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []store.Mapping
			for _, m := range all {
				for _, id := range tt.keep {
					if m.ID == id {
						ms = append(ms, m)
					}
				}
			}
			obj := device()
			if tt.obj != nil {
				tt.obj(obj)
			}
			got, err := mapping.Resolve(ms, obj, zabbix.InterfaceAgent)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got.Name != tt.want {
				t.Errorf("Resolve = %q, want %q", got.Name, tt.want)
			}
		})
	}
}

// TestResolveOrderIndependent shuffles the mappings through every order:
// the answer must never depend on storage order.
func TestResolveOrderIndependent(t *testing.T) {
	t.Parallel()
	ms := []store.Mapping{
		{ID: 10, ObjectType: netbox.TypeDevice, Name: "default", Default: true},
		{ID: 11, ObjectType: netbox.TypeDevice, Name: "any-site", Sites: []int64{1}, InterfaceType: zabbix.InterfaceAny},
		{ID: 12, ObjectType: netbox.TypeDevice, Name: "agent-site", Sites: []int64{1}, InterfaceType: zabbix.InterfaceAgent},
		{ID: 13, ObjectType: netbox.TypeDevice, Name: "agent-site-2", Sites: []int64{1}, InterfaceType: zabbix.InterfaceAgent},
		{ID: 14, ObjectType: netbox.TypeDevice, Name: "role", Roles: []int64{2}, InterfaceType: zabbix.InterfaceAgent},
	}
	permute(ms, 0, func(p []store.Mapping) {
		got, err := mapping.Resolve(p, device(), zabbix.InterfaceAgent)
		if err != nil || got.Name != "agent-site" {
			t.Fatalf("order %v: Resolve = %q, %v; want agent-site (exact type, then lowest ID)", ids(p), got.Name, err)
		}
	})
}

func permute(ms []store.Mapping, k int, f func([]store.Mapping)) {
	if k == len(ms) {
		f(ms)
		return
	}
	for i := k; i < len(ms); i++ {
		ms[k], ms[i] = ms[i], ms[k]
		permute(ms, k+1, f)
		ms[k], ms[i] = ms[i], ms[k]
	}
}

func ids(ms []store.Mapping) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func TestResolveDefaults(t *testing.T) {
	t.Parallel()
	obj := device()
	_, err := mapping.Resolve(nil, obj, zabbix.InterfaceAgent)
	var re *mapping.ResolveError
	if !errors.Is(err, mapping.ErrNoDefault) || !errors.As(err, &re) {
		t.Fatalf("Resolve(no mappings) = %v, want ErrNoDefault as *ResolveError", err)
	}
	if re.Object != obj.Ref() || !strings.Contains(err.Error(), `"web-01"`) || !strings.Contains(err.Error(), "define one") {
		t.Errorf("error %q (object %v) should name the object and say what to do", err, re.Object)
	}

	two := []store.Mapping{
		{ID: 1, ObjectType: netbox.TypeDevice, Name: "d1", Default: true},
		{ID: 2, ObjectType: netbox.TypeDevice, Name: "d2", Default: true},
	}
	_, err = mapping.Resolve(two, obj, zabbix.InterfaceAgent)
	if !errors.Is(err, mapping.ErrSeveralDefaults) || !errors.As(err, &re) {
		t.Fatalf("Resolve(two defaults) = %v, want ErrSeveralDefaults", err)
	}
	if diff := cmp.Diff([]string{"d1", "d2"}, re.Defaults); diff != "" {
		t.Errorf("Defaults (-want +got):\n%s", diff)
	}

	// A matching specific mapping does not need the default.
	two = append(two, store.Mapping{ID: 3, ObjectType: netbox.TypeDevice, Name: "s", Sites: []int64{1}})
	if got, err := mapping.Resolve(two, obj, zabbix.InterfaceAgent); err != nil || got.Name != "s" {
		t.Errorf("Resolve = %q, %v; want the specific mapping", got.Name, err)
	}
}

func TestResolveReturnsCopy(t *testing.T) {
	t.Parallel()
	ms := mappings()
	got, err := mapping.Resolve(ms, device(), zabbix.InterfaceAgent)
	if err != nil {
		t.Fatal(err)
	}
	got.Sites[0] = 999
	if ms[4].Sites[0] != 1 {
		t.Error("changing the resolved mapping changed the input")
	}
}

func FuzzLookup(f *testing.F) {
	for _, p := range []string{"name", "site.region.name", "tags.slug", "custom_fields.ci", "a..b", ".", "rack"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		v, ok := mapping.Lookup(device(), path)
		if !ok && v != nil {
			t.Fatalf("Lookup(%q) = %v with ok false", path, v)
		}
		for _, s := range mapping.Texts(v) {
			if s == "" {
				t.Fatalf("Texts(Lookup(%q)) holds an empty text", path)
			}
		}
		_ = fmt.Sprint(v)
	})
}
