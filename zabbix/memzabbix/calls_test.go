package memzabbix_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

var errBoom = errors.New("boom")

// newHost returns a valid host for the default configuration.
func newHost(name string) zabbix.Host {
	return zabbix.Host{
		Host:          name,
		GroupIDs:      []string{"2"},
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces: []zabbix.HostInterface{{
			Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.1", Port: "10050",
		}},
	}
}

func TestCallsRecorded(t *testing.T) {
	ctx := t.Context()
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	in := []zabbix.Host{newHost("web-01")}
	created, err := srv.CreateHosts(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	_, dupErr := srv.CreateHosts(ctx, in)
	q := zabbix.HostQuery{HostIDs: []string{created[0].HostID}}
	if _, err := srv.Hosts(ctx, q); err != nil {
		t.Fatal(err)
	}
	desc := "changed"
	u := zabbix.HostUpdate{HostID: created[0].HostID, Description: &desc}
	if _, err := srv.UpdateHost(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := srv.DeleteHosts(ctx, created[0].HostID); err != nil {
		t.Fatal(err)
	}

	want := []memzabbix.Call{
		{Method: memzabbix.MethodCreateHosts, Args: in},
		{Method: memzabbix.MethodCreateHosts, Args: in, Err: dupErr},
		{Method: memzabbix.MethodHosts, Args: q},
		{Method: memzabbix.MethodUpdateHost, Args: u},
		{Method: memzabbix.MethodDeleteHosts, Args: []string{created[0].HostID}},
	}
	got := srv.Calls()
	if diff := cmp.Diff(want, got, cmp.Comparer(sameError)); diff != "" {
		t.Errorf("Calls() (-want +got):\n%s", diff)
	}
	if !errors.Is(got[1].Err, zabbix.ErrHostExists) {
		t.Errorf("recorded error = %v, want ErrHostExists", got[1].Err)
	}

	// Calls returns copies.
	got[0].Args.([]zabbix.Host)[0].Host = "changed"
	got[2].Args.(zabbix.HostQuery).HostIDs[0] = "changed"
	if diff := cmp.Diff(want, srv.Calls(), cmp.Comparer(sameError)); diff != "" {
		t.Errorf("changing a Calls() result changed the record (-want +got):\n%s", diff)
	}

	srv.ResetCalls()
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("after ResetCalls, Calls() has %d calls, want none", n)
	}
}

func sameError(a, b error) bool { return a == b }

func TestFailCall(t *testing.T) {
	ctx := t.Context()
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	if _, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("before")}); err != nil {
		t.Fatal(err)
	}
	srv.FailCall(memzabbix.MethodCreateHosts, 2, errBoom) // counts from now: the 3rd call overall

	if _, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("a")}); err != nil {
		t.Fatalf("1st call after FailCall: %v", err)
	}
	got, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("b")})
	if !errors.Is(err, errBoom) || got != nil {
		t.Errorf("2nd call = %v, %v; want nil, errBoom", got, err)
	}
	if _, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("c")}); err != nil {
		t.Errorf("3rd call: %v (a failure is injected once)", err)
	}
	if hosts, _ := srv.Hosts(ctx, zabbix.HostQuery{Names: []string{"b"}}); len(hosts) != 0 {
		t.Errorf("the failed call created %q", hosts[0].Host)
	}
	calls := srv.Calls()
	if err := calls[2].Err; !errors.Is(err, errBoom) {
		t.Errorf("recorded error of the failed call = %v, want errBoom", err)
	}
}

func TestFailCallEveryMethod(t *testing.T) {
	ctx := t.Context()
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	created, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("web-01")})
	if err != nil {
		t.Fatal(err)
	}
	id := created[0].HostID
	for _, m := range []memzabbix.Method{memzabbix.MethodHosts, memzabbix.MethodUpdateHost, memzabbix.MethodDeleteHosts} {
		srv.FailCall(m, 1, errBoom)
	}
	if got, err := srv.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{id}}); !errors.Is(err, errBoom) || got != nil {
		t.Errorf("Hosts = %v, %v; want nil, errBoom", got, err)
	}
	desc := "changed"
	if _, err := srv.UpdateHost(ctx, zabbix.HostUpdate{HostID: id, Description: &desc}); !errors.Is(err, errBoom) {
		t.Errorf("UpdateHost error = %v, want errBoom", err)
	}
	if err := srv.DeleteHosts(ctx, id); !errors.Is(err, errBoom) {
		t.Errorf("DeleteHosts error = %v, want errBoom", err)
	}
	h, ok := srv.Host(id)
	if !ok || h.Description != "" {
		t.Errorf("after failed update and delete: host %+v, exists %v; want it unchanged", h, ok)
	}
}

