package provision_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// TestCreateNotSent: when Zabbix cannot be reached (here the version probe
// inside host.create fails), nothing was sent: the error says so, and
// names no host left behind.
func TestCreateNotSent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/api_jsonrpc.php"
	ln.Close() // nothing listens there any more
	zc, err := zabbix.New(zabbix.Config{URL: url, Token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := provision.New(provision.Config{NetBox: w.nb, Zabbix: zc, Store: w.st})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if !errors.Is(err, zabbix.ErrNotSent) || errors.Is(err, provision.ErrUndoFailed) {
		t.Fatalf("err = %v; want a failure that matches zabbix.ErrNotSent and no undo", err)
	}
	if strings.Contains(err.Error(), "orphaned") || strings.Contains(err.Error(), "(unknown)") {
		t.Errorf("error %q speaks of a host left behind; nothing was sent", err)
	}
	if len(w.configs()) != 0 {
		t.Error("a config was stored")
	}
}

// TestLostCreateThenFailedRead: host.create takes effect but its answer is
// lost, the run finds the host, and then reading it fails. No retry may be
// needed for the invariants: the host the run made is deleted.
func TestLostCreateThenFailedRead(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.zbx.FailCallAfterApply(memzabbix.MethodCreateHosts, 1, errors.New("read: connection reset by peer"))
	w.zbx.FailCall(memzabbix.MethodHosts, 2, errInjected) // the read after the name lookup
	_, err := w.provision(netbox.DeviceRef(1))
	if !errors.Is(err, errInjected) || errors.Is(err, provision.ErrUndoFailed) {
		t.Fatalf("err = %v; want the read failure, with the host undone", err)
	}
	if n := w.zbx.HostCount(); n != 1 {
		t.Errorf("Zabbix has %d hosts, want only the seeded one: the host the lost create made must go", n)
	}
	w.checkInvariants()
}

// readBackLost is a Zabbix whose host.create results cannot be read back,
// and whose reads fail.
type readBackLost struct{ *memzabbix.Server }

func (z readBackLost) CreateHosts(ctx context.Context, hs []zabbix.Host) ([]zabbix.Host, error) {
	created, err := z.Server.CreateHosts(ctx, hs)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(created))
	for i, h := range created {
		ids[i] = h.HostID
	}
	return nil, &zabbix.ReadBackError{Method: "host.create", HostIDs: ids, Reason: "host.get failed", Err: errInjected}
}

func (z readBackLost) Hosts(context.Context, zabbix.HostQuery) ([]zabbix.Host, error) {
	return nil, &zabbix.APIError{Method: "host.get", Code: -32500, Message: "Application error.", Data: "DBEXECUTE_ERROR"}
}

// TestCreatedButNotReadBack: Zabbix created the host and said so, but the
// read-back failed (a *zabbix.ReadBackError wrapping an API error), and so
// does every read after it. The run knows the host it made and deletes it.
func TestCreatedButNotReadBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p, err := provision.New(provision.Config{NetBox: w.nb, Zabbix: readBackLost{w.zbx}, Store: w.st})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if err == nil || errors.Is(err, provision.ErrUndoFailed) {
		t.Fatalf("err = %v; want the read-back failure, with the host undone", err)
	}
	if n := w.zbx.HostCount(); n != 1 {
		t.Errorf("Zabbix has %d hosts, want only the seeded one", n)
	}
	w.checkInvariants()
}

// TestTakeoverLookupFails: the object's own orphan (left by an interrupted
// run) has the name; looking it up fails. That is not "the name is taken
// by another host": the error must not say so, and wraps the lookup's
// failure so that callers retry.
func TestTakeoverLookupFails(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.st.FailCall("CreateHostConfigs", 1, errInjected)
	w.zbx.FailCall(memzabbix.MethodDeleteHosts, 1, errors.New("connection reset"))
	if _, err := w.provision(netbox.DeviceRef(1)); !errors.Is(err, provision.ErrUndoFailed) {
		t.Fatalf("first run = %v, want an orphan left", err)
	}
	lookup := errors.New("lookup: connection reset by peer")
	w.zbx.FailCall(memzabbix.MethodHosts, 1, lookup)
	_, err := w.provision(netbox.DeviceRef(1))
	if errors.Is(err, provision.ErrHostNameTaken) || !errors.Is(err, lookup) {
		t.Fatalf("err = %v; want the lookup failure, not ErrHostNameTaken", err)
	}
	mustContain(t, "error", err.Error(), "could not be told")
	if res := w.mustProvision(netbox.DeviceRef(1)); !res.Adopted {
		t.Errorf("the next run did not take the orphan over: %+v", res)
	}
	w.checkInvariants()
}

// TestMissingGroupNamesTheMapping: Zabbix 6.0 refuses a missing host group
// or template without saying which; the error names the mapping and the
// IDs it made the run send.
func TestMissingGroupNamesTheMapping(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withVersion(zabbix.V6_0), withMappings(store.Mapping{ObjectType: netbox.TypeDevice, Name: "Stale", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: "424242", Name: "gone"}}, Templates: []zabbix.Template{{TemplateID: tmplLinux}}}))
	_, err := w.provision(netbox.DeviceRef(2))
	if !errors.Is(err, zabbix.ErrNoObject) {
		t.Fatalf("err = %v, want ErrNoObject", err)
	}
	mustContain(t, "error", err.Error(), "No permissions to referred object", `mapping "Stale"`, "host groups 424242", "templates "+tmplLinux)
}

// TestUnnamedObject: NetBox devices may have no name; the error says so
// instead of speaking of characters.
func TestUnnamedObject(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.nb.PutObject(&netbox.Object{Type: netbox.TypeDevice, ID: 8, Status: netbox.Choice{Value: "active"}, PrimaryIP4: &netbox.NestedIP{ID: 12, Address: "192.0.2.12/24"}})
	_, err := w.provision(netbox.DeviceRef(8))
	if !errors.Is(err, provision.ErrInvalidRequest) {
		t.Fatalf("err = %v, want ErrInvalidRequest", err)
	}
	mustContain(t, "error", err.Error(), "device 8 has no name in NetBox", "name it in NetBox")
	if w.zbx.HostCount() != 1 {
		t.Error("a host was created")
	}
}
