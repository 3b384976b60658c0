package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestImportSettingsMappings runs, against the real Zabbix, import-settings
// with a mapping file: mistakes in the file stop the run with exit 2 and
// change nothing, a dry run resolves without storing, a real run replaces
// the mappings of the same names, and agent then gives the host the
// template by its Zabbix ID and the host group the pattern names, created
// because the settings allow it.
func TestImportSettingsMappings(t *testing.T) {
	w := newWorld(t, 1)
	root := w.z.Prefix // the groups the test creates, deleted when it ends
	t.Cleanup(func() { w.z.DeleteHosts(t); deleteGroupsUnder(t, w, root+"/") })
	dir := t.TempDir()
	file := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	before := mappingNames(t, w.st)

	// A file that cannot be read, a syntax mistake, an unknown name: exit
	// 2, the message says where, nothing stored.
	r := cli(t, w.env, "import-settings", "--mappings", filepath.Join(dir, "missing.json"))
	wantCode(t, r, exitBadInput)
	if !strings.Contains(r.stderr, "missing.json") {
		t.Errorf("missing file: stderr %q; want the path", r.stderr)
	}
	bad := file("bad.json", "{\"mappings\": [\n  {\"object_type\": \"dcim.device\", \"name\": \"X\", \"roles\": \"2\"}\n]}")
	r = cli(t, w.env, "import-settings", "--mappings", bad)
	wantCode(t, r, exitBadInput)
	if !strings.Contains(r.stderr, bad+":2:") {
		t.Errorf("syntax mistake: stderr %q; want file:line", r.stderr)
	}
	typo := file("typo.json", `{"mappings": [{"object_type": "dcim.device", "name": "Default devices", "default": true,
		"templates": ["Linux by Zabbix agnet"]}]}`)
	r = cli(t, w.env, "import-settings", "--mappings", typo)
	wantCode(t, r, exitBadInput)
	if !strings.Contains(r.stderr, `template "Linux by Zabbix agnet"`) || !strings.Contains(r.stderr, typo) {
		t.Errorf("unknown template: stderr %q; want the name and the file", r.stderr)
	}
	if got := mappingNames(t, w.st); !cmp.Equal(got, before) {
		t.Fatalf("mappings after refused files: %v; want %v", got, before)
	}

	good := file("good.json", fmt.Sprintf(`{"mappings": [
		{"object_type": "dcim.device", "name": "Default devices", "default": true,
		 "templates": ["Linux by Zabbix agent"], "host_groups": ["Linux servers", "%s/{site}/{role}"]}]}`, root))
	r = cli(t, w.env, "import-settings", "--mappings", good, "--dry-run")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "resolved; not stored (dry run)") || !strings.Contains(r.stdout, "(Linux by Zabbix agent)") {
		t.Errorf("dry run:\n%s", r.stdout)
	}
	if ms := deviceMappings(t, w.st); len(ms) != 1 || len(ms[0].Templates) != 0 {
		t.Fatalf("device mappings after the dry run: %+v; want the seeded one", ms)
	}

	r = cli(t, w.env, "import-settings", "--mappings", good, "--json")
	wantCode(t, r, exitOK)
	var out jsonOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	rep, _ := json.Marshal(out.Report)
	var got jsonSettings
	if err := json.Unmarshal(rep, &got); err != nil || len(got.Mappings) != 1 {
		t.Fatalf("import-settings --json report: %s, %v", rep, err)
	}
	ms := deviceMappings(t, w.st)
	if len(ms) != 1 || ms[0].ID != got.Mappings[0].ID || len(ms[0].Templates) != 1 || ms[0].Templates[0].Name != "Linux by Zabbix agent" ||
		!cmp.Equal(ms[0].HostGroupNames, []string{root + "/{site}/{role}"}) {
		t.Fatalf("device mappings: %+v; want the file's, in place of the seeded one", ms)
	}
	if got := mappingNames(t, w.st); !cmp.Equal(got, before) {
		t.Errorf("mapping names: %v; want %v (replaced by name)", got, before)
	}

	// The settings allow creating host groups: the host lands in the
	// group its site and role name, with the template.
	s, err := w.st.Settings(t.Context())
	if err != nil {
		s = store.DefaultSettings()
	}
	s.CreateHostGroups = true
	if err := w.st.PutSettings(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	wantCode(t, cli(t, w.env, "agent", "--device", "1"), exitOK)
	hosts, err := w.z.Client.Hosts(t.Context(), zabbix.HostQuery{Names: []string{w.names(1)}})
	if err != nil || len(hosts) != 1 {
		t.Fatalf("host %s: %v, %v", w.names(1), hosts, err)
	}
	var created []struct {
		GroupID string `json:"groupid"`
	}
	if err := w.z.Client.Call(t.Context(), "hostgroup.get", map[string]any{"output": []string{"groupid"},
		"filter": map[string]any{"name": []string{root + "/DC1/Web server"}}}, &created); err != nil || len(created) != 1 {
		t.Fatalf("host group %s/DC1/Web server: %v, %v", root, created, err)
	}
	groups := slices.Sorted(slices.Values(hosts[0].GroupIDs))
	if want := slices.Sorted(slices.Values([]string{w.z.GroupID, created[0].GroupID})); !cmp.Equal(groups, want) {
		t.Errorf("host groups %v; want %v (Linux servers and the created one)", groups, want)
	}
	if want := []string{ms[0].Templates[0].TemplateID}; !cmp.Equal(hosts[0].TemplateIDs, want) {
		t.Errorf("templates %v; want %v, the file's", hosts[0].TemplateIDs, want)
	}
}

// mappingNames lists the names of the stored mappings, devices first.
func mappingNames(t *testing.T, st testStore) []string {
	t.Helper()
	var names []string
	for _, ot := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		ms, err := st.Mappings(t.Context(), ot)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			names = append(names, string(ot)+"/"+m.Name)
		}
	}
	return names
}

func deviceMappings(t *testing.T, st testStore) []store.Mapping {
	t.Helper()
	ms, err := st.Mappings(t.Context(), netbox.TypeDevice)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// deleteGroupsUnder deletes the host groups whose names start with prefix.
func deleteGroupsUnder(t *testing.T, w *world, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var groups []struct {
		GroupID string `json:"groupid"`
		Name    string `json:"name"`
	}
	if err := w.z.Client.Call(ctx, "hostgroup.get", map[string]any{"output": []string{"groupid", "name"},
		"search": map[string]any{"name": prefix}, "startSearch": true}, &groups); err != nil {
		t.Errorf("cleanup: list host groups %s…: %v", prefix, err)
		return
	}
	var ids []string
	for _, g := range groups {
		if strings.HasPrefix(g.Name, prefix) {
			ids = append(ids, g.GroupID)
		}
	}
	if len(ids) == 0 {
		return
	}
	if err := w.z.Client.Call(ctx, "hostgroup.delete", ids, nil); err != nil {
		t.Errorf("cleanup: delete host groups %v: %v", ids, err)
	}
}
