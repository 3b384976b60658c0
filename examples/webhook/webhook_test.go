package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	neturl "net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/examples/internal/testenv"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// These tests run the server in process with the work done by a stub or
// by the library on the in-memory backends; they need no service.

// ok is a run that succeeds at once, with nothing to do.
func ok(_ context.Context, ch provision.ObjectChange) (provision.ChangeResult, error) {
	return provision.ChangeResult{Object: ch.Object, Message: "nothing to do"}, nil
}

// TestSignature: with a secret, a body needs X-Hook-Signature, the hex
// HMAC-SHA512 of the body: missing is 401, wrong is 403. Without a
// secret, any body is taken.
func TestSignature(t *testing.T) {
	t.Parallel()
	body := netboxBody("4.2", "created", netbox.DeviceRef(1), stamp(1), "r1")
	for _, tc := range []struct {
		name      string
		signature string // "" sends none
		want      int
	}{
		{"signed", sign([]byte(testSecret), body), http.StatusAccepted},
		{"signed in upper case", strings.ToUpper(sign([]byte(testSecret), body)), http.StatusAccepted},
		{"unsigned", "", http.StatusUnauthorized},
		{"other secret", sign([]byte("another"), body), http.StatusForbidden},
		{"other body", sign([]byte(testSecret), append(bytes.Clone(body), ' ')), http.StatusForbidden},
		{"not hex", "sha512=abc", http.StatusForbidden},
		{"truncated", sign([]byte(testSecret), body)[:64], http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			runs := count(ok)
			_, url := startServer(t, testConfig(), runs.run)
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, url+"/webhook", bytes.NewReader(body))
			if tc.signature != "" {
				req.Header.Set(signatureHeader, tc.signature)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") != signatureHeader {
				t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
			if tc.want != http.StatusAccepted {
				time.Sleep(20 * time.Millisecond)
				if n := runs.total(); n != 0 {
					t.Errorf("%d runs for a refused body", n)
				}
			}
		})
	}
	t.Run("no secret", func(t *testing.T) {
		t.Parallel()
		cfg := testConfig()
		cfg.secret = ""
		_, url := startServer(t, cfg, ok)
		if code, _, b := deliver(t, url, body, ""); code != http.StatusAccepted {
			t.Errorf("unsigned body without a secret: %d %s", code, b)
		}
	})
}

// TestBodyLimit: a body over --max-body is 413, signed or not; one at the
// limit is read.
func TestBodyLimit(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.maxBody = 4096
	_, url := startServer(t, cfg, ok)
	body := netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1")
	padded := append(bytes.Clone(body[:len(body)-1]), []byte(`,"pad":"`+strings.Repeat("x", 4096)+`"}`)...)
	if code, _, b := deliver(t, url, padded, testSecret); code != http.StatusRequestEntityTooLarge {
		t.Errorf("%d bytes: %d %s, want 413", len(padded), code, b)
	}
	atLimit := append(bytes.Clone(body[:len(body)-1]), []byte(`,"pad":"`)...)
	atLimit = append(atLimit, bytes.Repeat([]byte("x"), 4096-len(atLimit)-2)...)
	atLimit = append(atLimit, `"}`...)
	if code, _, b := deliver(t, url, atLimit, testSecret); len(atLimit) != 4096 || code != http.StatusAccepted {
		t.Errorf("%d bytes: %d %s, want 202", len(atLimit), code, b)
	}
}

// TestMalformed: a signed body that is not a NetBox webhook body is 400.
func TestMalformed(t *testing.T) {
	t.Parallel()
	runs := count(ok)
	_, url := startServer(t, testConfig(), runs.run)
	for _, body := range []string{
		`not json`,
		`[1, 2]`,
		`{}`,
		`{"event": "created", "object_type": "dcim.device"}`,
		`{"event": "created", "data": {"id": 1}}`,
		`{"object_type": "dcim.device", "data": {"id": 1}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": "one"}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 0}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": -3}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"name": "no id"}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 1}, "request_id": 5}`,
		// Trailing data after the JSON object must be refused, not provisioned.
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 1}}garbage`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 1}}{"event": "created", "object_type": "dcim.device", "data": {"id": 2}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 1}}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": "124"}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 1.0}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 1e2}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": null}}`,
		`{"event": "created", "object_type": "dcim.device", "data": {"id": 9223372036854775808}}`,
	} {
		code, _, b := deliver(t, url, []byte(body), testSecret)
		if code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", body, code, b)
		}
	}
	if n := runs.total(); n != 0 {
		t.Errorf("%d runs", n)
	}
}

