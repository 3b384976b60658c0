package provision_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// scenario is one run of an operation on a prepared world.
type scenario struct {
	name  string
	setup func(t *testing.T) *world
	run   func(w *world) (eventErr, err error)
	// done checks the world after a run that succeeded although a Zabbix
	// call failed (the run found out what happened).
	done func(t *testing.T, w *world)
	// kept checks the world after a failure of call c that leaves a change
	// no undo can take back, and reports whether it did; nil or false: the
	// world must be as before.
	kept func(t *testing.T, w *world, c call) bool
	// many marks an operation over many objects, whose failures before any
	// object was worked on name no object.
	many bool
}

func scenarios() []scenario {
	provisionDevice := func(w *world) (error, error) {
		res, err := w.provision(netbox.DeviceRef(1))
		return res.EventErr, err
	}
	provisioned := func(t *testing.T, w *world) {
		if hc := w.config(netbox.DeviceRef(1)); hc.HostID == "" || !hc.Interfaces[len(hc.Interfaces)-1].Linked() {
			t.Errorf("recovered run left config %+v", hc)
		}
	}
	deleted := func(t *testing.T, w *world) {
		if n := len(w.configs()); n != 0 {
			t.Errorf("recovered delete left %d configs", n)
		}
	}
	deleteDevice := func(w *world) (error, error) {
		res, err := w.delete(netbox.DeviceRef(1))
		return res.EventErr, err
	}
	return []scenario{
		{
			name:  "ProvisionAgent create path",
			setup: func(t *testing.T) *world { return newWorld(t) },
			run:   provisionDevice,
			done:  provisioned,
		},
		{
			name: "ProvisionAgent update path",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				w.mustProvision(netbox.DeviceRef(1))
				w.moveIP(12, "192.0.2.12/24")
				return w
			},
			run:  provisionDevice,
			done: provisioned,
		},
		{
			name: "ProvisionAgent adopting an orphan",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				w.st.FailCall("CreateHostConfigs", 1, errInjected)
				w.zbx.FailCall("DeleteHosts", 1, errInjected)
				if _, err := w.provision(netbox.DeviceRef(1)); !errors.Is(err, provision.ErrUndoFailed) {
					t.Fatalf("setting up the orphan: %v", err)
				}
				return w
			},
			run:  provisionDevice,
			done: provisioned,
		},
		{
			name: "CreateZabbixInterface",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
				hc.Interfaces = append(hc.Interfaces,
					store.Interface{Name: "web-01-snmp", Type: zabbix.InterfaceSNMP, IP: "192.0.2.10", UseIP: 1, Main: 1, Port: 161,
						SNMP: &store.SNMPInterface{Version: 2, Community: "public", Bulk: 1}},
					store.Interface{Name: "web-01-agent-2", Type: zabbix.InterfaceAgent, IP: "192.0.2.12", UseIP: 1, Port: 10050})
				if _, err := w.st.UpdateHostConfig(t.Context(), hc); err != nil {
					t.Fatal(err)
				}
				w.hcID = hc.ID
				return w
			},
			run: func(w *world) (error, error) {
				res, err := w.c.CreateZabbixInterface(w.t.Context(), iface.Request{HostConfigID: w.hcID, User: "tester"})
				return res.EventErr, err
			},
		},
		{
			// The mapping names "Sites/{site}/{role}", which Zabbix lacks:
			// the run creates it and its parents before the host. A group
			// created by a run that then fails stays (an empty group is
			// harmless, and the next run uses it).
			name:  "ProvisionAgent creating host groups",
			setup: func(t *testing.T) *world { return newWorld(t, withMappings(groupMappings()...), creating(true)) },
			run:   provisionDevice,
			done: func(t *testing.T, w *world) {
				provisioned(t, w)
				host, _ := w.zbx.Host(w.config(netbox.DeviceRef(1)).HostID)
				if leaf := w.group("Sites/DC1/Web server"); leaf == "" || !slices.Contains(host.GroupIDs, leaf) {
					t.Errorf("recovered run: host groups %v, created group %q", host.GroupIDs, leaf)
				}
			},
		},
		{
			// The role changed in NetBox: the host moves to a group the
			// run creates.
			name: "UpdateZabbixHost creating host groups",
			setup: func(t *testing.T) *world {
				w := newWorld(t, withMappings(groupMappings()...), creating(true))
				w.mustProvision(netbox.DeviceRef(1))
				w.editDevice(1, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: roleWeb, Name: "Frontend"} })
				return w
			},
			run: func(w *world) (error, error) {
				res, err := w.update(netbox.DeviceRef(1))
				return res.EventErr, err
			},
			done: func(t *testing.T, w *world) {
				host, _ := w.zbx.Host(w.config(netbox.DeviceRef(1)).HostID)
				if leaf := w.group("Sites/DC1/Frontend"); leaf == "" || !slices.Contains(host.GroupIDs, leaf) {
					t.Errorf("recovered run: host groups %v, created group %q", host.GroupIDs, leaf)
				}
			},
		},
		{
			name:  "ProvisionSNMP create path",
			setup: func(t *testing.T) *world { return newWorld(t) },
			run: func(w *world) (error, error) {
				res, err := w.p.ProvisionSNMP(w.t.Context(), provision.Request{Object: netbox.DeviceRef(1), User: "tester"})
				return res.EventErr, err
			},
			done: provisioned,
		},
		{
			name: "UpdateZabbixHost",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				w.mustProvision(netbox.DeviceRef(1))
				w.editDevice(1, func(o *netbox.Object) {
					o.Name = "web-01-renamed"
					o.PrimaryIP4 = &netbox.NestedIP{ID: 12, Address: "192.0.2.12/24"}
					o.Role = &netbox.Nested{ID: 9, Name: "Database"}
					o.Status = netbox.Choice{Value: "offline"}
				})
				return w
			},
			run: func(w *world) (error, error) {
				res, err := w.update(netbox.DeviceRef(1))
				return res.EventErr, err
			},
		},
		{
			name: "UpdateZabbixInterface",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				hc := w.mustProvision(netbox.DeviceRef(1)).HostConfig
				w.hcID = hc.ID
				moved := hc.Interfaces[0]
				moved.IP = "192.0.2.40"
				w.ifaces = []store.Interface{moved, {Name: "web-01-snmp", Type: zabbix.InterfaceSNMP, IP: "192.0.2.10", UseIP: 1, Main: 1, Port: 161,
					SNMP: &store.SNMPInterface{Version: 2, Community: "public", Bulk: 1}}}
				return w
			},
			run: func(w *world) (error, error) {
				res, err := w.c.UpdateZabbixInterface(w.t.Context(), iface.UpdateRequest{HostConfigID: w.hcID, User: "tester", Interfaces: w.ifaces})
				return res.EventErr, err
			},
		},
		{
			name: "DeleteZabbixHost soft",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				w.mustProvision(netbox.DeviceRef(1))
				return w
			},
			run:  deleteDevice,
			done: deleted,
		},
		{
			name: "Reconcile",
			setup: func(t *testing.T) *world {
				w := newWorld(t)
				w.mustProvision(netbox.DeviceRef(1))
				w.editDevice(1, func(o *netbox.Object) {
					o.Name = "web-01-renamed"
					o.Role = &netbox.Nested{ID: 9, Name: "Database"}
				})
				return w
			},
			run: func(w *world) (error, error) {
				rep, err := w.p.Reconcile(w.t.Context(), provision.ReconcileRequest{Objects: []netbox.Ref{netbox.DeviceRef(1)}, User: "tester"})
				if err != nil {
					return nil, err
				}
				if len(rep.Results) != 1 {
					w.t.Fatalf("%d results", len(rep.Results))
				}
				return rep.Results[0].EventErr, rep.Results[0].Err
			},
			many: true,
		},
		{
			name: "DeleteZabbixHost hard",
			setup: func(t *testing.T) *world {
				w := newWorld(t, withSettings(func(s *store.Settings) { s.DeleteMode = store.DeleteHard }))
				w.mustProvision(netbox.DeviceRef(1))
				return w
			},
			run:  deleteDevice,
			done: deleted,
			kept: func(t *testing.T, w *world, c call) bool {
				if c.String() != "Store.DeleteHostConfig#1" {
					return false
				}
				// The host is deleted and cannot come back: the config
				// stays, without it, for the next delete to remove.
				if cs := w.configs(); len(cs) != 1 || cs[0].HostID != "" || len(w.zbx.AllHosts()) != 1 {
					t.Errorf("after the config could not be removed: configs %+v, %d hosts", cs, len(w.zbx.AllHosts()))
				}
				return true
			},
		},
	}
}