func TestFailCallAfterApply(t *testing.T) {
	ctx := t.Context()
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	for _, m := range []memzabbix.Method{memzabbix.MethodCreateHosts, memzabbix.MethodHosts, memzabbix.MethodUpdateHost, memzabbix.MethodDeleteHosts} {
		srv.FailCallAfterApply(m, 1, errBoom)
	}

	created, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("lost")})
	if !errors.Is(err, errBoom) || created != nil {
		t.Fatalf("CreateHosts = %v, %v; want nil, errBoom", created, err)
	}
	all := srv.AllHosts()
	if len(all) != 2 || all[1].Host != "lost" {
		t.Fatalf("after a lost answer the host must exist; hosts: %+v", all)
	}
	id := all[1].HostID

	if got, err := srv.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{id}}); !errors.Is(err, errBoom) || got != nil {
		t.Errorf("Hosts = %v, %v; want nil, errBoom", got, err)
	}

	desc := "changed"
	if _, err := srv.UpdateHost(ctx, zabbix.HostUpdate{HostID: all[1].HostID, Description: &desc}); !errors.Is(err, errBoom) {
		t.Errorf("UpdateHost error = %v, want errBoom", err)
	}
	if h, _ := srv.Host(id); h.Description != "changed" {
		t.Errorf("after a lost answer the update must be applied; description %q", h.Description)
	}

	if err := srv.DeleteHosts(ctx, id); !errors.Is(err, errBoom) {
		t.Errorf("DeleteHosts error = %v, want errBoom", err)
	}
	if _, ok := srv.Host(id); ok {
		t.Errorf("after a lost answer the host must be deleted")
	}
}

func TestFailCallAfterApplyOnInvalidCall(t *testing.T) {
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	srv.FailCallAfterApply(memzabbix.MethodCreateHosts, 1, errBoom)
	bad := newHost("bad name!")
	_, err := srv.CreateHosts(t.Context(), []zabbix.Host{bad})
	if errors.Is(err, errBoom) || err == nil {
		t.Errorf("error = %v, want the validation error", err)
	}
	if _, err := srv.CreateHosts(t.Context(), []zabbix.Host{newHost("good")}); err != nil {
		t.Errorf("next call: %v; the injected failure was used up", err)
	}
}

func TestFailCallWinsOverAfterApply(t *testing.T) {
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	errAfter := errors.New("after")
	srv.FailCallAfterApply(memzabbix.MethodCreateHosts, 1, errAfter)
	srv.FailCall(memzabbix.MethodCreateHosts, 1, errBoom)
	if _, err := srv.CreateHosts(t.Context(), []zabbix.Host{newHost("web-01")}); !errors.Is(err, errBoom) {
		t.Errorf("error = %v, want errBoom", err)
	}
	if n := srv.HostCount(); n != 1 {
		t.Errorf("%d hosts, want only the seeded one", n)
	}
}

func TestCanceledContextWinsOverInjectedFailure(t *testing.T) {
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	srv.FailCall(memzabbix.MethodHosts, 1, errBoom)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := srv.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10084"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	got, err := srv.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10084"}})
	if err != nil || len(got) != 1 {
		t.Errorf("next call = %d hosts, %v; want the failure used up by the canceled call", len(got), err)
	}
	if err := srv.Calls()[0].Err; !errors.Is(err, context.Canceled) {
		t.Errorf("recorded error = %v, want context.Canceled", err)
	}
}

func TestFailCallIsPerInstance(t *testing.T) {
	a := memzabbix.New(memzabbix.DefaultConfig(v7))
	b := memzabbix.New(memzabbix.DefaultConfig(v7))
	a.FailCall(memzabbix.MethodCreateHosts, 1, errBoom)
	if _, err := b.CreateHosts(t.Context(), []zabbix.Host{newHost("web-01")}); err != nil {
		t.Errorf("another server's injected failure leaked: %v", err)
	}
	if n := len(a.Calls()); n != 0 {
		t.Errorf("server a recorded %d calls made to b", n)
	}
}

func TestInjectMisuse(t *testing.T) {
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	tests := map[string]func(){
		"unknown method": func() { srv.FailCall("CreateHost", 1, errBoom) },
		"zero n":         func() { srv.FailCall(memzabbix.MethodHosts, 0, errBoom) },
		"nil error":      func() { srv.FailCallAfterApply(memzabbix.MethodHosts, 1, nil) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			f()
		})
	}
}

// TestDatabaseError: the fake answers a rolled-back database error through
// FailCall as a real server does: -32500 "DBEXECUTE_ERROR", matching
// zabbix.ErrDatabase, with nothing created.
func TestDatabaseError(t *testing.T) {
	ctx := t.Context()
	srv := memzabbix.New(memzabbix.DefaultConfig(v7))
	srv.FailCall(memzabbix.MethodCreateHosts, 1, memzabbix.DatabaseError(memzabbix.MethodCreateHosts))
	_, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("a"), newHost("b")})
	var apiErr *zabbix.APIError
	if !errors.Is(err, zabbix.ErrDatabase) || !errors.As(err, &apiErr) {
		t.Fatalf("CreateHosts = %v, want an *APIError matching ErrDatabase", err)
	}
	if apiErr.Method != "host.create" || apiErr.Code != -32500 || apiErr.Data != "DBEXECUTE_ERROR" {
		t.Errorf("error = %+v, want host.create -32500 DBEXECUTE_ERROR", apiErr)
	}
	if hosts, _ := srv.Hosts(ctx, zabbix.HostQuery{Names: []string{"a", "b"}}); len(hosts) != 0 {
		t.Errorf("a rolled-back call created %d hosts", len(hosts))
	}
	if _, err := srv.CreateHosts(ctx, []zabbix.Host{newHost("a"), newHost("b")}); err != nil {
		t.Errorf("sending it again: %v", err)
	}
}