// TestIgnored: other object types and job events are acknowledged (200)
// and not run.
func TestIgnored(t *testing.T) {
	t.Parallel()
	runs := count(ok)
	_, url := startServer(t, testConfig(), runs.run)
	for _, body := range [][]byte{
		[]byte(`{"event": "created", "model": "site", "data": {"id": 1}}`),
		[]byte(`{"event": "deleted", "object_type": "ipam.prefix", "data": {"id": 1}}`),
		[]byte(`{"event": "updated", "object_type": "dcim.interface", "data": {"id": 1}}`),
		[]byte(`{"event": "job_started", "object_type": "dcim.device", "data": {"id": 1}}`),
	} {
		code, _, b := deliver(t, url, body, testSecret)
		if code != http.StatusOK || !strings.Contains(b, `"ignored"`) {
			t.Errorf("%s: %d %s, want 200 ignored", body, code, b)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if n := runs.total(); n != 0 {
		t.Errorf("%d runs", n)
	}
}

// TestNetBoxVersions reads the bodies of NetBox 3.7 to 4.6.
func TestNetBoxVersions(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.7", "4.2", "4.4", "4.5", "4.6"} {
		for _, ref := range []netbox.Ref{netbox.DeviceRef(42), netbox.VMRef(7)} {
			ev, err := parseEvent(netboxBody(v, "updated", ref, stamp(3), "req-9"))
			if err != nil || ev.ignore != "" || ev.change.Object != ref || ev.change.User != "alice" || ev.change.RequestID != "req-9" {
				t.Errorf("NetBox %s, %s: %+v, %v", v, ref, ev, err)
			}
		}
		ev, err := parseEvent(ipBody(v, "deleted", 10, netbox.VMRef(7), stamp(4), "req-9"))
		if want := (provision.ObjectChange{Kind: provision.ObjectDeleted, Object: netbox.Ref{Type: netbox.TypeIPAddress, ID: 10},
			Owner: netbox.VMRef(7), User: "alice", RequestID: "req-9"}); err != nil || ev.change != want {
			t.Errorf("NetBox %s, IP address: %+v, %v; want %+v", v, ev.change, err, want)
		}
	}
	// A change made outside a request (a script) has no request ID.
	ev, err := parseEvent(netboxBody("4.2", "created", netbox.DeviceRef(1), stamp(1), ""))
	if err != nil || ev.change.RequestID != "" || ev.key == "" {
		t.Errorf("without a request ID: %+v, %v", ev, err)
	}
	// NetBox 4.6's body has the user in "request" too.
	ev, err = parseEvent([]byte(`{"event": "created", "object_type": "dcim.device", "data": {"id": 1}, "request": {"user": "bob"}}`))
	if err != nil || ev.change.User != "bob" {
		t.Errorf("user from request: %+v, %v", ev, err)
	}
}

// memWorld is the library on the in-memory backends: devices 1..n, each
// with a primary IPv4 address, and a default mapping.
func memWorld(t *testing.T, n int) (*provision.Provisioner, *memstore.Store, *memzabbix.Server) {
	t.Helper()
	var seed memnetbox.Config
	for i := 1; i <= n; i++ {
		id := int64(i)
		seed.Objects = append(seed.Objects, &netbox.Object{Type: netbox.TypeDevice, ID: id, Status: netbox.Choice{Value: "active"}, Name: fmt.Sprintf("dev-%d", i),
			PrimaryIP4: &netbox.NestedIP{ID: id, Address: fmt.Sprintf("192.0.2.%d/24", i)}})
		seed.IPAddresses = append(seed.IPAddresses, &netbox.IPAddress{ID: id, Address: fmt.Sprintf("192.0.2.%d/24", i),
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100 + id})
	}
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Mappings: defaultMappings("2")}})
	zbx := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	p, err := provision.New(provision.Config{NetBox: memnetbox.New(seed), Zabbix: zbx, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return p, st, zbx
}

// memHosts counts the hosts of memWorld's devices.
func memHosts(zbx *memzabbix.Server) int {
	n := 0
	for _, h := range zbx.AllHosts() {
		if strings.HasPrefix(h.Host, "dev-") {
			n++
		}
	}
	return n
}

// TestRedelivery: NetBox sending a delivery again gets 200 and no second
// run; a new update of a provisioned object runs, as an update of its
// host.
func TestRedelivery(t *testing.T) {
	t.Parallel()
	p, st, zbx := memWorld(t, 1)
	runs := count(p.HandleChange)
	s, url := startServer(t, testConfig(), runs.run)
	dev := netbox.DeviceRef(1)
	created := netboxBody("4.2", "created", dev, stamp(1), "r1")

	if code, _, b := deliver(t, url, created, testSecret); code != http.StatusAccepted || !strings.Contains(b, `"queued"`) {
		t.Fatalf("first delivery: %d %s", code, b)
	}
	// Sent again at once (NetBox timed out waiting), and again after the run.
	if code, _, b := deliver(t, url, created, testSecret); code != http.StatusOK || !strings.Contains(b, `"duplicate"`) {
		t.Errorf("redelivery while queued: %d %s", code, b)
	}
	waitFor(t, 5*time.Second, "the run", func() bool { return idle(s) && runs.of(dev) == 1 })
	if code, _, b := deliver(t, url, created, testSecret); code != http.StatusOK || !strings.Contains(b, `"duplicate"`) {
		t.Errorf("redelivery after the run: %d %s", code, b)
	}

	updated := netboxBody("4.2", "updated", dev, stamp(2), "r2")
	if code, _, b := deliver(t, url, updated, testSecret); code != http.StatusAccepted {
		t.Fatalf("update: %d %s", code, b)
	}
	waitFor(t, 5*time.Second, "the second run", func() bool { return idle(s) && runs.of(dev) == 2 })

	events, err := st.Events(t.Context(), eventlog.Query{Object: &dev})
	if err != nil || len(events) != 2 {
		t.Fatalf("events %+v, %v: want 2 (one per run)", events, err)
	}
	if n := memHosts(zbx); n != 1 {
		t.Errorf("%d Zabbix hosts, want 1", n)
	}
	c := s.pool.counts.snapshot()
	if c["provisioned"] != 1 || c["updated"] != 1 || c["failed"] != 0 || s.duplicates.Load() != 2 {
		t.Errorf("counts %v, duplicates %d", c, s.duplicates.Load())
	}
}

// gate is a run that blocks until released, one release per run.
type gate struct {
	started chan netbox.Ref
	release chan struct{}
}

func newGate() *gate {
	return &gate{started: make(chan netbox.Ref, 100), release: make(chan struct{}, 100)}
}

func (g *gate) run(ctx context.Context, ch provision.ObjectChange) (provision.ChangeResult, error) {
	g.started <- ch.Object
	select {
	case <-g.release:
		return provision.ChangeResult{Op: "UpdateZabbixHost", Message: "done"}, nil
	case <-ctx.Done():
		return provision.ChangeResult{}, ctx.Err()
	}
}

// TestMerging: deliveries for a queued object join its run; those for an
// object being run give one more run after it.
func TestMerging(t *testing.T) {
	t.Parallel()
	g := newGate()
	runs := count(g.run)
	cfg := testConfig()
	cfg.workers = 1
	s, url := startServer(t, cfg, runs.run)
	a, b := netbox.DeviceRef(1), netbox.VMRef(1)
	n := 0
	send := func(ref netbox.Ref, want string) {
		t.Helper()
		n++
		code, _, body := deliver(t, url, netboxBody("4.5", "updated", ref, stamp(n), fmt.Sprint("r", n)), testSecret)
		if code != http.StatusAccepted || !strings.Contains(body, want) {
			t.Fatalf("delivery %d for %s: %d %s, want 202 %s", n, ref, code, body, want)
		}
	}
	send(a, "queued")
	if got := <-g.started; got != a {
		t.Fatalf("started %s", got)
	}
	send(a, "merged") // a is running: one more run
	send(a, "merged")
	send(b, "queued") // the one worker is busy
	send(b, "merged")
	send(b, "merged")
	for range 3 {
		g.release <- struct{}{}
	}
	waitFor(t, 5*time.Second, "the runs", func() bool { return idle(s) })
	if runs.of(a) != 2 || runs.of(b) != 1 {
		t.Errorf("runs: %s %d (want 2), %s %d (want 1)", a, runs.of(a), b, runs.of(b))
	}
}

// TestQueueFull: when the queue is full, a delivery for a new object is
// 503 with Retry-After, and is taken when sent again later.
func TestQueueFull(t *testing.T) {
	t.Parallel()
	g := newGate()
	cfg := testConfig()
	cfg.workers, cfg.queue = 1, 1
	s, url := startServer(t, cfg, g.run)
	deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
	<-g.started // device 1 runs; device 2 fills the queue
	deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(2), stamp(2), "r2"), testSecret)
	third := netboxBody("4.5", "created", netbox.DeviceRef(3), stamp(3), "r3")
	code, h, b := deliver(t, url, third, testSecret)
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
		t.Fatalf("full queue: %d Retry-After %q %s", code, h.Get("Retry-After"), b)
	}
	g.release <- struct{}{}
	g.release <- struct{}{}
	waitFor(t, 5*time.Second, "the queue to empty", func() bool { return idle(s) })
	if code, _, b := deliver(t, url, third, testSecret); code != http.StatusAccepted {
		t.Errorf("sent again: %d %s", code, b)
	}
	g.release <- struct{}{}
}