// call names one call of one backend: the n-th call of method.
type call struct {
	backend, method string
	n               int
}

func (c call) String() string { return fmt.Sprintf("%s.%s#%d", c.backend, c.method, c.n) }

// calls returns the calls each backend received, in per-method order.
func (w *world) calls() []call {
	var out []call
	count := func(backend string, methods []string) {
		seen := make(map[string]int)
		for _, m := range methods {
			seen[m]++
			out = append(out, call{backend, m, seen[m]})
		}
	}
	var nb []string
	for _, c := range w.nb.Calls() {
		nb = append(nb, string(c.Method))
	}
	var zb, sb []string
	for _, c := range w.zbx.Calls() {
		zb = append(zb, string(c.Method))
	}
	for _, c := range w.st.Calls() {
		sb = append(sb, string(c.Method))
	}
	count("NetBox", nb)
	count("Zabbix", zb)
	count("Store", sb)
	return out
}

// since returns the calls in after that are not in before.
func since(before, after []call) []call {
	old := make(map[call]bool, len(before))
	for _, c := range before {
		old[c] = true
	}
	var out []call
	for _, c := range after {
		if !old[c] {
			c.n -= countOf(before, c.backend, c.method)
			out = append(out, c)
		}
	}
	return out
}

func countOf(cs []call, backend, method string) int {
	n := 0
	for _, c := range cs {
		if c.backend == backend && c.method == method {
			n++
		}
	}
	return n
}

