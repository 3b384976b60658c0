package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// TestReconcileAndImportCommands runs, against the real Zabbix, the
// commands that keep Zabbix in step after onboarding: import-settings,
// reconcile (dry run, then for real, then in sync), and import after the
// store lost its configs.
func TestReconcileAndImportCommands(t *testing.T) {
	const n = 6
	w := newWorld(t, n)
	wantCode(t, cli(t, w.env, "agent", "--all"), exitSomeFailed) // the device without an address

	r := cli(t, w.env, "import-settings", "--json")
	wantCode(t, r, exitOK)
	var out jsonOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || !strings.HasPrefix(out.Message, "Imported ") {
		t.Errorf("import-settings --json: %q, %v", out.Message, err)
	}
	if o, err := w.st.ZabbixObjects(t.Context()); err != nil || len(o.HostGroups) == 0 || len(o.Templates) == 0 {
		t.Errorf("stored Zabbix objects: %d groups, %d templates, %v", len(o.HostGroups), len(o.Templates), err)
	}

	// A tag more in the mapping: every host drifts.
	tm := mapping.DefaultTagMapping(netbox.TypeDevice)
	tm.Fields = append(tm.Fields, store.TagField{Name: "Serial", Path: "serial", Enabled: true})
	if err := w.st.PutTagMapping(t.Context(), tm); err != nil {
		t.Fatal(err)
	}
	r = cli(t, w.env, "reconcile", "--dry-run")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, fmt.Sprintf("%d would be updated (dry run, nothing written)", n)) || !strings.Contains(r.stdout, "  tags: ") {
		t.Errorf("reconcile --dry-run:\n%s", r.stdout)
	}
	r = cli(t, w.env, "reconcile", "--json")
	wantCode(t, r, exitOK)
	out = jsonOutput{}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	rep, _ := json.Marshal(out.Report)
	var got jsonReconcile
	if err := json.Unmarshal(rep, &got); err != nil || got.Updated != n || got.InSync != 1 || got.Failed != 0 {
		t.Errorf("reconcile --json: %+v, %v", got, err)
	}
	r = cli(t, w.env, "reconcile")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, fmt.Sprintf(": %d in sync, 0 updated,", n+1)) {
		t.Errorf("second reconcile:\n%s", r.stdout)
	}

	// The store loses its configs: import finds every host by its tag.
	for _, hc := range w.st.configs(t) {
		if err := w.st.DeleteHostConfig(t.Context(), hc.ID); err != nil {
			t.Fatal(err)
		}
	}
	r = cli(t, w.env, "import", "--all", "--dry-run")
	wantCode(t, r, exitSomeFailed) // the device without an address has no host
	if !strings.Contains(r.stdout, fmt.Sprintf("%d would be imported (dry run, nothing written)", n+1)) || len(w.st.configs(t)) != 0 {
		t.Errorf("import --dry-run:\n%s", r.stdout)
	}
	r = cli(t, w.env, "import", "--device", "1")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "found by default tag") {
		t.Errorf("import --device 1:\n%s", r.stdout)
	}
	r = cli(t, w.env, "import", "--all")
	wantCode(t, r, exitSomeFailed)
	if !strings.Contains(r.stdout, fmt.Sprintf(": %d imported, 1 had a host config, 1 with no matching Zabbix host", n)) {
		t.Errorf("import --all:\n%s", r.stdout)
	}
	wantCode(t, cli(t, w.env, "import", "--device", "900"), exitNotFound)
	r = cli(t, w.env, "reconcile")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, fmt.Sprintf(": %d in sync, 0 updated,", n+1)) {
		t.Errorf("reconcile after the import:\n%s", r.stdout)
	}
}
