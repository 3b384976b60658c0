package provision_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// writes lists the calls of w that change Zabbix or the store.
func (w *world) writes() []string {
	var out []string
	for _, c := range w.zbx.Calls() {
		if c.Method != memzabbix.MethodHosts {
			out = append(out, "Zabbix."+string(c.Method))
		}
	}
	for _, c := range w.st.Calls() {
		switch c.Method {
		case memstore.MethodSettings, memstore.MethodMappings, memstore.MethodTagMapping, memstore.MethodInventoryMapping,
			memstore.MethodHostConfig, memstore.MethodHostConfigByObject, memstore.MethodFindHostConfigs, memstore.MethodEvents:
		default:
			out = append(out, "Store."+string(c.Method))
		}
	}
	return out
}

// backends is what a dry run must leave as it found it: Zabbix's hosts,
// the stored configs, and how many writes were made.
type backends struct {
	hosts   []zabbix.Host
	configs []store.HostConfig
	writes  int
}

func (w *world) backends() backends {
	w.t.Helper()
	return backends{hosts: w.zbx.AllHosts(), configs: w.configs(), writes: len(w.writes())}
}

// checkUnchanged reports every way the backends differ from before: a
// write, a Zabbix host or a stored config changed.
func (w *world) checkUnchanged(before backends) {
	w.t.Helper()
	if got := w.writes()[before.writes:]; len(got) != 0 {
		w.t.Errorf("dry run wrote: %v", got)
	}
	if diff := cmp.Diff(before.hosts, w.zbx.AllHosts()); diff != "" {
		w.t.Errorf("dry run changed Zabbix:\n%s", diff)
	}
	if diff := cmp.Diff(before.configs, w.configs()); diff != "" {
		w.t.Errorf("dry run changed the store:\n%s", diff)
	}
}

func (w *world) dryRun(ref netbox.Ref) provision.Result {
	w.t.Helper()
	before, events := w.backends(), len(w.events())
	res, err := w.p.ProvisionAgent(w.t.Context(), provision.Request{Object: ref, DryRun: true})
	if err != nil {
		w.t.Fatalf("dry run: %v", err)
	}
	w.checkUnchanged(before)
	if len(w.events()) != events || res.Event != nil {
		w.t.Error("dry run recorded an event")
	}
	if res.Plan == nil {
		w.t.Fatal("dry run returned no plan")
	}
	return res
}

func fields(cs []provision.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Field)
	}
	return out
}

func TestDryRunCreate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res := w.dryRun(netbox.DeviceRef(1))
	if res.Message != "Would create web-01 with Web servers mapping" || res.Plan.Action != provision.ActionCreate || res.Plan.Current != nil {
		t.Errorf("plan = %q %+v", res.Message, res.Plan)
	}
	want := []string{"host", "name", "status", "monitored_by", "groups", "templates", "tags", "inventory_mode", "inventory",
		"tls_connect", "tls_accept", "interfaces[+]"}
	if diff := cmp.Diff(want, fields(res.Plan.Changes)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// The real run sends exactly the planned payload.
	real := w.mustProvision(netbox.DeviceRef(1))
	if diff := cmp.Diff(res.Plan.Create, real.Plan.Create); diff != "" {
		t.Errorf("real payload differs from the plan (-plan +real):\n%s", diff)
	}
}

func TestDryRunUpdate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.mustProvision(netbox.DeviceRef(1))
	w.moveIP(12, "192.0.2.12/24")
	res := w.dryRun(netbox.DeviceRef(1))
	if res.Plan.Action != provision.ActionUpdate || res.Plan.Current == nil || res.Plan.Current.HostID != first.HostConfig.HostID {
		t.Fatalf("plan = %+v", res.Plan)
	}
	if res.Message != "Would update web-01 with new interface web-01-agent-2 in Zabbix" {
		t.Errorf("Message = %q", res.Message)
	}
	want := []provision.Change{{Field: "interfaces[+]", After: "agent 192.0.2.12:10050 dns= useip=1 main=0"}}
	if diff := cmp.Diff(want, res.Plan.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// Twice the same interface is refused in a dry run as in a real one.
	w.moveIP(10, "192.0.2.10/24")
	if _, err := w.p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1), DryRun: true}); !errors.Is(err, provision.ErrInterfaceExists) {
		t.Errorf("dry run of a duplicate = %v, want ErrInterfaceExists", err)
	}
}

func TestDryRunNameTakenAndAdopt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.zbx.CreateHosts(t.Context(), []zabbix.Host{{Host: "db-01", GroupIDs: []string{groupLinux}}}); err != nil {
		t.Fatal(err)
	}
	_, err := w.p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(2), DryRun: true})
	if !errors.Is(err, provision.ErrHostNameTaken) || !errors.Is(err, zabbix.ErrHostExists) {
		t.Errorf("dry run on a taken name = %v", err)
	}

	// An orphan of this object is planned as a take-over.
	w.st.FailCall("CreateHostConfigs", 1, errInjected)
	w.zbx.FailCall("DeleteHosts", 1, errInjected)
	if _, err := w.provision(netbox.DeviceRef(1)); !errors.Is(err, provision.ErrUndoFailed) {
		t.Fatal(err)
	}
	res := w.dryRun(netbox.DeviceRef(1))
	if res.Plan.Action != provision.ActionAdopt || !res.Adopted || res.Plan.Current == nil {
		t.Fatalf("plan = %+v", res.Plan)
	}
	// The orphan is the host the interrupted run made: taking it over
	// changes nothing on it, and keeps its interface.
	if len(res.Plan.Changes) != 0 || !res.Plan.HostConfig.Interfaces[0].Linked() {
		t.Errorf("changes %v, config %+v; want none and the interface kept", res.Plan.Changes, res.Plan.HostConfig)
	}
}
