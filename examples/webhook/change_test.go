package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// recorder is a run that records the changes it is given.
type recorder struct {
	mu   sync.Mutex
	runs []provision.ObjectChange
	next runFunc // nil: nothing to do
}

func (r *recorder) run(ctx context.Context, ch provision.ObjectChange) (provision.ChangeResult, error) {
	r.mu.Lock()
	r.runs = append(r.runs, ch)
	r.mu.Unlock()
	if r.next != nil {
		return r.next(ctx, ch)
	}
	return provision.ChangeResult{Object: ch.Object, Message: "nothing to do"}, nil
}

func (r *recorder) changes() []provision.ObjectChange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]provision.ObjectChange(nil), r.runs...)
}

// TestFollowsEveryChange: created, updated and deleted devices, VMs and IP
// addresses are queued (202) and run as the ObjectChange the body says,
// with --onboard's value.
func TestFollowsEveryChange(t *testing.T) {
	t.Parallel()
	for _, onboard := range []bool{true, false} {
		rec := &recorder{}
		cfg := testConfig()
		cfg.onboard = onboard
		s, url := startServer(t, cfg, rec.run)
		ipRef := netbox.Ref{Type: netbox.TypeIPAddress, ID: 10}
		want := []provision.ObjectChange{
			{Kind: provision.ObjectCreated, Object: netbox.DeviceRef(1)},
			{Kind: provision.ObjectUpdated, Object: netbox.VMRef(2)},
			{Kind: provision.ObjectDeleted, Object: netbox.DeviceRef(3)},
			{Kind: provision.ObjectDeleted, Object: netbox.VMRef(4)},
			{Kind: provision.ObjectUpdated, Object: ipRef, Owner: netbox.DeviceRef(5)},
			{Kind: provision.ObjectDeleted, Object: ipRef, Owner: netbox.VMRef(6)},
			{Kind: provision.ObjectCreated, Object: ipRef}, // unassigned: HandleChange asks NetBox
		}
		for i, ch := range want {
			var body []byte
			if ch.Object.Type == netbox.TypeIPAddress {
				body = ipBody("4.5", string(ch.Kind), ch.Object.ID, ch.Owner, stamp(i), fmt.Sprint("r", i))
			} else {
				body = netboxBody("4.2", string(ch.Kind), ch.Object, stamp(i), fmt.Sprint("r", i))
			}
			code, _, b := deliver(t, url, body, testSecret)
			if code != http.StatusAccepted || !strings.Contains(b, `"event":"`+string(ch.Kind)+`"`) {
				t.Errorf("%s %s: %d %s, want 202", ch.Kind, ch.Object, code, b)
			}
			waitFor(t, 5*time.Second, "the run", func() bool { return idle(s) && len(rec.changes()) == i+1 })
			got := rec.changes()[i]
			ch.Onboard, ch.User, ch.RequestID = onboard, "alice", fmt.Sprint("r", i)
			if got != ch {
				t.Errorf("run %+v, want %+v", got, ch)
			}
		}
	}
}

// TestDeletionMerges: deliveries for one object merge into one run, an IP
// address's with its owner's; a deletion of the object is never replaced
// by a later change, and a change queued behind a running deletion runs it
// once more rather than anything else.
func TestDeletionMerges(t *testing.T) {
	t.Parallel()
	g := newGate()
	rec := &recorder{next: g.run}
	cfg := testConfig()
	cfg.workers = 1
	s, url := startServer(t, cfg, rec.run)
	dev, other := netbox.DeviceRef(1), netbox.DeviceRef(2)
	n := 0
	send := func(body []byte, want string) {
		t.Helper()
		n++
		if code, _, b := deliver(t, url, body, testSecret); code != http.StatusAccepted || !strings.Contains(b, want) {
			t.Fatalf("delivery %d: %d %s, want 202 %s", n, code, b, want)
		}
	}
	send(netboxBody("4.5", "updated", other, stamp(0), "busy"), "queued") // keeps the one worker busy
	<-g.started
	send(netboxBody("4.5", "updated", dev, stamp(1), "r1"), "queued")
	send(ipBody("4.5", "updated", 10, dev, stamp(2), "r2"), "merged")
	send(netboxBody("4.5", "deleted", dev, stamp(3), "r3"), "merged")
	send(ipBody("4.5", "deleted", 10, dev, stamp(4), "r4"), "merged")
	send(netboxBody("4.5", "updated", dev, stamp(5), "r5"), "merged")
	for range 2 {
		g.release <- struct{}{}
	}
	waitFor(t, 5*time.Second, "the runs", func() bool { return idle(s) })
	runs := rec.changes()
	if len(runs) != 2 || runs[1].Kind != provision.ObjectDeleted || runs[1].Object != dev || runs[1].RequestID != "r3" {
		t.Errorf("runs %+v, want the busy one, then one deletion of %s (r3)", runs, dev)
	}
}

// TestMalformedIPAddress: an IP address whose owner is not a JSON number
// of 1 or more, or whose assigned_object is not an interface, is 400 and
// runs nothing.
func TestMalformedIPAddress(t *testing.T) {
	t.Parallel()
	runs := count(ok)
	_, url := startServer(t, testConfig(), runs.run)
	for _, body := range []string{
		`{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object": {"device": {"id": "1"}}}}`,
		`{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object": {"device": {"id": 0}}}}`,
		`{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object": {"virtual_machine": {"id": 1.5}}}}`,
		`{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object": {"virtual_machine": {}}}}`,
		`{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object": {"device": {"id": 1}, "virtual_machine": {"id": 2}}}}`,
		`{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object": "eth0"}}`,
		`{"event": "updated", "model": "ipaddress", "data": {"id": "10"}}`,
	} {
		if code, _, b := deliver(t, url, []byte(body), testSecret); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", body, code, b)
		}
	}
	// An FHRP group's address names no device or VM: HandleChange asks
	// NetBox (and finds none).
	body := `{"event": "updated", "object_type": "ipam.ipaddress", "data": {"id": 10, "assigned_object_type": "ipam.fhrpgroup", "assigned_object": {"id": 3, "name": "VRRP 1"}}}`
	if code, _, b := deliver(t, url, []byte(body), testSecret); code != http.StatusAccepted {
		t.Errorf("FHRP group: %d %s, want 202", code, b)
	}
}

// TestOnboardFlag: --onboard is on unless turned off.
func TestOnboardFlag(t *testing.T) {
	t.Parallel()
	env := func(k string) string { return map[string]string{"DATABASE_URL": "postgres://h/db"}[k] }
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"--durable"}, true},
		{[]string{"--durable", "--onboard=false"}, false},
		{[]string{"--durable", "--onboard"}, true},
	} {
		cfg, err := parseConfig(c.args, env)
		if err != nil || cfg.onboard != c.want {
			t.Errorf("%v: onboard %v, %v; want %v", c.args, cfg.onboard, err, c.want)
		}
	}
}
