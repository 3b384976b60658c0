package mapping_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// TestHostGroupNames: each placeholder takes the object's value, the short
// forms give names, repeats go, and braces can be literal.
func TestHostGroupNames(t *testing.T) {
	t.Parallel()
	obj := device()
	obj.Tenant = &netbox.Nested{ID: 8, Name: "  Acme  ", Slug: "acme"}
	obj.Cluster = &netbox.Nested{ID: 5, Name: "cluster-a"}
	tests := []struct {
		patterns []string
		want     []string
	}{
		{[]string{"Sites/{site}/{role}"}, []string{"Sites/DC1/Web server"}},
		{[]string{"Sites/{site.name}/{role.slug}"}, []string{"Sites/DC1/web"}},
		{[]string{"{platform}", "{location}", "{cluster}"}, []string{"Debian 12", "Room 1", "cluster-a"}},
		{[]string{"Tenants/{tenant}"}, []string{"Tenants/Acme"}}, // trimmed
		{[]string{"Regions/{site.region}/{site.region.slug}"}, []string{"Regions/Europe/europe"}},
		{[]string{"Owners/{custom_fields.owner}", "Status/{status}", "Racks/{rack}"}, []string{"Owners/team-a", "Status/Active", "Racks/R5"}},
		{[]string{"Linux servers", "Sites/{site}", "Sites/{ site }", "Linux servers"}, []string{"Linux servers", "Sites/DC1"}},
		{[]string{"Braces {{x}} {site}"}, []string{"Braces {x} DC1"}},
		{[]string{"{name}-{id}"}, []string{"web-01-42"}},
		{nil, nil},
	}
	for _, tt := range tests {
		m := store.Mapping{Name: "m", HostGroupNames: tt.patterns}
		got, err := mapping.HostGroupNames(m, obj)
		if err != nil {
			t.Errorf("HostGroupNames(%q): %v", tt.patterns, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("HostGroupNames(%q) (-want +got):\n%s", tt.patterns, diff)
		}
	}
}

// TestHostGroupNamesDeviceRole: {device_role} (NetBox 3.x) and {role}
// (NetBox 4) both name the role, whichever the object carries.
func TestHostGroupNamesDeviceRole(t *testing.T) {
	t.Parallel()
	m := store.Mapping{Name: "m", HostGroupNames: []string{"{device_role}", "{role}"}}
	got, err := mapping.HostGroupNames(m, device())
	if err != nil || len(got) != 1 || got[0] != "Web server" {
		t.Errorf("HostGroupNames = %q, %v; want [Web server]", got, err)
	}
}

// TestHostGroupNamesErrors: a placeholder that resolves to nothing or to
// several values, and a name Zabbix refuses, are errors that name the
// mapping, the pattern, the object and the placeholder, and say what to
// do; every failing pattern is reported.
func TestHostGroupNamesErrors(t *testing.T) {
	t.Parallel()
	obj := device()
	obj.CustomFields["path"] = "a/"
	obj.CustomFields["long"] = strings.Repeat("x", 251)
	tests := []struct {
		pattern string
		want    []string
	}{
		{"Tenants/{tenant}", []string{`"Tenants/{tenant}"`, "{tenant} resolves to nothing", "fill it in NetBox, or change the mapping"}},
		{"Owners/{custom_fields.empty}", []string{"{custom_fields.empty} resolves to nothing"}},
		{"Sites/{site.nothing}", []string{"{site.nothing} resolves to nothing"}},
		{"Tags/{tags}", []string{"{tags} gives 2 values (Production, PCI)", "single value"}},
		{"Paths/{custom_fields.path}", []string{`is "Paths/a/"`, "starts or ends with a slash"}},
		{"Long/{custom_fields.long}", []string{"has 256 characters, more than 255"}},
	}
	for _, tt := range tests {
		m := store.Mapping{Name: "Web servers", HostGroupNames: []string{"Fine/{site}", tt.pattern}}
		got, err := mapping.HostGroupNames(m, obj)
		var ge *mapping.GroupNameError
		if !errors.Is(err, mapping.ErrHostGroupName) || !errors.As(err, &ge) {
			t.Errorf("HostGroupNames(%q) = %q, %v; want a *GroupNameError", tt.pattern, got, err)
			continue
		}
		if ge.Pattern != tt.pattern || ge.Object != obj.Ref() || ge.Mapping != "Web servers" {
			t.Errorf("error fields = %+v", ge)
		}
		for _, w := range append(tt.want, `mapping "Web servers"`, `device 42 "web-01"`) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not contain %q", err, w)
			}
		}
	}
	m := store.Mapping{Name: "two", HostGroupNames: []string{"{tenant}", "{cluster}"}}
	_, err := mapping.HostGroupNames(m, obj)
	if err == nil || !strings.Contains(err.Error(), "{tenant}") || !strings.Contains(err.Error(), "{cluster}") {
		t.Errorf("two failing patterns: %v; want both named", err)
	}
}

