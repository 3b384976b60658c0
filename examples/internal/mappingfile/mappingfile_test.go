package mappingfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/examples/internal/mappingfile"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// TestDecode: a file's specs decode with every field.
func TestDecode(t *testing.T) {
	t.Parallel()
	specs, err := mappingfile.Decode("m.json", []byte(`{"mappings": [
		{"object_type": "dcim.device", "name": "Web", "interface_type": "agent", "sites": [1], "roles": [2], "platforms": [3],
		 "templates": ["T"], "host_groups": ["G", "Sites/{site}"], "proxy": "p", "proxy_group": "pg", "description": "d"},
		{"object_type": "virtualization.virtualmachine", "name": "VMs", "default": true}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []mapping.Spec{
		{ObjectType: netbox.TypeDevice, Name: "Web", InterfaceType: "agent", Sites: []int64{1}, Roles: []int64{2}, Platforms: []int64{3},
			Templates: []string{"T"}, HostGroups: []string{"G", "Sites/{site}"}, Proxy: "p", ProxyGroup: "pg", Description: "d"},
		{ObjectType: netbox.TypeVirtualMachine, Name: "VMs", Default: true},
	}
	if diff := cmp.Diff(want, specs); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
	if specs, err := mappingfile.Decode("m.json", []byte(`{"mappings": []}`)); err != nil || len(specs) != 0 {
		t.Errorf("no mappings: %v, %v", specs, err)
	}
}

// TestDecodeErrors: bad JSON, unknown fields, wrong types and a wrong
// shape are errors naming the file, the line and the column, and what to
// do.
func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text string
		line, col  int
		want       string
	}{
		{"unknown field in a mapping", "{\"mappings\": [\n  {\"name\": \"a\"},\n  {\"name\": \"Web\", \"host_group\": [\"x\"]}\n]}", 3, 19,
			`mapping 2 ("Web"): mapping spec: json: unknown field "host_group"`},
		{"wrong type", "{\"mappings\": [\n  {\"name\": \"Web\",\n   \"roles\": [\"web\"]}]}", 3, 19, `mapping 1 ("Web"): mapping spec: json: cannot unmarshal string into Go struct field spec.roles of type int64`},
		{"syntax", "{\"mappings\": [\n  {\"name\": \"Web\",}\n]}", 2, 18, "invalid character '}'"},
		{"cut short", "{\"mappings\": [\n  {\"name\": \"Web\"", 2, 17, "unexpected end of JSON input"},
		{"unknown top-level field", "{\n  \"mapings\": []\n}", 2, 3, `unknown field "mapings": the file has one field, "mappings"`},
		{"no mappings field", "{}", 1, 1, `no "mappings" field`},
		{"a list", "  [1]", 1, 3, "the file holds a list; want an object"},
		{"mappings not a list", `{"mappings": {"name": "a"}}`, 1, 14, `"mappings" is not a list`},
		{"more after", "{\"mappings\": []}\n{}", 2, 1, "more after the object"},
		{"ünïcode column", "{\"mappings\": [{\"name\": \"ünï\", \"x\": 1}]}", 1, 31, `unknown field "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := mappingfile.Decode("conf/m.json", []byte(tc.text))
			var fe *mappingfile.Error
			if !errors.As(err, &fe) {
				t.Fatalf("Decode = %v; want a *mappingfile.Error", err)
			}
			if fe.File != "conf/m.json" || fe.Line != tc.line || fe.Column != tc.col || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q at %d:%d; want line %d column %d and %q", err, fe.Line, fe.Column, tc.line, tc.col, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "conf/m.json:") {
				t.Errorf("error %q does not start with the file name", err)
			}
		})
	}
}

// TestLoadMissingFile: a file that cannot be read is an error naming it.
func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "none.json")
	if _, err := mappingfile.Load(path); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("Load of a missing file = %v", err)
	}
}

// exampleStore is a store holding the objects of a fresh Zabbix 7.0 as the
// last import, and the given settings.
func exampleStore(t *testing.T, s store.Settings) *memstore.Store {
	t.Helper()
	cfg := memzabbix.DefaultConfig(zabbix.V7_0)
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s}})
	if err := st.PutZabbixObjects(t.Context(), store.ZabbixObjects{Templates: cfg.Templates, HostGroups: cfg.HostGroups,
		Imported: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestExampleFile: examples/mappings.example.json resolves against a fresh
// Zabbix's objects, and Apply stores its mappings, replacing those of the
// same names.
func TestExampleFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "..", "mappings.example.json")
	st := exampleStore(t, store.DefaultSettings())
	ms, err := mappingfile.Resolve(t.Context(), st, path, load(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[1].Name != "Web servers" || ms[1].Templates[0].TemplateID != "10001" ||
		!cmp.Equal(ms[1].HostGroupNames, []string{"Sites/{site}/{role}"}) || ms[1].HostGroups[0].GroupID != "2" {
		t.Fatalf("resolved %+v", ms)
	}
	old, err := st.PutMapping(t.Context(), store.Mapping{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{9}})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := st.PutMapping(t.Context(), store.Mapping{ObjectType: netbox.TypeDevice, Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	put, err := mappingfile.Apply(t.Context(), st, ms)
	if err != nil {
		t.Fatal(err)
	}
	if put[1].ID != old.ID {
		t.Errorf("Web servers stored as ID %d; want it to replace ID %d", put[1].ID, old.ID)
	}
	devices, err := st.Mappings(t.Context(), netbox.TypeDevice)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range devices {
		names = append(names, m.Name)
	}
	if diff := cmp.Diff([]string{"Web servers", keep.Name, "Default devices"}, names); diff != "" {
		t.Errorf("device mappings after Apply (-want +got):\n%s", diff)
	}
}

// TestResolveUnknown: names the last import lacks are all reported, with
// the file's name; a host group the settings may create is not unknown.
func TestResolveUnknown(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "m.json")
	text := `{"mappings": [{"object_type": "dcim.device", "name": "Web", "default": true,
		"templates": ["Linux by Zabbix agnet"], "host_groups": ["Web farm"]}]}`
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := mappingfile.Resolve(t.Context(), exampleStore(t, store.DefaultSettings()), path, load(t, path))
	if !errors.Is(err, mapping.ErrUnknownName) || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), `template "Linux by Zabbix agnet"`) || !strings.Contains(err.Error(), `host group "Web farm"`) {
		t.Errorf("Resolve = %v; want both unknown names, with the file", err)
	}
	s := store.DefaultSettings()
	s.CreateHostGroups = true
	_, err = mappingfile.Resolve(t.Context(), exampleStore(t, s), path, load(t, path))
	if err == nil || strings.Contains(err.Error(), "Web farm") {
		t.Errorf("Resolve with group creation = %v; want only the template unknown", err)
	}
	// Nothing imported yet: the error says to import.
	empty := memstore.New(memstore.Config{})
	if _, err := mappingfile.Resolve(t.Context(), empty, path, load(t, path)); err == nil || !strings.Contains(err.Error(), "run ImportZabbixSettings") {
		t.Errorf("Resolve with no import = %v", err)
	}
}

// load returns the specs of the mapping file at path.
func load(t *testing.T, path string) []mapping.Spec {
	t.Helper()
	specs, err := mappingfile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return specs
}
