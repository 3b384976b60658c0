package mapping_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// imported are the Zabbix objects of a 7.0 server, as ImportZabbixSettings
// saves them.
func imported() store.ZabbixObjects {
	return store.ZabbixObjects{
		Templates:   []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}, {TemplateID: "10564", Name: "ICMP Ping"}},
		HostGroups:  []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}, {GroupID: "6", Name: "Virtual machines"}, {GroupID: "30", Name: "Sites/DC1"}},
		Proxies:     []zabbix.Proxy{{ProxyID: "20001", Name: "proxy-dc1"}},
		ProxyGroups: []zabbix.ProxyGroup{{ProxyGroupID: "1", Name: "dc1"}},
		Imported:    time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC),
	}
}

// TestResolveSpecs: names become the imported objects' IDs, patterns stay
// names, and every other field is carried over.
func TestResolveSpecs(t *testing.T) {
	t.Parallel()
	specs := []mapping.Spec{
		{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true, HostGroups: []string{"Linux servers"}},
		{ObjectType: netbox.TypeDevice, Name: "Web servers", Description: "web", InterfaceType: mapping.SpecAgent,
			Sites: []int64{1}, Roles: []int64{2}, Platforms: []int64{3},
			Templates:  []string{"Linux by Zabbix agent", "ICMP Ping"},
			HostGroups: []string{"Linux servers", "Sites/DC1", "Sites/{site}/{role}", "Lit {{x}}"},
			Proxy:      "proxy-dc1", ProxyGroup: "dc1"},
		{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true, InterfaceType: mapping.SpecSNMP,
			HostGroups: []string{"Virtual machines", "Clusters/{cluster}"}},
	}
	objs := imported()
	objs.HostGroups = append(objs.HostGroups, zabbix.HostGroup{GroupID: "31", Name: "Lit {x}"})
	got, err := mapping.ResolveSpecs(specs, objs, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true, InterfaceType: zabbix.InterfaceAny,
			HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}}},
		{ObjectType: netbox.TypeDevice, Name: "Web servers", Description: "web", InterfaceType: zabbix.InterfaceAgent,
			Sites: []int64{1}, Roles: []int64{2}, Platforms: []int64{3},
			Templates:      []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}, {TemplateID: "10564", Name: "ICMP Ping"}},
			HostGroups:     []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}, {GroupID: "30", Name: "Sites/DC1"}, {GroupID: "31", Name: "Lit {x}"}},
			HostGroupNames: []string{"Sites/{site}/{role}"},
			Proxy:          &zabbix.Proxy{ProxyID: "20001", Name: "proxy-dc1"},
			ProxyGroup:     &zabbix.ProxyGroup{ProxyGroupID: "1", Name: "dc1"}},
		{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true, InterfaceType: zabbix.InterfaceSNMP,
			HostGroups:     []zabbix.HostGroup{{GroupID: "6", Name: "Virtual machines"}},
			HostGroupNames: []string{"Clusters/{cluster}"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResolveSpecs (-want +got):\n%s", diff)
	}
}

// TestResolveSpecsUnknown: every unknown name of every spec is reported at
// once, naming the mapping and what to do; no mapping is returned.
func TestResolveSpecsUnknown(t *testing.T) {
	t.Parallel()
	specs := []mapping.Spec{
		{ObjectType: netbox.TypeDevice, Name: "Web servers", Templates: []string{"Linux by Zabbix agnet", "ICMP Ping"},
			HostGroups: []string{"Linux servers", "Web farm"}, Proxy: "proxy-dc9"},
		{ObjectType: netbox.TypeVirtualMachine, Name: "VMs", Default: true, ProxyGroup: "dc9", Templates: []string{"Nope"}},
	}
	got, err := mapping.ResolveSpecs(specs, imported(), false)
	var se *mapping.SpecsError
	if got != nil || !errors.As(err, &se) || !errors.Is(err, mapping.ErrUnknownName) {
		t.Fatalf("ResolveSpecs = %v, %v; want a *SpecsError of unknown names", got, err)
	}
	var names []string
	for _, p := range se.Problems {
		var u *mapping.UnknownNameError
		if !errors.As(p, &u) {
			t.Errorf("problem %v is not an *UnknownNameError", p)
			continue
		}
		names = append(names, u.Mapping+": "+u.Kind+" "+u.Name)
	}
	want := []string{"Web servers: template Linux by Zabbix agnet", "Web servers: host group Web farm", "Web servers: proxy proxy-dc9",
		"VMs: template Nope", "VMs: proxy group dc9"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("unknown names (-want +got):\n%s", diff)
	}
	mustContainAll(t, err.Error(), `device mapping "Web servers": template "Linux by Zabbix agnet"`,
		"run ImportZabbixSettings again", "2026-11-30T12:00:00Z", "create_host_groups", `virtual machine mapping "VMs": proxy group "dc9"`)

	// Never imported: the hint says to import first.
	_, err = mapping.ResolveSpecs(specs[:1], store.ZabbixObjects{}, false)
	mustContainAll(t, err.Error(), "no Zabbix objects have been imported yet: run ImportZabbixSettings")
}

