package memnetbox_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
)

var errInjected = errors.New("injected")

// TestFailCall: the n-th call of a method from now fails with the error
// given, reading nothing; every call counts, failed ones too; a canceled
// context wins; Calls records each call with its query and result.
func TestFailCall(t *testing.T) {
	t.Parallel()
	nb := memnetbox.New(config())
	dev := netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1}}
	nb.FailCall(memnetbox.MethodObjects, 2, errInjected)
	nb.FailCall(memnetbox.MethodFetch, 1, errInjected)
	nb.FailCall(memnetbox.MethodIPAddresses, 1, errInjected)

	if got, err := nb.Objects(t.Context(), dev); err != nil || len(got) != 1 {
		t.Fatalf("call 1: %v, %v", got, err)
	}
	if got, err := nb.Objects(t.Context(), dev); !errors.Is(err, errInjected) || got != nil {
		t.Errorf("call 2: %v, %v; want the injected error and nothing", got, err)
	}
	if _, err := nb.Objects(t.Context(), dev); err != nil {
		t.Errorf("call 3: %v", err)
	}
	if _, err := nb.Fetch(t.Context(), "/api/dcim/sites/1/"); !errors.Is(err, errInjected) {
		t.Errorf("Fetch: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := nb.IPAddresses(ctx, netbox.Query{IDs: []int64{10}}); !errors.Is(err, context.Canceled) {
		t.Errorf("IPAddresses on a canceled context with a failure injected: %v, want context.Canceled", err)
	}
	if _, err := nb.IPAddresses(t.Context(), netbox.Query{IDs: []int64{10}}); err != nil {
		t.Errorf("IPAddresses after the injected failure was used up: %v", err)
	}

	calls := nb.Calls()
	var methods []memnetbox.Method
	for _, c := range calls {
		methods = append(methods, c.Method)
	}
	want := []memnetbox.Method{memnetbox.MethodObjects, memnetbox.MethodObjects, memnetbox.MethodObjects,
		memnetbox.MethodFetch, memnetbox.MethodIPAddresses, memnetbox.MethodIPAddresses}
	if !slices.Equal(methods, want) {
		t.Fatalf("calls %v, want %v", methods, want)
	}
	if !errors.Is(calls[1].Err, errInjected) || calls[0].Err != nil || !errors.Is(calls[4].Err, context.Canceled) ||
		calls[3].URL != "/api/dcim/sites/1/" || !slices.Equal(calls[0].Query.IDs, []int64{1}) {
		t.Errorf("calls recorded wrongly: %+v", calls)
	}
	calls[0].Query.IDs[0] = 99
	if nb.Calls()[0].Query.IDs[0] != 1 {
		t.Error("changing what Calls returned changed the record")
	}
	nb.ResetCalls()
	if len(nb.Calls()) != 0 {
		t.Error("ResetCalls kept calls")
	}
}

// TestFailCallPanics: FailCall refuses what cannot be injected.
func TestFailCallPanics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method memnetbox.Method
		n      int
		err    error
	}{{"Device", 1, errInjected}, {memnetbox.MethodObjects, 0, errInjected}, {memnetbox.MethodFetch, 1, nil}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("FailCall(%q, %d, %v) did not panic", tc.method, tc.n, tc.err)
				}
			}()
			memnetbox.New(memnetbox.Config{}).FailCall(tc.method, tc.n, tc.err)
		}()
	}
}

// TestUnsupportedFilter: a filter memnetbox does not know is an error,
// not a read of everything.
func TestUnsupportedFilter(t *testing.T) {
	t.Parallel()
	nb := memnetbox.New(config())
	_, err := nb.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, Filter: "serial=SN-0001"})
	if !errors.Is(err, netbox.ErrBadQuery) || !strings.Contains(err.Error(), `filter "serial"`) {
		t.Errorf("Objects(serial=…) = %v; want ErrBadQuery naming the filter", err)
	}
	_, err = nb.IPAddresses(t.Context(), netbox.Query{Filter: "vrf_id=1"})
	if !errors.Is(err, netbox.ErrBadQuery) {
		t.Errorf("IPAddresses(vrf_id=1) = %v; want ErrBadQuery", err)
	}
}

// TestFieldsTrim: a read with Fields holds, as from NetBox 4.x, the typed
// fields and only the Attrs asked for, so that a caller that forgets to ask
// for a field finds out in its tests.
func TestFieldsTrim(t *testing.T) {
	t.Parallel()
	nb := memnetbox.New(config())
	objs, err := nb.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1}, Fields: []string{"serial"}})
	if err != nil || len(objs) != 1 {
		t.Fatal(objs, err)
	}
	o := objs[0]
	if o.Attrs["serial"] != "SN-0001" || len(o.Attrs) != 1 || o.Site == nil || len(o.Tags) != 2 || o.CustomFields == nil {
		t.Errorf("lean device: Attrs %v, site %v, tags %v, custom fields %v", o.Attrs, o.Site, o.Tags, o.CustomFields)
	}
	ips, err := nb.IPAddresses(t.Context(), netbox.Query{IDs: []int64{10}, Fields: []string{}})
	if err != nil || len(ips) != 1 || ips[0].AssignedObject != nil || ips[0].AssignedObjectID != 100 {
		t.Errorf("lean IP address: %+v, %v", ips, err)
	}
}
