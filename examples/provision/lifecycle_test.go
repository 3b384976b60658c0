package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLifeCycleCommands runs every command on one device against the real
// Zabbix: agent, validate (in sync), snmp, update (nothing to change),
// update-interface without the SNMP interface, delete, and validate again
// (no longer provisioned).
func TestLifeCycleCommands(t *testing.T) {
	w := newWorld(t, 1)
	name := w.names(1)
	wantCode(t, cli(t, w.env, "agent", "--device", "1"), exitOK)

	r := cli(t, w.env, "validate", "--device", "1", "--json")
	wantCode(t, r, exitOK)
	var out jsonOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.State != "in sync" {
		t.Errorf("validate --json: state %q (%v)", out.State, err)
	}

	r = cli(t, w.env, "snmp", "--device", "1")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Updated "+name+" with new interface "+name+"-snmp in Zabbix") {
		t.Errorf("snmp stdout:\n%s", r.stdout)
	}
	r = cli(t, w.env, "update", "--device", "1")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "in step with NetBox") {
		t.Errorf("update stdout:\n%s", r.stdout)
	}

	cs := w.st.configs(t)
	if len(cs) != 1 || len(cs[0].Interfaces) != 2 {
		t.Fatalf("configs %+v", cs)
	}
	r = cli(t, w.env, "update-interface", "--config", "1", "--remove", name+"-snmp")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "removed "+name+"-snmp") {
		t.Errorf("update-interface stdout:\n%s", r.stdout)
	}
	if hosts := w.z.Hosts(t); len(hosts) != 1 || len(hosts[0].Interfaces) != 1 {
		t.Errorf("Zabbix after update-interface: %+v", hosts)
	}
	wantCode(t, cli(t, w.env, "update-interface", "--config", "1", "--remove", "no-such"), exitBadInput)

	r = cli(t, w.env, "delete", "--device", "1", "--dry-run")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Would archive") || len(w.st.configs(t)) != 1 {
		t.Errorf("delete --dry-run stdout:\n%s", r.stdout)
	}
	r = cli(t, w.env, "delete", "--device", "1")
	wantCode(t, r, exitOK)
	if len(w.st.configs(t)) != 0 {
		t.Error("delete left the config")
	}
	wantCode(t, cli(t, w.env, "validate", "--device", "1"), exitBadInput)
}