// TestResolveSpecsCreate: with the settings creating groups, a fixed name
// Zabbix lacks stays a name for provisioning to create; templates and
// proxies must still exist.
func TestResolveSpecsCreate(t *testing.T) {
	t.Parallel()
	specs := []mapping.Spec{{ObjectType: netbox.TypeDevice, Name: "Web", Default: true, HostGroups: []string{"Linux servers", "Web farm", "Sites/{site}"}}}
	got, err := mapping.ResolveSpecs(specs, imported(), true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Web farm", "Sites/{site}"}, got[0].HostGroupNames); diff != "" {
		t.Errorf("HostGroupNames (-want +got):\n%s", diff)
	}
	if len(got[0].HostGroups) != 1 || got[0].HostGroups[0].GroupID != "2" {
		t.Errorf("HostGroups = %v", got[0].HostGroups)
	}
	specs[0].Templates = []string{"Missing"}
	if _, err := mapping.ResolveSpecs(specs, imported(), true); !errors.Is(err, mapping.ErrUnknownName) {
		t.Errorf("unknown template with creation on: %v", err)
	}
}

// TestResolveSpecsInvalid: specs wrong in themselves are reported with
// the unknown names, each saying what to fix.
func TestResolveSpecsInvalid(t *testing.T) {
	t.Parallel()
	specs := []mapping.Spec{
		{ObjectType: "dcim.interface", Name: "iface"},
		{ObjectType: netbox.TypeDevice, Name: "", Default: true},
		{ObjectType: netbox.TypeDevice, Name: "a", InterfaceType: "ipmi", Default: true},
		{ObjectType: netbox.TypeDevice, Name: "a", HostGroups: []string{"Sites/{site", "Sites/"}},
		{ObjectType: netbox.TypeVirtualMachine, Name: "a", Templates: []string{"Nope"}}, // same name, other type: fine
	}
	_, err := mapping.ResolveSpecs(specs, imported(), true)
	if !errors.Is(err, mapping.ErrInvalidSpec) || !errors.Is(err, mapping.ErrUnknownName) {
		t.Fatalf("ResolveSpecs = %v; want invalid specs and an unknown name", err)
	}
	mustContainAll(t, err.Error(), `  - mapping "iface": object_type "dcim.interface"`, "device mapping 2: it has no name",
		`device mapping "a": interface_type "ipmi" is not one of "agent", "snmp" and "any"`,
		`device mapping "a": host group "Sites/{site": the { at byte 6 is not closed`,
		`device mapping "a": host group "Sites/": not a host group name Zabbix takes: it starts or ends with a slash`,
		"is also mapping 3's for device", `2 default device mappings ("", "a"): keep exactly one`, `template "Nope"`)
	if n := len(err.(*mapping.SpecsError).Problems); n != 8 {
		t.Errorf("%d problems; want 8:\n%v", n, err)
	}
}

// TestSpecJSON: a spec encodes with the settings' snake_case names,
// decodes back the same, and refuses fields it does not know.
func TestSpecJSON(t *testing.T) {
	t.Parallel()
	s := mapping.Spec{ObjectType: netbox.TypeDevice, Name: "Web servers", InterfaceType: mapping.SpecAgent, Roles: []int64{2},
		Templates: []string{"Linux by Zabbix agent"}, HostGroups: []string{"Sites/{site}/{role}"}, Proxy: "proxy-dc1"}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"object_type":"dcim.device","name":"Web servers","interface_type":"agent","roles":[2],` +
		`"templates":["Linux by Zabbix agent"],"host_groups":["Sites/{site}/{role}"],"proxy":"proxy-dc1"}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
	var back mapping.Spec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	var specs []mapping.Spec
	err = json.Unmarshal([]byte(`[{"name":"a","object_type":"dcim.device","host_group":["x"]}]`), &specs)
	if err == nil || !strings.Contains(err.Error(), `unknown field "host_group"`) {
		t.Errorf("a misspelt field: %v; want it refused by name", err)
	}
}

func mustContainAll(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}