// TestCheckHostGroupPattern: malformed placeholders and fixed names Zabbix
// refuses are refused before any object is looked at, saying what to fix.
func TestCheckHostGroupPattern(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"Sites/{site}/{role}", "Linux servers", "{{literal}}", "A/{custom_fields.x_y}", "Ünïcode/{site}"} {
		if err := mapping.CheckHostGroupPattern(p); err != nil {
			t.Errorf("CheckHostGroupPattern(%q) = %v; want nil", p, err)
		}
	}
	for p, want := range map[string]string{
		"Sites/{site":       "is not closed",
		"Sites/{site{role}": "is not closed",
		"Sites/{}":          "is empty",
		"Sites/{ }":         "is empty",
		"Sites/site}":       "closes no placeholder",
		"Sites/{a..b}":      "is not an attribute path",
		"Sites/{.a}":        "is not an attribute path",
		"Sites/{a b}":       "is not an attribute path",
		"":                  "is blank",
		"Sites/":            "starts or ends with a slash",
		"/Sites":            "starts or ends with a slash",
		"Sites//DC1":        "empty level",
	} {
		err := mapping.CheckHostGroupPattern(p)
		if !errors.Is(err, mapping.ErrHostGroupPattern) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"`+p+`"`) {
			t.Errorf("CheckHostGroupPattern(%q) = %v; want ErrHostGroupPattern naming it and saying %q", p, err, want)
		}
	}
}

// TestFixedHostGroupName: a pattern without placeholders stands for its
// text with braces unescaped; one with placeholders for no fixed name.
func TestFixedHostGroupName(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]string{"Linux servers": "Linux servers", "A {{b}}": "A {b}"} {
		if got, ok := mapping.FixedHostGroupName(p); !ok || got != want {
			t.Errorf("FixedHostGroupName(%q) = %q, %v; want %q", p, got, ok, want)
		}
	}
	for _, p := range []string{"Sites/{site}", "Sites/{site"} {
		if got, ok := mapping.FixedHostGroupName(p); ok {
			t.Errorf("FixedHostGroupName(%q) = %q, true; want false", p, got)
		}
	}
}

// TestHostGroupPaths: the placeholders' paths, once each, bad patterns
// skipped.
func TestHostGroupPaths(t *testing.T) {
	t.Parallel()
	got := mapping.HostGroupPaths([]string{"Sites/{site}/{role}", "{site}", "Bad/{x", "{{no}}", "{tenant.group}"})
	if diff := cmp.Diff([]string{"site", "role", "tenant.group"}, got); diff != "" {
		t.Errorf("HostGroupPaths (-want +got):\n%s", diff)
	}
}

// TestFieldsHostGroupNames: the fields a mapping's host group patterns
// need are read from NetBox.
func TestFieldsHostGroupNames(t *testing.T) {
	t.Parallel()
	ms := []store.Mapping{{HostGroupNames: []string{"Sites/{site.region}/{tenant}", "Fixed"}}, {HostGroupNames: []string{"{custom_fields.team}"}}}
	got := mapping.Fields(store.Settings{}, ms, store.TagMapping{}, store.InventoryMapping{})
	if diff := cmp.Diff([]string{"custom_fields", "site", "tenant"}, got); diff != "" {
		t.Errorf("Fields (-want +got):\n%s", diff)
	}
}
