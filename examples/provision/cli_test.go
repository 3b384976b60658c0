package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestUsage runs the program with bad command lines and environments: each
// is exit status 2 before any call, with the reason on stderr.
func TestUsage(t *testing.T) {
	t.Parallel()
	full := map[string]string{"NETBOX_URL": "http://127.0.0.1:1", "NETBOX_TOKEN": testenv.NetBoxToken,
		"ZABBIX_URL": "http://127.0.0.1:1/api_jsonrpc.php", "ZABBIX_TOKEN": "t", "STORE": "sqlite:" + t.TempDir() + "/s.db"}
	without := func(key string) map[string]string {
		env := map[string]string{}
		for k, v := range full {
			if k != key {
				env[k] = v
			}
		}
		return env
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string // in stderr
	}{
		{"no command", full, nil, "no command given"},
		{"unknown command", full, []string{"deprovision", "--device", "1"}, `unknown command "deprovision"`},
		{"agent without object", full, []string{"agent"}, "give --device ID or --vm ID"},
		{"device and vm", full, []string{"agent", "--device", "1", "--vm", "2"}, "not both"},
		{"device not a number", full, []string{"agent", "--device", "abc"}, `invalid value "abc"`},
		// IDs are decimal: Go's base prefixes would make 0x10 device 16.
		{"device in hex", full, []string{"agent", "--device", "0x10"}, "decimal digits only"},
		{"device with underscore", full, []string{"agent", "--device", "1_0"}, "decimal digits only"},
		{"device with sign", full, []string{"agent", "--vm", "+7"}, "decimal digits only"},
		{"device too large", full, []string{"agent", "--device", "9223372036854775808"}, "larger than the largest ID"},
		{"config in octal", full, []string{"interface", "--config", "0o17"}, "decimal digits only"},
		{"device zero", full, []string{"agent", "--device", "0"}, "IDs start at 1"},
		{"device negative", full, []string{"agent", "--device", "-4"}, "decimal digits only"},
		{"interface without config", full, []string{"interface"}, "give --config ID"},
		{"config zero", full, []string{"interface", "--config", "0"}, "IDs start at 1"},
		{"stray argument", full, []string{"agent", "--device", "1", "now"}, `unexpected argument "now"`},
		{"unknown flag", full, []string{"agent", "--device", "1", "--force"}, "flag provided but not defined"},
		{"no NetBox URL", without("NETBOX_URL"), []string{"agent", "--device", "1"}, "NETBOX_URL"},
		{"no Zabbix token", without("ZABBIX_TOKEN"), []string{"agent", "--device", "1"}, "ZABBIX_TOKEN"},
		{"no store", without("STORE"), []string{"interface", "--config", "1"}, "STORE"},
		{"bad store", full, []string{"agent", "--device", "1", "--store", "mysql:x"}, "want sqlite:PATH or postgres:DSN"},
		// One sentence, not validator's "Key: 'Config.URL' Error:Field validation …".
		{"bad NetBox URL", full, []string{"agent", "--device", "1", "--netbox-url", "netbox.example.com"},
			`netbox: config: URL must be an http or https URL with a host, got "netbox.example.com"`},
		{"bad Zabbix URL", full, []string{"interface", "--config", "1", "--zabbix-url", "zabbix.example.com"},
			`zabbix: config: URL must be an http or https URL with a host, got "zabbix.example.com"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := cli(t, tc.env, tc.args...)
			wantCode(t, r, exitBadInput)
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		t.Parallel()
		r := cli(t, full, "agent", "--vm", "1", "--device", "2", "--json")
		wantCode(t, r, exitBadInput)
		var out jsonOutput
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
		}
		if out.OK || out.Error == nil || out.Error.Kind != "usage" || out.ExitCode != exitBadInput {
			t.Errorf("JSON = %+v, want a usage error with exit_code 2", out)
		}
	})
	t.Run("help", func(t *testing.T) {
		t.Parallel()
		r := cli(t, nil, "help")
		wantCode(t, r, exitOK)
		if !strings.Contains(r.stdout, "provision agent (--device ID | --vm ID)") {
			t.Errorf("help text:\n%s", r.stdout)
		}
	})
}

// TestDecimalIDs: "--device 010" is device 10 (it was 8: Go's flag
// package reads a leading 0 as octal); leading zeros mean nothing.
func TestDecimalIDs(t *testing.T) {
	t.Parallel()
	env := func(k string) string {
		return map[string]string{"NETBOX_URL": "http://nb", "NETBOX_TOKEN": "t", "ZABBIX_URL": "http://z/api_jsonrpc.php",
			"ZABBIX_TOKEN": "t", "STORE": "sqlite:/tmp/x.db"}[k]
	}
	for _, tc := range []struct {
		args []string
		want netbox.Ref
		cfg  int64
	}{
		{[]string{"agent", "--device", "010"}, netbox.DeviceRef(10), 0},
		{[]string{"agent", "--vm", "0042"}, netbox.VMRef(42), 0},
		{[]string{"interface", "--config", "08"}, netbox.Ref{}, 8},
	} {
		cfg, err := parseConfig(tc.args, env)
		if err != nil || cfg.object != tc.want || cfg.configID != tc.cfg {
			t.Errorf("%v: object %v, config %d, %v; want %v, %d", tc.args, cfg.object, cfg.configID, err, tc.want, tc.cfg)
		}
	}
}

// TestStoreUnavailable: a store that cannot be opened is exit status 6,
// with a message saying what to do (an unreachable PostgreSQL
// used to exit 4, "NetBox or Zabbix failed", and a missing SQLite directory
// said "is this a SQLite database?").
func TestStoreUnavailable(t *testing.T) {
	t.Parallel()
	full := map[string]string{"NETBOX_URL": "http://127.0.0.1:1", "NETBOX_TOKEN": testenv.NetBoxToken,
		"ZABBIX_URL": "http://127.0.0.1:1/api_jsonrpc.php", "ZABBIX_TOKEN": "t"}
	missing := filepath.Join(t.TempDir(), "no-such-dir")
	for _, tc := range []struct {
		name, store string
		want        []string // in stderr
	}{
		{"PostgreSQL unreachable", "postgres:postgres://nbz:pw-s3cret@127.0.0.1:1/nbz?connect_timeout=5",
			[]string{"cannot open the store", "127.0.0.1"}},
		{"SQLite directory missing", "sqlite:" + filepath.Join(missing, "store.db"),
			[]string{"directory " + missing + " does not exist; create it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := maps.Clone(full)
			env["STORE"] = tc.store
			for _, args := range [][]string{{"agent", "--device", "1"}, {"interface", "--config", "1", "--json"}} {
				r := cli(t, env, args...)
				wantCode(t, r, exitStore)
				out := r.stderr + r.stdout
				for _, w := range tc.want {
					if !strings.Contains(out, w) {
						t.Errorf("%v: output lacks %q:\n%s", args, w, out)
					}
				}
				if strings.Contains(out, "pw-s3cret") || strings.Contains(out, "is this a SQLite database") {
					t.Errorf("%v: output shows the password or the old guess:\n%s", args, out)
				}
			}
		})
	}
}

// TestAgent provisions a device: exit 0 with the library's message, one
// Zabbix host named after the device with its interface linked in the
// store; a second run finds it there (exit 5) and changes nothing.
func TestAgent(t *testing.T) {
	w := newWorld(t, 1)
	r := cli(t, w.env, "agent", "--device", "1")
	wantCode(t, r, exitOK)
	name := w.names(1)
	if want := "Created " + name + " with Default devices mapping\n"; !strings.HasPrefix(r.stdout, want) {
		t.Errorf("stdout = %q, want it to start with %q", r.stdout, want)
	}
	hosts := w.z.Hosts(t)
	if len(hosts) != 1 || hosts[0].Host != name {
		t.Fatalf("Zabbix hosts %v, want one named %s", hosts, name)
	}
	cs := w.st.configs(t)
	if len(cs) != 1 || cs[0].HostID != hosts[0].HostID || len(cs[0].Interfaces) != 1 || !cs[0].Interfaces[0].Linked() {
		t.Fatalf("store configs %+v, want one linked to host %s", cs, hosts[0].HostID)
	}
	if !strings.Contains(r.stdout, fmt.Sprintf("Zabbix host %s, host config z-%s (ID %d)", hosts[0].HostID, name, cs[0].ID)) {
		t.Errorf("stdout lacks the host and config:\n%s", r.stdout)
	}
	if g := hosts[0].GroupIDs; !slices.Contains(g, w.z.GroupID) {
		t.Errorf("host groups %v, want Linux servers (%s)", g, w.z.GroupID)
	}

	again := cli(t, w.env, "agent", "--device", "1")
	wantCode(t, again, exitProvisioned)
	if !strings.Contains(again.stderr, "already has agent interface") {
		t.Errorf("stderr of the second run:\n%s", again.stderr)
	}
	if n := len(w.z.Hosts(t)); n != 1 {
		t.Errorf("%d Zabbix hosts after the second run, want 1", n)
	}
}

// TestAgentJSON provisions the VM with --json: stdout is one JSON object
// with the message, the host ID, the stored config and the event.
func TestAgentJSON(t *testing.T) {
	w := newWorld(t, 0)
	r := cli(t, w.env, "agent", "--vm", strconv.Itoa(testenv.VMID), "--json", "--user", "alice")
	wantCode(t, r, exitOK)
	var out jsonOutput
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("stdout is not the JSON object: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Errorf("stdout holds more than one JSON value:\n%s", r.stdout)
	}
	name := w.z.Prefix + "-vm"
	hosts := w.z.Hosts(t)
	switch {
	case len(hosts) != 1:
		t.Fatalf("Zabbix hosts %v, want 1", hosts)
	case !out.OK || out.ExitCode != 0 || out.Error != nil:
		t.Errorf("ok %t, exit_code %d, error %+v", out.OK, out.ExitCode, out.Error)
	case out.Message != "Created "+name+" with Default VMs mapping":
		t.Errorf("message %q", out.Message)
	case out.HostID != hosts[0].HostID || out.Config == nil || out.Config.HostID != out.HostID || out.Config.Name != "z-"+name:
		t.Errorf("hostid %q, config %+v; Zabbix host %s", out.HostID, out.Config, hosts[0].HostID)
	case out.Object == nil || *out.Object != netbox.VMRef(testenv.VMID) || !out.Created || out.Mapping != "Default VMs":
		t.Errorf("object %v, created %t, mapping %q", out.Object, out.Created, out.Mapping)
	case out.Plan == nil || out.Plan.Action != "create" || out.Plan.Create == nil || out.DryRun:
		t.Errorf("a real run has plan %+v, dry_run %t; want the host.create it sent", out.Plan, out.DryRun)
	}
	events, err := w.st.Events(t.Context(), eventQuery(netbox.VMRef(testenv.VMID)))
	if err != nil || len(events) != 1 || events[0].User != "alice" || events[0].RequestID != out.RequestID {
		t.Errorf("events %+v, %v; want one by alice with request %q", events, err, out.RequestID)
	}
}

// TestAgentDryRun plans the device's host: the plan lists the changes,
// and neither Zabbix nor the store changes.
func TestAgentDryRun(t *testing.T) {
	w := newWorld(t, 1)
	name := w.names(1)
	hostsBefore, configsBefore := len(w.z.Hosts(t)), len(w.st.configs(t))
	eventsBefore := countEvents(t, w.st)

	r := cli(t, w.env, "agent", "--device", "1", "--dry-run")
	wantCode(t, r, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if lines[0] != "Would create "+name+" with Default devices mapping" || lines[1] != "action: create" {
		t.Errorf("summary starts %q", lines[:2])
	}
	for _, want := range []string{`host: "" -> "` + name + `"`, `groups: "" -> "` + w.z.GroupID + `"`, `interfaces[+]: "" -> "agent 10.77.0.1:10050 dns=` + name + `.example.net useip=0 main=1"`} {
		if !slices.Contains(lines, want) {
			t.Errorf("no change line %s in:\n%s", want, r.stdout)
		}
	}

	j := cli(t, w.env, "agent", "--device", "1", "--dry-run", "--json")
	wantCode(t, j, exitOK)
	var out jsonOutput
	if err := json.Unmarshal([]byte(j.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if !out.DryRun || out.Plan == nil || out.Plan.Action != "create" || out.Plan.Current != nil || out.Plan.Create == nil || out.Plan.Create.Host != name || len(out.Plan.Changes) < 5 || out.HostID != "" {
		t.Errorf("dry run JSON: %s", j.stdout)
	}

	if n := len(w.z.Hosts(t)); n != hostsBefore {
		t.Errorf("Zabbix hosts %d → %d after a dry run", hostsBefore, n)
	}
	if n := len(w.st.configs(t)); n != configsBefore {
		t.Errorf("store configs %d → %d after a dry run", configsBefore, n)
	}
	if n := countEvents(t, w.st); n != eventsBefore {
		t.Errorf("events %d → %d after a dry run", eventsBefore, n)
	}
}

// TestInterface adds a second agent interface to a provisioned device's
// config in the store, as an operator would, then pushes it: first as a
// dry run, then for real, then once more (nothing left to do).
func TestInterface(t *testing.T) {
	w := newWorld(t, 1)
	wantCode(t, cli(t, w.env, "agent", "--device", "1"), exitOK)
	cs := w.st.configs(t)
	if len(cs) != 1 {
		t.Fatalf("%d configs, want 1", len(cs))
	}
	hc := cs[0]
	hc.Interfaces = append(hc.Interfaces, store.Interface{Name: w.names(1) + "-agent2", Type: zabbix.InterfaceAgent,
		IP: "10.78.0.1", UseIP: store.UseIP, Main: 0, Port: 10050})
	hc, err := w.st.UpdateHostConfig(t.Context(), hc)
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(hc.ID, 10)

	dry := cli(t, w.env, "interface", "--config", id, "--dry-run")
	wantCode(t, dry, exitOK)
	if !strings.Contains(dry.stdout, "action: update") || !strings.Contains(dry.stdout, `interfaces[+]: "" -> "agent 10.78.0.1:10050 dns= useip=1 main=0"`) {
		t.Errorf("dry run:\n%s", dry.stdout)
	}
	if h := w.z.Hosts(t); len(h) != 1 || len(h[0].Interfaces) != 1 {
		t.Fatalf("after the dry run: %+v", h)
	}

	r := cli(t, w.env, "interface", "--config", id, "--json")
	wantCode(t, r, exitOK)
	var out jsonOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Linked, []string{w.names(1) + "-agent2"}) || out.ConfigID != hc.ID {
		t.Errorf("linked %v, config_id %d: %s", out.Linked, out.ConfigID, r.stdout)
	}
	hosts := w.z.Hosts(t)
	if len(hosts) != 1 || len(hosts[0].Interfaces) != 2 {
		t.Fatalf("Zabbix hosts %+v, want one with 2 interfaces", hosts)
	}
	stored, err := w.st.HostConfig(t.Context(), hc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range stored.Interfaces {
		if !in.Linked() || !slices.ContainsFunc(hosts[0].Interfaces, func(z zabbix.HostInterface) bool { return z.InterfaceID == in.InterfaceID }) {
			t.Errorf("interface %s links %q, not one of the host's", in.Name, in.InterfaceID)
		}
	}

	again := cli(t, w.env, "interface", "--config", id)
	wantCode(t, again, exitOK)
	if !strings.Contains(again.stdout, "already in Zabbix; nothing to create") {
		t.Errorf("second push: %s", again.stdout)
	}
}

// TestNotFound: an object NetBox lacks and a config the store lacks are
// exit status 3.
func TestNotFound(t *testing.T) {
	w := newWorld(t, 0)
	for _, args := range [][]string{
		{"agent", "--device", strconv.Itoa(testenv.MissingID)},
		{"agent", "--vm", strconv.Itoa(testenv.MissingID)},
		{"interface", "--config", strconv.Itoa(testenv.MissingID)},
	} {
		r := cli(t, w.env, append(args, "--json")...)
		wantCode(t, r, exitNotFound)
		var out jsonOutput
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Error == nil || out.Error.Kind != "not_found" {
			t.Errorf("%v: JSON %s (%v)", args, r.stdout, err)
		}
	}
	if n := len(w.z.Hosts(t)); n != 0 {
		t.Errorf("%d Zabbix hosts, want none", n)
	}
}

// TestBadData: objects the library refuses, and a store without a default
// mapping, are exit status 2.
func TestBadData(t *testing.T) {
	w := newWorld(t, 1)
	r := cli(t, w.env, "agent", "--device", strconv.Itoa(testenv.DeviceNoIP))
	wantCode(t, r, exitBadInput)
	if !strings.Contains(r.stderr, "does not have a primary IPv4 address") {
		t.Errorf("stderr: %s", r.stderr)
	}

	empty := newStore(t, "")
	r = cli(t, w.with("STORE", empty.spec), "agent", "--device", "1")
	wantCode(t, r, exitBadInput)
	if !strings.Contains(r.stderr, "no default device mapping") {
		t.Errorf("stderr: %s", r.stderr)
	}

	// A config without a Zabbix host cannot take interfaces yet.
	hc, err := w.st.CreateHostConfigs(t.Context(), []store.HostConfig{{Name: "z-" + w.z.Prefix + "-bare",
		Object: netbox.DeviceRef(77), HostGroups: []zabbix.HostGroup{{GroupID: w.z.GroupID}}}})
	if err != nil {
		t.Fatal(err)
	}
	r = cli(t, w.env, "interface", "--config", strconv.FormatInt(hc[0].ID, 10))
	wantCode(t, r, exitBadInput)
	if n := len(w.z.Hosts(t)); n != 0 {
		t.Errorf("%d Zabbix hosts, want none", n)
	}
}

// TestRemoteFailure: NetBox unreachable, NetBox or Zabbix refusing the
// token, and Zabbix unreachable are exit status 4; no secret is printed.
func TestRemoteFailure(t *testing.T) {
	w := newWorld(t, 1)
	closed := closedPort(t)
	// A config with a Zabbix host, for interface: the store is read before Zabbix.
	hc, err := w.st.CreateHostConfigs(t.Context(), []store.HostConfig{{Name: "z-" + w.z.Prefix + "-x", HostID: "999999999",
		Object: netbox.DeviceRef(78), Interfaces: []store.Interface{{Name: "x-agent", Type: zabbix.InterfaceAgent, IP: "10.0.0.1", UseIP: 1, Port: 10050}}}})
	if err != nil {
		t.Fatal(err)
	}
	configID := strconv.FormatInt(hc[0].ID, 10)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"NetBox closed port", w.with("NETBOX_URL", "http://"+closed), []string{"agent", "--device", "1"}},
		{"NetBox token wrong", w.with("NETBOX_TOKEN", strings.Repeat("f", 40)), []string{"agent", "--device", "1"}},
		{"Zabbix token wrong", w.with("ZABBIX_TOKEN", strings.Repeat("0", 64)), []string{"agent", "--device", "1"}},
		{"Zabbix token wrong, interface", w.with("ZABBIX_TOKEN", strings.Repeat("0", 64)), []string{"interface", "--config", configID, "--dry-run"}},
		{"Zabbix closed port", w.with("ZABBIX_URL", "http://"+closed+"/api_jsonrpc.php"), []string{"agent", "--device", "1", "--dry-run"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, tc.env, append(tc.args, "-v")...)
			wantCode(t, r, exitRemote)
			for _, secret := range []string{tc.env["NETBOX_TOKEN"], tc.env["ZABBIX_TOKEN"]} {
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("a token is in the output:\n%s\n%s", r.stdout, r.stderr)
				}
			}
			if r.took > 30*time.Second {
				t.Errorf("took %s", r.took)
			}
		})
	}
	if n := len(w.z.Hosts(t)); n != 0 {
		t.Errorf("%d Zabbix hosts, want none", n)
	}
}

// TestWallTime measures a call of the program end to end (process start,
// store open, NetBox reads, Zabbix writes), provisioning devices one by
// one, and checks that -v logs hold no token.
func TestWallTime(t *testing.T) {
	const n = 5
	w := newWorld(t, n)
	var took []time.Duration
	for i := 1; i <= n; i++ {
		r := cli(t, w.env, "agent", "--device", strconv.Itoa(i), "-v")
		wantCode(t, r, exitOK)
		took = append(took, r.took)
		if strings.Contains(r.stderr, w.env["ZABBIX_TOKEN"]) || strings.Contains(r.stderr, testenv.NetBoxToken) {
			t.Fatalf("a token is in the debug log:\n%s", r.stderr)
		}
	}
	slices.Sort(took)
	t.Logf("agent --device: median %s, min %s, max %s over %d calls (%d NetBox requests)",
		took[n/2].Round(time.Millisecond), took[0].Round(time.Millisecond), took[n-1].Round(time.Millisecond), n, w.nb.Count())
	if got := len(w.z.Hosts(t)); got != n {
		t.Errorf("%d hosts, want %d", got, n)
	}
}

// closedPort returns a local address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestAgentPostgres provisions a device with the store in PostgreSQL
// (--store postgres:DSN); the DSN's password stays out of the logs.
func TestAgentPostgres(t *testing.T) {
	w := newWorld(t, 1)
	pg := newPostgresStore(t, w.z.GroupID)
	r := cli(t, w.with("STORE", pg.spec), "agent", "--device", "1", "-v")
	wantCode(t, r, exitOK)
	cs := pg.configs(t)
	hosts := w.z.Hosts(t)
	if len(cs) != 1 || len(hosts) != 1 || cs[0].HostID != hosts[0].HostID {
		t.Fatalf("configs %+v, hosts %+v: want one each, linked", cs, hosts)
	}
	if u, _ := url.Parse(strings.TrimPrefix(pg.spec, "postgres:")); u != nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && strings.Contains(r.stderr, pw) {
			t.Errorf("the database password is in the log:\n%s", r.stderr)
		}
	}
}

// TestJSONRedactsSecrets plans a host with TLS PSK: the JSON shows the
// key as "[redacted]", never its value.
func TestJSONRedactsSecrets(t *testing.T) {
	w := newWorld(t, 1)
	s := store.DefaultSettings()
	s.TLSConnect, s.TLSAccept = zabbix.TLSPSK, zabbix.TLSPSK
	s.TLSPSKIdentity = "psk-" + w.z.Prefix
	psk := "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	s.TLSPSK = zabbix.Secret(psk)
	if err := w.st.PutSettings(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	r := cli(t, w.env, "agent", "--device", "1", "--dry-run", "--json", "-v")
	wantCode(t, r, exitOK)
	if strings.Contains(r.stdout+r.stderr, psk) {
		t.Fatalf("the PSK is in the output:\n%s\n%s", r.stdout, r.stderr)
	}
	var out jsonOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Plan == nil || out.Plan.Create == nil || out.Plan.Create.TLSPSK.Reveal() != "[redacted]" || out.Plan.Create.TLSPSKIdentity != s.TLSPSKIdentity {
		t.Errorf("payload TLS: %+v", out.Plan)
	}
}
