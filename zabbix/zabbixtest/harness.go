package zabbixtest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Zabbix JSON-RPC error codes.
const (
	codeInvalidParams = -32602
	codeApplication   = -32500
)

// missingID is a numeric ID no test object has.
const missingID = "999999999"

// cleanupTimeout bounds the deletion of a subtest's hosts.
const cleanupTimeout = time.Minute

// harness is one subtest's view of the backend: the client, its fixture,
// and the names of every host the subtest may have created.
type harness struct {
	c     Client
	fx    Fixture
	token string // random, unique to the subtest
	label string // the subtest's name, made valid for host names

	mu    sync.Mutex
	names []string
}

func newHarness(t *testing.T, newClient func(t *testing.T) (Client, Fixture)) *harness {
	t.Helper()
	c, fx := newClient(t)
	checkFixture(t, fx)
	h := &harness{c: c, fx: fx, token: randomHex(4), label: hostLabel(path.Base(t.Name()))}
	t.Cleanup(func() { h.cleanup(t) })
	return h
}

func checkFixture(t *testing.T, fx Fixture) {
	t.Helper()
	switch {
	case fx.Version == 0:
		t.Fatal("zabbixtest: Fixture.Version is not set")
	case fx.GroupID == "":
		t.Fatal("zabbixtest: Fixture.GroupID is not set")
	case fx.TemplateID == "" || fx.SecondTemplateID == "":
		t.Fatal("zabbixtest: Fixture.TemplateID and SecondTemplateID must both be set")
	case fx.TemplateID == fx.SecondTemplateID:
		t.Fatal("zabbixtest: Fixture.TemplateID and SecondTemplateID must differ")
	case fx.ItemsTemplateID == "":
		t.Fatal("zabbixtest: Fixture.ItemsTemplateID is not set")
	case hostLabel(fx.Prefix) != fx.Prefix:
		t.Fatalf("zabbixtest: Fixture.Prefix %q has characters Zabbix host names cannot hold", fx.Prefix)
	}
}

// v7 reports whether the backend follows Zabbix 7.0 rules.
func (h *harness) v7() bool { return h.fx.Version.AtLeast(zabbix.V7_0) }

// name returns a technical host name unique to this subtest and run, and
// remembers it for cleanup.
func (h *harness) name(label string) string {
	return h.track(fmt.Sprintf("%s%.40s-%s-%s", h.fx.Prefix, h.label, label, h.token))
}

// addr returns an IPv4 address ending in last in a /24 of 10.0.0.0/8
// picked from the subtest's token, so that tests searching by address
// do not find the hosts of other tests on the same server.
func (h *harness) addr(last int) string {
	b, _ := hex.DecodeString(h.token) // randomHex: always hex
	return fmt.Sprintf("10.%d.%d.%d", b[0], b[1], last)
}

// track remembers a host name to delete at cleanup and returns it.
func (h *harness) track(name string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.names = append(h.names, name)
	return name
}

// cleanup deletes every host carrying one of the subtest's names. It uses
// its own context: t.Context is done by the time cleanups run.
func (h *harness) cleanup(t *testing.T) {
	h.mu.Lock()
	names := h.names
	h.mu.Unlock()
	if len(names) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	hosts, err := h.c.Hosts(ctx, zabbix.HostQuery{Names: names})
	if err != nil {
		t.Errorf("cleanup: reading the hosts this test created: %v", err)
		return
	}
	if len(hosts) == 0 {
		return
	}
	ids := make([]string, len(hosts))
	for i, x := range hosts {
		ids[i] = x.HostID
	}
	if err := h.c.DeleteHosts(ctx, ids...); err != nil {
		t.Errorf("cleanup: deleting hosts %v: %v", ids, err)
	}
}

// host returns a valid host to create: the fixture's group, inventory
// disabled, one main agent interface on ip.
func (h *harness) host(label, ip string) zabbix.Host {
	return zabbix.Host{
		Host:          h.name(label),
		GroupIDs:      []string{h.fx.GroupID},
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces:    []zabbix.HostInterface{agent(ip, 1)},
	}
}

// agent returns an agent interface on ip:10050.
func agent(ip string, main int) zabbix.HostInterface {
	return zabbix.HostInterface{Type: zabbix.InterfaceAgent, Main: main, UseIP: 1, IP: ip, Port: "10050"}
}

// create creates hosts and fails the test if that fails or the answer is
// not the hosts, in order, with valid IDs.
func (h *harness) create(t *testing.T, hosts ...zabbix.Host) []zabbix.Host {
	t.Helper()
	got, err := h.c.CreateHosts(t.Context(), hosts)
	if err != nil {
		t.Fatalf("CreateHosts: %v", err)
	}
	if len(got) != len(hosts) {
		t.Fatalf("CreateHosts returned %d hosts, want %d", len(got), len(hosts))
	}
	for i := range got {
		if got[i].Host != hosts[i].Host {
			t.Fatalf("CreateHosts result %d is %q, want %q (input order)", i, got[i].Host, hosts[i].Host)
		}
		checkIDs(t, got[i])
	}
	return got
}

// get reads hosts by ID and fails the test on error.
func (h *harness) get(t *testing.T, ids ...string) []zabbix.Host {
	t.Helper()
	got, err := h.c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: ids})
	if err != nil {
		t.Fatalf("Hosts(%v): %v", ids, err)
	}
	return got
}

// getOne reads one host that must exist.
func (h *harness) getOne(t *testing.T, id string) zabbix.Host {
	t.Helper()
	got := h.get(t, id)
	if len(got) != 1 {
		t.Fatalf("Hosts(%s) returned %d hosts, want 1", id, len(got))
	}
	return got[0]
}

