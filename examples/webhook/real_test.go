package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// These tests provision for real: NetBox fixtures over HTTP, the Zabbix
// server of ZABBIX_URL, an SQLite store file.

// realWorld is the library over the real backends, with devices 1..n.
type realWorld struct {
	z     *testenv.Zabbix
	nb    *testenv.EditedNetBox // the NetBox to edit objects in
	nbURL string
	st    *sqlstore.Store
	spec  string // the store's --store
	p     *provision.Provisioner
}

func newRealWorld(t *testing.T, n int) *realWorld {
	t.Helper()
	z := testenv.NeedZabbix(t, "nbzwh-")
	nb := testenv.EditNetBox(t, testenv.StartNetBox(t, z.Prefix, n).URL)
	st, spec := newStore(t, z.GroupID)
	nbc, err := netbox.New(netbox.Config{URL: nb.URL, Token: testenv.NetBoxToken})
	if err != nil {
		t.Fatal(err)
	}
	zbx, err := zabbix.New(zabbix.Config{URL: z.URL, Token: zabbix.Secret(z.Token)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := provision.New(provision.Config{NetBox: nbc, Zabbix: zbx, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return &realWorld{z: z, nb: nb, nbURL: nb.URL, st: st, spec: spec, p: p}
}

// linked counts the configs with a Zabbix host.
func (w *realWorld) linked(t *testing.T) int {
	n := 0
	for _, hc := range configs(t, w.st) {
		if hc.HostID != "" {
			n++
		}
	}
	return n
}

// TestProvisions: a signed delivery provisions the device; NetBox sending
// it again runs nothing; an update of the provisioned device runs
// UpdateZabbixHost; a VM from NetBox 4.6 is provisioned too.
func TestProvisions(t *testing.T) {
	w := newRealWorld(t, 1)
	runs := count(w.p.HandleChange)
	s, url := startServer(t, testConfig(), runs.run)
	dev, vm := netbox.DeviceRef(1), netbox.VMRef(testenv.VMID)

	created := netboxBody("4.2", "created", dev, stamp(1), "r1")
	start := time.Now()
	if code, _, b := deliver(t, url, created, testSecret); code != http.StatusAccepted {
		t.Fatalf("delivery: %d %s", code, b)
	}
	answered := time.Since(start)
	waitFor(t, 30*time.Second, "the device's host", func() bool { return idle(s) && w.linked(t) == 1 })
	t.Logf("answered in %s, provisioned in %s", answered.Round(time.Microsecond), time.Since(start).Round(time.Millisecond))

	if code, _, b := deliver(t, url, created, testSecret); code != http.StatusOK || !strings.Contains(b, "duplicate") {
		t.Errorf("redelivery: %d %s", code, b)
	}
	if code, _, b := deliver(t, url, netboxBody("4.5", "updated", dev, stamp(2), "r2"), testSecret); code != http.StatusAccepted {
		t.Fatalf("update: %d %s", code, b)
	}
	if code, _, b := deliver(t, url, netboxBody("4.6", "created", vm, stamp(3), "r3"), testSecret); code != http.StatusAccepted {
		t.Fatalf("VM: %d %s", code, b)
	}
	waitFor(t, 30*time.Second, "the VM's host", func() bool { return idle(s) && w.linked(t) == 2 })

	hosts := w.z.Hosts(t)
	if len(hosts) != 2 {
		t.Fatalf("%d Zabbix hosts, want 2", len(hosts))
	}
	if orphans := checkConsistent(t, w.st, w.z); len(orphans) > 0 {
		t.Errorf("hosts no config knows: %v", orphans)
	}
	events, err := w.st.Events(t.Context(), eventlog.Query{Object: &dev})
	if err != nil || len(events) != 2 || runs.of(dev) != 2 {
		t.Errorf("device: %d runs, events %+v, %v; want 2 runs (created, then the update) and an event each", runs.of(dev), events, err)
	}
	if c := s.pool.counts.snapshot(); c["provisioned"] != 2 || c["updated"] != 1 || c["failed"] != 0 {
		t.Errorf("counts %v", c)
	}
}

// TestBurst sends 200 deliveries for 50 devices (created, then three
// updates each) from 8 connections at once: it ends with exactly 50
// hosts and 50 configs, in fewer than 200 runs.
func TestBurst(t *testing.T) {
	const objects, rounds, clients = 50, 4, 8
	w := newRealWorld(t, objects)
	runs := count(w.p.HandleChange)
	cfg := testConfig()
	cfg.workers = 8
	s, url := startServerLog(t, cfg, runs.run, testLogger(t).With("test", "burst"))

	var bodies [][]byte
	for r := range rounds {
		event := "updated"
		if r == 0 {
			event = "created"
		}
		for i := 1; i <= objects; i++ {
			bodies = append(bodies, netboxBody("4.2", event, netbox.DeviceRef(int64(i)), stamp(r*objects+i), fmt.Sprint("burst-", r, "-", i)))
		}
	}
	var mu sync.Mutex
	statuses := map[string]int{}
	next := make(chan []byte)
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for b := range next {
				code, _, body := deliver(t, url, b, testSecret)
				var answer struct{ Status string }
				_ = json.Unmarshal([]byte(body), &answer)
				mu.Lock()
				statuses[fmt.Sprint(code, " ", answer.Status)]++
				mu.Unlock()
			}
		})
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	accepted := time.Since(start)
	waitFor(t, 2*time.Minute, "the burst to settle", func() bool { return idle(s) })
	settled := time.Since(start)

	t.Logf("%d deliveries answered in %s (%.0f/s); settled after %s with %d runs; answers %v; counts %v",
		len(bodies), accepted.Round(time.Millisecond), float64(len(bodies))/accepted.Seconds(),
		settled.Round(time.Millisecond), runs.total(), statuses, s.pool.counts.snapshot())
	if hosts := w.z.Hosts(t); len(hosts) != objects {
		t.Errorf("%d Zabbix hosts, want %d", len(hosts), objects)
	}
	if cs := configs(t, w.st); len(cs) != objects || w.linked(t) != objects {
		t.Errorf("%d configs (%d linked), want %d", len(cs), w.linked(t), objects)
	}
	if orphans := checkConsistent(t, w.st, w.z); len(orphans) > 0 {
		t.Errorf("hosts no config knows: %v", orphans)
	}
	if c := s.pool.counts.snapshot(); c["failed"] != 0 || c["provisioned"] != objects {
		t.Errorf("counts %v: want %d provisioned, none failed", c, objects)
	}
	if n := runs.total(); n < objects || n > 2*objects {
		t.Errorf("%d runs, want between %d and %d", n, objects, 2*objects)
	}
}

// TestShutdown shuts the pool down while it provisions: what finished is
// consistent, the runs canceled through their context leave no config
// pointing at a missing host, and the next event for each object (here,
// a run) ends with exactly one host per object.
func TestShutdown(t *testing.T) {
	const objects = 24
	w := newRealWorld(t, objects)
	runs := count(w.p.HandleChange)
	s, url := startServer(t, testConfig(), runs.run)
	for i := 1; i <= objects; i++ {
		deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(int64(i)), stamp(i), "r"), testSecret)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
	defer cancel()
	_ = s.pool.shutdown(ctx)
	c := s.pool.counts.snapshot()
	t.Logf("at the deadline: %v", c)
	if c["provisioned"]+c["canceled"]+c["dropped"] != objects || c["failed"] != 0 {
		t.Errorf("counts %v: every object provisioned, canceled or dropped", c)
	}
	// A run canceled while its host.create was on the wire does not know
	// whether the host was made, and Zabbix finishes a request whose
	// client went away: such hosts appear after the shutdown. Wait until
	// Zabbix is still, as the object's next event would come later.
	settle(t, w.z)
	orphans := checkConsistent(t, w.st, w.z)
	// The library leaves them, tagged with the object's ID, for the
	// object's next run to take over.
	for _, h := range orphans {
		if !hasTag(h, "netbox_id") {
			t.Errorf("host %s (%s) has no config and no netbox_id tag", h.HostID, h.Host)
		}
	}
	t.Logf("%d configs, %d hosts left for the next run to take over", len(configs(t, w.st)), len(orphans))

	for i := 1; i <= objects; i++ {
		_, err := w.p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(int64(i)), User: "next-event"})
		if err != nil && !errors.Is(err, provision.ErrInterfaceExists) {
			t.Errorf("device %d after the shutdown: %v", i, err)
		}
	}
	if orphans := checkConsistent(t, w.st, w.z); len(orphans) > 0 {
		t.Errorf("after the next runs, hosts no config knows: %v", orphans)
	}
	if hosts, cs := w.z.Hosts(t), configs(t, w.st); len(hosts) != objects || len(cs) != objects {
		t.Errorf("%d hosts and %d configs, want %d each", len(hosts), len(cs), objects)
	}
}