// TestFailedRunForgets: a delivery whose runs failed (here on an error
// the receiver cannot place, retried up to --attempts) is run again when
// NetBox (or someone) sends it again.
func TestFailedRunForgets(t *testing.T) {
	t.Parallel()
	fail := func(context.Context, provision.ObjectChange) (provision.ChangeResult, error) {
		return provision.ChangeResult{}, errors.New("Zabbix is down")
	}
	runs := count(fail)
	cfg := testConfig()
	s, url := startServer(t, cfg, runs.run)
	body := netboxBody("4.2", "created", netbox.DeviceRef(1), stamp(1), "r1")
	for i := 1; i <= 2; i++ {
		if code, _, b := deliver(t, url, body, testSecret); code != http.StatusAccepted {
			t.Fatalf("delivery %d: %d %s", i, code, b)
		}
		waitFor(t, 5*time.Second, "the runs", func() bool { return idle(s) && runs.total() == i*cfg.attempts })
	}
	if c := s.pool.counts.snapshot(); c["failed"] != 2 || c["gave_up"] != 2 || c["retries"] != int64(2*(cfg.attempts-1)) {
		t.Errorf("counts %v", c)
	}
}

// TestTransientFailureRetried: a run that fails on a transient error is
// run again inside the receiver, with backoff, until it succeeds (issue
// 10, item 4: NetBox had its 202 and nothing ran the object again). The
// library's own failure is used where it can be: the in-memory Zabbix
// answering a database rollback (zabbix.ErrDatabase), as a fresh Zabbix
// does to concurrent first host.create calls.
func TestTransientFailureRetried(t *testing.T) {
	t.Parallel()
	p, _, zbx := memWorld(t, 1)
	zbx.FailCall(memzabbix.MethodCreateHosts, 1, memzabbix.DatabaseError(memzabbix.MethodCreateHosts))
	zbx.FailCall(memzabbix.MethodCreateHosts, 2, memzabbix.DatabaseError(memzabbix.MethodCreateHosts))
	runs := count(p.HandleChange)
	s, url := startServer(t, testConfig(), runs.run)
	if code, _, b := deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret); code != http.StatusAccepted {
		t.Fatalf("delivery: %d %s", code, b)
	}
	waitFor(t, 5*time.Second, "the runs", func() bool { return idle(s) })
	if n := runs.total(); n != 3 {
		t.Errorf("%d runs, want 3 (two rolled back, one that succeeds)", n)
	}
	if n := memHosts(zbx); n != 1 {
		t.Errorf("%d Zabbix hosts, want 1", n)
	}
	if c := s.pool.counts.snapshot(); c["provisioned"] != 1 || c["retries"] != 2 || c["failed"] != 0 {
		t.Errorf("counts %v", c)
	}

	// Other transient failures, from a run that fails once.
	for _, transient := range []error{
		&netbox.HTTPError{Method: "GET", StatusCode: 503, Status: "503 Service Unavailable"},
		&zabbix.HTTPError{StatusCode: 502, Status: "502 Bad Gateway", Reason: "unexpected status"},
		&neturl.Error{Op: "Post", URL: "http://zabbix/api_jsonrpc.php", Err: syscall.ECONNREFUSED},
		fmt.Errorf("lock device 1 in the store: %w", context.DeadlineExceeded),
		fmt.Errorf("read host config: %w", &pgconn.ConnectError{}),
	} {
		var n atomic.Int32
		once := func(context.Context, provision.ObjectChange) (provision.ChangeResult, error) {
			if n.Add(1) == 1 {
				return provision.ChangeResult{}, &provision.Error{Op: "ProvisionAgent", Object: netbox.DeviceRef(1), Err: transient}
			}
			return provision.ChangeResult{Op: "ProvisionAgent", Message: "Created dev-1"}, nil
		}
		s, url := startServer(t, testConfig(), once)
		deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
		waitFor(t, 5*time.Second, "the runs", func() bool { return idle(s) && n.Load() >= 2 })
		if c := s.pool.counts.snapshot(); c["provisioned"] != 1 || c["retries"] != 1 || n.Load() != 2 {
			t.Errorf("%v: %d runs, counts %v; want a retry that succeeds", transient, n.Load(), c)
		}
	}
}

