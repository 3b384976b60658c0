package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const testSecret = "s3cret-for-tests"

// testConfig is the configuration of the in-process servers.
func testConfig() config {
	return config{secret: testSecret, workers: 4, queue: 64, maxBody: 1 << 20,
		dedupTTL: time.Minute, runTimeout: time.Minute, shutdownTimeout: 10 * time.Second,
		attempts: 3, retryBackoff: time.Millisecond, onboard: true}
}

// testLogger writes the server's log to the test's log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// startServer serves the webhook in process with run doing the work; the
// pool is shut down when the test ends.
func startServer(t *testing.T, cfg config, run runFunc) (*server, string) {
	t.Helper()
	return startServerLog(t, cfg, run, testLogger(t))
}

func startServerLog(t *testing.T, cfg config, run runFunc, log *slog.Logger) (*server, string) {
	t.Helper()
	s := newServer(cfg, run, log)
	ts := httptest.NewServer(s.routes())
	t.Cleanup(func() {
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = s.pool.shutdown(ctx)
	})
	return s, ts.URL
}

// deliver posts a body to /webhook, signed with secret unless it is "".
func deliver(t *testing.T, base string, body []byte, secret string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/webhook", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(signatureHeader, sign([]byte(secret), body))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// netboxBody is a webhook body as NetBox version v sends it for event on
// a device or VM obj ("3.7" and "4.2" name the model, "4.4" both the model
// and the object type, "4.5" the object type only, "4.6" adds the
// request).
func netboxBody(v, event string, obj netbox.Ref, timestamp, requestID string) []byte {
	data := map[string]any{"id": obj.ID, "url": fmt.Sprintf("http://netbox/api/x/%d/", obj.ID), "name": fmt.Sprint("obj-", obj.ID)}
	return bodyWith(v, event, obj.Type, data, timestamp, requestID)
}

// ipBody is the body of event on IP address id assigned to an interface
// of owner (a device or VM; none when zero), as NetBox v sends it.
func ipBody(v, event string, id int64, owner netbox.Ref, timestamp, requestID string) []byte {
	data := map[string]any{"id": id, "address": fmt.Sprintf("192.0.2.%d/24", id%250+1), "assigned_object": nil}
	switch owner.Type {
	case netbox.TypeDevice:
		data["assigned_object_type"] = "dcim.interface"
		data["assigned_object"] = map[string]any{"id": 100, "name": "eth0", "device": map[string]any{"id": owner.ID, "name": fmt.Sprint("obj-", owner.ID)}}
	case netbox.TypeVirtualMachine:
		data["assigned_object_type"] = "virtualization.vminterface"
		data["assigned_object"] = map[string]any{"id": 200, "name": "ens3", "virtual_machine": map[string]any{"id": owner.ID, "name": fmt.Sprint("obj-", owner.ID)}}
	}
	return bodyWith(v, event, netbox.TypeIPAddress, data, timestamp, requestID)
}

// bodyWith wraps data, an object of type t, in the body NetBox v sends.
func bodyWith(v, event string, t netbox.ObjectType, data any, timestamp, requestID string) []byte {
	model := map[netbox.ObjectType]string{netbox.TypeDevice: "device", netbox.TypeVirtualMachine: "virtualmachine",
		netbox.TypeIPAddress: "ipaddress"}[t]
	b := map[string]any{
		"event": event, "timestamp": timestamp, "username": "alice", "request_id": requestID,
		"data":      data,
		"snapshots": map[string]any{"prechange": nil, "postchange": map[string]any{"description": ""}},
	}
	switch v {
	case "3.7", "4.2":
		b["model"] = model
	case "4.4":
		b["model"], b["object_type"] = model, string(t)
	case "4.5":
		b["object_type"] = string(t)
	case "4.6":
		b["object_type"] = string(t)
		b["request"] = map[string]any{"id": requestID, "method": "PATCH", "path": "/api/x/", "user": "alice"}
	default:
		panic("no NetBox " + v)
	}
	if requestID == "" {
		b["request_id"] = nil
	}
	out, err := json.Marshal(b)
	if err != nil {
		panic(err)
	}
	return out
}

// stamp is the n-th event timestamp, as NetBox writes them.
func stamp(n int) string {
	return time.Date(2026, 11, 22, 12, 0, 0, n*1000, time.UTC).Format("2006-01-02T15:04:05.000000+00:00")
}

// waitFor polls cond until it holds, failing the test after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// idle reports whether the pool has nothing queued or running.
func idle(s *server) bool {
	q, r, _ := s.pool.state()
	return q == 0 && r == 0
}

// newStore is an SQLite store file in the test's directory with a default
// mapping per object type putting hosts in group. spec is its --store.
func newStore(t *testing.T, groupID string) (st *sqlstore.Store, spec string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := sql.Open("sqlite", storeflag.SQLiteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st, err = sqlstore.New(t.Context(), sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range defaultMappings(groupID) {
		if _, err := st.PutMapping(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	return st, "sqlite:" + path
}

func defaultMappings(groupID string) []store.Mapping {
	return []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: groupID, Name: "Linux servers"}}},
		{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: groupID, Name: "Linux servers"}}},
	}
}

func configs(t *testing.T, st store.Store) []store.HostConfig {
	t.Helper()
	cs, err := st.FindHostConfigs(context.Background(), store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// checkConsistent checks the invariants between the store and Zabbix:
// every config points at an existing host with every interface linked to
// one of its interfaces, and every host of the test belongs to a config.
// It returns the hosts no config knows (see TestShutdown).
func checkConsistent(t *testing.T, st store.Store, z *testenv.Zabbix) (orphans []zabbix.Host) {
	t.Helper()
	byID := map[string]zabbix.Host{}
	for _, h := range z.Hosts(t) {
		byID[h.HostID] = h
	}
	for _, hc := range configs(t, st) {
		h, ok := byID[hc.HostID]
		if !ok {
			t.Errorf("config %s points at Zabbix host %q, which does not exist", hc.Name, hc.HostID)
			continue
		}
		delete(byID, hc.HostID)
		for _, in := range hc.Interfaces {
			linked := false
			for _, zi := range h.Interfaces {
				linked = linked || zi.InterfaceID == in.InterfaceID
			}
			if !linked {
				t.Errorf("config %s: interface %s links %q, not one of host %s's", hc.Name, in.Name, in.InterfaceID, h.HostID)
			}
		}
	}
	for _, h := range byID {
		orphans = append(orphans, h)
	}
	return orphans
}

// counter counts the runs of a runFunc, per object run (an IP address's
// owner, when the change names it).
type counter struct {
	mu   sync.Mutex
	runs map[netbox.Ref]int
	next runFunc
}

func count(next runFunc) *counter { return &counter{runs: map[netbox.Ref]int{}, next: next} }

func (c *counter) run(ctx context.Context, ch provision.ObjectChange) (provision.ChangeResult, error) {
	c.mu.Lock()
	c.runs[riverjobs.Target(ch)]++
	c.mu.Unlock()
	return c.next(ctx, ch)
}

func (c *counter) of(ref netbox.Ref) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[ref]
}

func (c *counter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.runs {
		n += v
	}
	return n
}

// binDir holds the program, built once by binary for the tests that run it.
var binDir string

var binary = sync.OnceValues(func() (string, error) {
	path := filepath.Join(binDir, "webhook")
	out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return path, nil
})

func TestMain(m *testing.M) {
	var err error
	if binDir, err = os.MkdirTemp("", "webhook-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}