// TestSIGTERM runs the program, sends it deliveries and SIGTERM at once:
// it stops taking requests, finishes the queue and exits 0, every device
// provisioned.
func TestSIGTERM(t *testing.T) {
	const objects = 10
	w := newRealWorld(t, objects)
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--workers", "2", "--shutdown-timeout", "30s")
	cmd.Env = []string{"NETBOX_URL=" + w.nbURL, "NETBOX_TOKEN=" + testenv.NetBoxToken, "ZABBIX_URL=" + w.z.URL,
		"ZABBIX_TOKEN=" + w.z.Token, "STORE=" + w.spec, "WEBHOOK_SECRET=" + testSecret}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	base, found := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !found {
		t.Fatalf("first line %q, %v; stderr:\n%s", line, err, stderr.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	for i := 1; i <= objects; i++ {
		if code, _, b := deliver(t, base, netboxBody("4.2", "created", netbox.DeviceRef(int64(i)), stamp(i), "r"), testSecret); code != http.StatusAccepted {
			t.Fatalf("delivery %d: %d %s", i, code, b)
		}
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("still running a minute after SIGTERM; stderr:\n%s", stderr.String())
	}
	t.Logf("exited %s after SIGTERM; log:\n%s", time.Since(start).Round(time.Millisecond), stderr.String())
	for _, want := range []string{"shutting down", "msg=stopped runs=10 canceled=0 dropped=0"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(stderr.String(), w.z.Token) || strings.Contains(stderr.String(), testSecret) {
		t.Errorf("a secret is in the log")
	}
	if hosts, n := w.z.Hosts(t), w.linked(t); len(hosts) != objects || n != objects {
		t.Errorf("%d hosts and %d linked configs, want %d each", len(hosts), n, objects)
	}
	if orphans := checkConsistent(t, w.st, w.z); len(orphans) > 0 {
		t.Errorf("hosts no config knows: %v", orphans)
	}
}

func hasTag(h zabbix.Host, name string) bool {
	for _, tag := range h.Tags {
		if tag.Tag == name {
			return true
		}
	}
	return false
}

// settle waits until the number of the test's hosts in Zabbix has not
// changed for a second.
func settle(t *testing.T, z *testenv.Zabbix) {
	t.Helper()
	n, since := len(z.Hosts(t)), time.Now()
	for deadline := time.Now().Add(30 * time.Second); time.Since(since) < time.Second; {
		if time.Now().After(deadline) {
			t.Fatal("Zabbix hosts still changing after 30 s")
		}
		time.Sleep(100 * time.Millisecond)
		if m := len(z.Hosts(t)); m != n {
			n, since = m, time.Now()
		}
	}
}
