package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestAgentInBulk runs "agent" on NetBox selections against the real
// Zabbix: a dry run that writes nothing, a run that provisions every
// device and the VM and lists the one it cannot, and a second run that
// finds them provisioned.
func TestAgentInBulk(t *testing.T) {
	const n = 40
	w := newWorld(t, n)

	// The device without an address is planned, not active.
	r := cli(t, w.env, "agent", "--filter", "status=active", "--dry-run", "--json")
	wantCode(t, r, exitOK)
	var out jsonOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("--json: %v", err)
	}
	if out.Summary == nil || out.Summary.Total != n || out.Summary.Created != n || out.Summary.Failed != 0 || !out.OK {
		t.Fatalf("dry run summary %+v, ok %v; want %d objects, all would be created", out.Summary, out.OK, n)
	}
	for _, res := range out.Results {
		if !res.OK || res.Plan == nil || res.Plan.Action != "create" || res.Plan.Create == nil {
			t.Errorf("%v: no create plan in the dry run: %+v", res.Object, res)
		}
	}
	if got := w.z.Hosts(t); len(got) != 0 || len(w.st.configs(t)) != 0 {
		t.Fatalf("the dry run wrote: %d hosts, %d configs", len(got), len(w.st.configs(t)))
	}

	r = cli(t, w.env, "agent", "--all", "--batch", "16")
	wantCode(t, r, exitSomeFailed)
	if want := fmt.Sprintf("%d objects in ", n+2); !strings.Contains(r.stdout, want) ||
		!strings.Contains(r.stdout, fmt.Sprintf(": %d created, 0 taken over from an interrupted run, 0 already provisioned, 1 failed", n+1)) {
		t.Errorf("summary:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "-noip does not have a primary IPv4 address") {
		t.Errorf("the failure is not listed:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, fmt.Sprintf("progress: %d/%d objects (100%%), 0 already provisioned, 1 failed", n+2, n+2)) {
		t.Errorf("no plain progress lines on stderr:\n%s", r.stderr)
	}
	if got := w.z.Hosts(t); len(got) != n+1 || len(w.st.configs(t)) != n+1 {
		t.Fatalf("after the run: %d hosts, %d configs; want %d", len(got), len(w.st.configs(t)), n+1)
	}

	r = cli(t, w.env, "agent", "--filter", "status=active", "--vm-filter", "status=active")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, fmt.Sprintf(": 0 created, 0 taken over from an interrupted run, %d already provisioned, 0 failed", n+1)) ||
		strings.Contains(r.stdout, "already has Zabbix host") {
		t.Errorf("second run:\n%s", r.stdout)
	}
	if got := w.z.Hosts(t); len(got) != n+1 {
		t.Errorf("the second run changed Zabbix: %d hosts", len(got))
	}

	wantCode(t, cli(t, w.env, "agent", "--filter", "site=nowhere"), exitBadInput)
}

// TestAgentInBulkUsage: the selection flags are checked before anything
// is called.
func TestAgentInBulkUsage(t *testing.T) {
	env := map[string]string{"NETBOX_URL": "http://127.0.0.1:1", "NETBOX_TOKEN": "0123456789abcdef0123456789abcdef01234567",
		"ZABBIX_URL": "http://127.0.0.1:1/api_jsonrpc.php", "ZABBIX_TOKEN": "t", "STORE": "sqlite:" + t.TempDir() + "/s.db"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"agent", "--filter", "site=dc1", "--device", "1"}, "not both"},
		{[]string{"agent", "--all", "--vm-filter", "site=dc1"}, "cannot be combined"},
		{[]string{"agent", "--filter", ""}, "empty filter"},
		{[]string{"agent", "--device", "1", "--batch", "5"}, "--batch applies to"},
		{[]string{"agent", "--all", "--batch", "0"}, "between 1 and 10000"},
		{[]string{"agent"}, "--filter, --vm-filter or --all"},
		{[]string{"update", "--all"}, "flag provided but not defined: -all"},
	} {
		r := cli(t, env, tc.args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