// TestBadInputNotRetried: bad input fails at once; running it again would
// fail the same way.
func TestBadInputNotRetried(t *testing.T) {
	t.Parallel()
	bad := func(context.Context, provision.ObjectChange) (provision.ChangeResult, error) {
		return provision.ChangeResult{}, &provision.Error{Op: "ProvisionAgent", Err: fmt.Errorf("resolve: %w", mapping.ErrNoDefault)}
	}
	runs := count(bad)
	s, url := startServer(t, testConfig(), runs.run)
	deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
	waitFor(t, 5*time.Second, "the run", func() bool { return idle(s) && runs.total() == 1 })
	time.Sleep(20 * time.Millisecond)
	if c := s.pool.counts.snapshot(); runs.total() != 1 || c["failed"] != 1 || c["retries"] != 0 || c["gave_up"] != 0 {
		t.Errorf("%d runs, counts %v; want one failed run", runs.total(), c)
	}
}

// TestRetryWaitEndsAtShutdown: a delivery waiting to be retried is given
// up when the shutdown deadline passes, not after its wait.
func TestRetryWaitEndsAtShutdown(t *testing.T) {
	t.Parallel()
	fail := func(context.Context, provision.ObjectChange) (provision.ChangeResult, error) {
		return provision.ChangeResult{}, &netbox.HTTPError{Method: "GET", StatusCode: 503}
	}
	runs := count(fail)
	cfg := testConfig()
	cfg.retryBackoff, cfg.attempts = time.Hour, 5
	s, url := startServer(t, cfg, runs.run)
	deliver(t, url, netboxBody("4.5", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
	waitFor(t, 5*time.Second, "the first run", func() bool { return runs.total() == 1 })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_ = s.pool.shutdown(ctx)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	if c := s.pool.counts.snapshot(); c["canceled"] != 1 || runs.total() != 1 {
		t.Errorf("%d runs, counts %v; want one run, then canceled while waiting", runs.total(), c)
	}
}

// TestHealthz reports the counters, and 503 once shutting down.
func TestHealthz(t *testing.T) {
	t.Parallel()
	s, url := startServer(t, testConfig(), ok)
	deliver(t, url, netboxBody("4.2", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret)
	waitFor(t, 5*time.Second, "the run", func() bool { return idle(s) })
	var h struct {
		Status     string           `json:"status"`
		Deliveries map[string]int64 `json:"deliveries"`
		Runs       map[string]int64 `json:"runs"`
	}
	get := func() int {
		resp, err := http.Get(url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if code := get(); code != http.StatusOK || h.Status != "ok" || h.Deliveries["accepted"] != 1 || h.Runs["runs"] != 1 || h.Runs["unchanged"] != 1 {
		t.Errorf("healthz %d %+v", code, h)
	}
	s.pool.close()
	if code := get(); code != http.StatusServiceUnavailable || h.Status != "shutting down" {
		t.Errorf("healthz after close: %d %+v", code, h)
	}
	if code, hd, _ := deliver(t, url, netboxBody("4.2", "created", netbox.DeviceRef(2), stamp(2), "r2"), testSecret); code != http.StatusServiceUnavailable || hd.Get("Retry-After") == "" {
		t.Errorf("delivery while shutting down: %d", code)
	}
}

// TestShutdownDeadline: the pool finishes what it can until the
// deadline, then cancels the run going (through its context) and drops
// the objects not started.
func TestShutdownDeadline(t *testing.T) {
	t.Parallel()
	g := newGate()
	cfg := testConfig()
	cfg.workers = 1
	s, url := startServer(t, cfg, g.run)
	for i := 1; i <= 4; i++ {
		deliver(t, url, netboxBody("4.2", "created", netbox.DeviceRef(int64(i)), stamp(i), "r"), testSecret)
	}
	<-g.started
	g.release <- struct{}{} // device 1 finishes; device 2 will hang
	<-g.started
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := s.pool.shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	if c := s.pool.counts.snapshot(); c["runs"] != 2 || c["updated"] != 1 || c["canceled"] != 1 || c["dropped"] != 2 {
		t.Errorf("counts %v", c)
	}
}

// TestAcceptRate measures how many deliveries per second the server
// takes (signature, parsing, dedup, queue) with a run that does nothing.
func TestAcceptRate(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.queue = 10000
	s, url := startServerLog(t, cfg, ok, slog.New(slog.DiscardHandler))
	const n, clients = 5000, 16
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = netboxBody("4.5", "updated", netbox.DeviceRef(int64(i%500+1)), stamp(i), fmt.Sprint("r", i))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var wg sync.WaitGroup
	next := make(chan []byte)
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for b := range next {
				req, _ := http.NewRequest(http.MethodPost, url+"/webhook", bytes.NewReader(b))
				req.Header.Set(signatureHeader, sign([]byte(testSecret), b))
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					t.Errorf("status %d", resp.StatusCode)
				}
			}
		})
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	took := time.Since(start)
	waitFor(t, 10*time.Second, "the runs", func() bool { return idle(s) })
	t.Logf("accepted %d deliveries for 500 objects in %s: %.0f/s over %d connections; %d runs",
		n, took.Round(time.Millisecond), n/took.Seconds(), clients, s.pool.counts.Runs.Load())
}

// TestRunInProcess runs the program's run as main does, until its
// context ends: it listens, answers, and returns 0.
func TestRunInProcess(t *testing.T) {
	t.Parallel()
	env := map[string]string{"NETBOX_URL": "http://127.0.0.1:1", "NETBOX_TOKEN": testenv.NetBoxToken,
		"ZABBIX_URL": "http://127.0.0.1:1/api_jsonrpc.php", "ZABBIX_TOKEN": "token",
		"STORE": "sqlite:" + filepath.Join(t.TempDir(), "store.db"), "WEBHOOK_SECRET": testSecret}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out, stdout := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"--listen", "127.0.0.1:0"}, func(k string) string { return env[k] }, stdout, &stderr)
		stdout.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	base, found := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !found {
		t.Fatalf("first line %q, %v", line, err)
	}
	go io.Copy(io.Discard, out)
	if c, _, b := deliver(t, base, netboxBody("4.2", "created", netbox.DeviceRef(1), stamp(1), "r"), ""); c != http.StatusUnauthorized {
		t.Errorf("unsigned: %d %s", c, b)
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d; log:\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}

	var usageErr bytes.Buffer
	if c := run(t.Context(), []string{"--workers", "0"}, func(k string) string { return env[k] }, io.Discard, &usageErr); c != 2 || !strings.Contains(usageErr.String(), "--workers") {
		t.Errorf("--workers 0: exit %d, %s", c, usageErr.String())
	}
}