// update updates a host and fails the test on error; it checks that the
// answer is what Hosts reads.
func (h *harness) update(t *testing.T, in zabbix.HostUpdate) zabbix.Host {
	t.Helper()
	got, err := h.c.UpdateHost(t.Context(), in)
	if err != nil {
		t.Fatalf("UpdateHost: %v", err)
	}
	checkIDs(t, got)
	if diff := gocmp.Diff(h.getOne(t, in.HostID), got, exact()...); diff != "" {
		t.Errorf("UpdateHost returned a host that differs from what Hosts reads (-read +returned):\n%s", diff)
	}
	return got
}

// wantNone fails the test when any host with one of the names exists.
func (h *harness) wantNone(t *testing.T, names ...string) {
	t.Helper()
	got, err := h.c.Hosts(t.Context(), zabbix.HostQuery{Names: names})
	if err != nil {
		t.Fatalf("Hosts(names %q): %v", names, err)
	}
	for _, x := range got {
		t.Errorf("host %q (%s) exists after a failed call; want nothing created", x.Host, x.HostID)
	}
}

// readBack returns what a host created from in reads back as, IDs aside:
// the visible name defaults to the technical one, TLS to no encryption;
// write-only PSK fields, TemplatesClear and the proxy fields the monitoring
// source does not use are not returned; inventory is empty when disabled;
// only SNMP interfaces have details, with 7.x's default max_repetitions.
func (h *harness) readBack(in zabbix.Host) zabbix.Host {
	w := in.Clone()
	if strings.TrimSpace(w.Name) == "" {
		w.Name = w.Host
	}
	w.TLSConnect = cmp.Or(w.TLSConnect, zabbix.TLSNone)
	w.TLSAccept = cmp.Or(w.TLSAccept, zabbix.TLSNone)
	w.TLSPSKIdentity, w.TLSPSK = "", ""
	w.TemplatesClear = nil
	if w.InventoryMode == zabbix.InventoryDisabled {
		w.Inventory = nil
	}
	if w.MonitoredBy != zabbix.MonitoredByProxy {
		w.ProxyID = ""
	}
	if w.MonitoredBy != zabbix.MonitoredByProxyGroup {
		w.ProxyGroupID = ""
	}
	for i := range w.Interfaces {
		in := &w.Interfaces[i]
		switch {
		case in.Type != zabbix.InterfaceSNMP:
			in.Details = nil
		case h.v7() && in.Details != nil && in.Details.MaxRepetitions == 0:
			in.Details.MaxRepetitions = 10
		}
	}
	return w
}

// checkIDs checks that a host read back has a numeric host ID and every
// interface a numeric interface ID and the host's ID.
func checkIDs(t *testing.T, x zabbix.Host) {
	t.Helper()
	if !isID(x.HostID) {
		t.Errorf("host %q has host ID %q, want a numeric string", x.Host, x.HostID)
	}
	for _, in := range x.Interfaces {
		if !isID(in.InterfaceID) {
			t.Errorf("host %q: interface %s:%s has ID %q, want a numeric string", x.Host, in.IP+in.DNS, in.Port, in.InterfaceID)
		}
		if in.HostID != x.HostID {
			t.Errorf("host %q: interface %q has host ID %q, want %q", x.Host, in.InterfaceID, in.HostID, x.HostID)
		}
	}
}

func isID(s string) bool {
	if s == "" || s[0] == '0' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// exact compares hosts read back: unordered lists are compared as sets,
// nil and empty are the same.
func exact() []gocmp.Option {
	return []gocmp.Option{
		cmpopts.EquateEmpty(),
		cmpopts.SortSlices(func(a, b string) bool { return a < b }),
		cmpopts.SortSlices(func(a, b zabbix.Tag) bool { return a.Tag+"\x00"+a.Value < b.Tag+"\x00"+b.Value }),
		cmpopts.SortSlices(func(a, b zabbix.HostInterface) bool { return ifaceKey(a) < ifaceKey(b) }),
	}
}

// ignoringIDs is exact without the host and interface IDs, to compare a
// host read back with what was sent.
func ignoringIDs() []gocmp.Option {
	return append(exact(),
		cmpopts.IgnoreFields(zabbix.Host{}, "HostID"),
		cmpopts.IgnoreFields(zabbix.HostInterface{}, "InterfaceID", "HostID"),
	)
}

func ifaceKey(in zabbix.HostInterface) string {
	return fmt.Sprintf("%d|%s|%s|%s|%d", in.Type, in.IP, in.DNS, in.Port, in.Main)
}

// wantAPIError checks that err is an *zabbix.APIError with the code and,
// unless data is empty, exactly that data.
func wantAPIError(t *testing.T, err error, code int, data string) *zabbix.APIError {
	t.Helper()
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v (%T), want a *zabbix.APIError", err, err)
	}
	if apiErr.Code != code {
		t.Errorf("APIError.Code = %d, want %d (error %v)", apiErr.Code, code, err)
	}
	if data != "" && apiErr.Data != data {
		t.Errorf("APIError.Data:\n got %s\nwant %s", apiErr.Data, data)
	}
	return apiErr
}

// wantIs checks that errors.Is(err, target).
func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("error = %v, want one matching %v", err, target)
	}
}

// hostLabel keeps the characters of s that Zabbix host names allow,
// replacing the others with '-'.
func hostLabel(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_', r == ' ':
			return r
		}
		return '-'
	}, s)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