// inject makes c fail with err; afterApply fails a Zabbix write after it
// took effect (the answer is lost).
func (w *world) inject(c call, afterApply bool) {
	switch c.backend {
	case "NetBox":
		w.nb.FailCall(memnetbox.Method(c.method), c.n, errInjected)
	case "Zabbix":
		if afterApply {
			w.zbx.FailCallAfterApply(memzabbix.Method(c.method), c.n, errInjected)
		} else {
			w.zbx.FailCall(memzabbix.Method(c.method), c.n, errInjected)
		}
	case "Store":
		w.st.FailCall(memstore.Method(c.method), c.n, errInjected)
	}
}

// TestFailureWalk makes every call of every backend fail, one at a time,
// for each operation and path, and checks the invariants of docs/behaviour.md after each: a clear
// error, the store exactly as before, Zabbix exactly as before, no host
// unknown to the store and no config pointing at a missing host, and an
// event with the exception. Zabbix writes are also failed after they took
// effect, as when the answer is lost.
func TestFailureWalk(t *testing.T) {
	t.Parallel()
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			// A clean run tells which calls there are.
			w := sc.setup(t)
			before := w.calls()
			if eventErr, err := sc.run(w); err != nil || eventErr != nil {
				t.Fatalf("clean run: %v / event: %v", err, eventErr)
			}
			walk := since(before, w.calls())
			if len(walk) < 5 {
				t.Fatalf("only %d calls in a clean run: %v", len(walk), walk)
			}
			t.Logf("%d calls: %v", len(walk), walk)
			for _, c := range walk {
				afterApply := []bool{false}
				if c.backend == "Zabbix" && (c.method == "CreateHosts" || c.method == "UpdateHost" || c.method == "UpdateHosts" || c.method == "DeleteHosts" || c.method == "CreateHostGroups") {
					afterApply = append(afterApply, true)
				}
				for _, aa := range afterApply {
					name := c.String()
					if aa {
						name += "/after-apply"
					}
					t.Run(name, func(t *testing.T) {
						checkFailure(t, sc, c, aa)
					})
				}
			}
		})
	}
}

func checkFailure(t *testing.T, sc scenario, c call, afterApply bool) {
	w := sc.setup(t)
	configs, hosts, events := w.configs(), w.zbx.AllHosts(), len(w.events())
	w.inject(c, afterApply)
	eventErr, err := sc.run(w)

	if err == nil && c.backend == "Zabbix" && sc.done != nil {
		// A lost answer is recovered: the run finds out what the write
		// did (the host a create made, by name and tag; a host a delete
		// removed, by reading it again). It must end whole.
		w.checkInvariants()
		sc.done(t, w)
		return
	}
	if c.backend == "Store" && c.method == "RecordEvent" {
		// Only the audit trail failed: the run stands and says so.
		if err != nil || !errors.Is(eventErr, errInjected) {
			t.Fatalf("run = %v, event error = %v; want success with the event failure reported", err, eventErr)
		}
		w.checkInvariants()
		return
	}
	var pe *provision.Error
	if !errors.Is(err, errInjected) || !errors.As(err, &pe) {
		t.Fatalf("run = %v; want a *provision.Error wrapping the injected failure", err)
	}
	if sc.kept != nil && sc.kept(t, w, c) {
		w.checkInvariants()
		return
	}
	if pe.Op == "" || pe.Object == (netbox.Ref{}) && !strings.Contains(err.Error(), "host config") && !sc.many {
		t.Errorf("error %q does not name its operation and object", err)
	}
	if diff := cmp.Diff(configs, w.configs()); diff != "" {
		t.Errorf("store changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(hosts, w.zbx.AllHosts()); diff != "" {
		t.Errorf("Zabbix changed (-before +after):\n%s", diff)
	}
	if !strings.Contains(sc.name, "orphan") {
		w.checkInvariants() // the orphan scenario starts with a host unknown to the store
	}
	evs := w.events()
	if len(evs) != events+1 {
		t.Fatalf("%d new events, want 1", len(evs)-events)
	}
	if !strings.Contains(evs[0].Exception, errInjected.Error()) || evs[0].Exception != err.Error() {
		t.Errorf("event exception = %q, want the error %q", evs[0].Exception, err)
	}
}
