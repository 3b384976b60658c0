package provision_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// importWorld has devices r-100 … r-107 in NetBox, device 1 provisioned,
// and Zabbix hosts made by hand for them: 100 tagged netbox_id=100, 101
// named in 101's zabbix_hostid custom field, 102 with 102's name, 103 with
// 103's visible name, 104 on 104's address, two on 105's address, none for
// 106, and 107's name on a host device 1's config links.
func importWorld(t *testing.T) (*world, []netbox.Ref, map[string]string) {
	w := newWorld(t, quiet())
	refs := w.addObjects(netbox.TypeDevice, 100, 8, "r")
	w.mustProvision(netbox.DeviceRef(1))
	ip := func(id int64) string { return fmt.Sprintf("10.0.0.%d", id) }
	agent := func(addr string) []zabbix.HostInterface {
		return []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: addr, Port: "10050"}}
	}
	hosts := []zabbix.Host{
		{Host: "legacy-100", Tags: []zabbix.Tag{{Tag: "netbox_id", Value: "100"}, {Tag: "Site", Value: "Old"}, {Tag: "owner", Value: "ops"}}, Interfaces: agent("192.0.2.200")},
		{Host: "legacy-101", Interfaces: agent("192.0.2.201")},
		{Host: "r-102", Interfaces: agent("192.0.2.202")},
		{Host: "legacy-103", Name: "r-103", Interfaces: agent("192.0.2.203")},
		{Host: "legacy-104", Interfaces: agent(ip(104))},
		{Host: "legacy-105a", Interfaces: agent(ip(105))},
		{Host: "legacy-105b", Interfaces: agent(ip(105))},
	}
	for i := range hosts {
		hosts[i].GroupIDs = []string{groupLinux}
		hosts[i].TemplateIDs = []string{tmplICMP}
	}
	created, err := w.zbx.CreateHosts(t.Context(), hosts)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, h := range created {
		ids[h.Host] = h.HostID
	}
	w.editDevice(101, func(o *netbox.Object) { o.CustomFields = map[string]any{"zabbix_hostid": ids["legacy-101"]} })
	w.editDevice(107, func(o *netbox.Object) { o.Name = "web-01" }) // the provisioned host's name
	return w, refs, ids
}

// TestImportHosts: every rule finds its host, ambiguity and absence are
// reported, a host another config links is refused; nothing is written to
// Zabbix, and a reconcile afterwards writes what differs from NetBox.
func TestImportHosts(t *testing.T) {
	t.Parallel()
	w, refs, ids := importWorld(t)
	all := append([]netbox.Ref{netbox.DeviceRef(1)}, refs...)

	configs := w.configs()
	w.zbx.ResetCalls()
	dry, err := w.p.ImportHosts(t.Context(), provision.ImportRequest{Objects: all, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(configs, w.configs()); diff != "" {
		t.Errorf("the dry run stored configs:\n%s", diff)
	}
	if dry.Imported != 5 {
		t.Errorf("dry run: %d would be imported, want 5", dry.Imported)
	}

	rep, err := w.p.ImportHosts(t.Context(), provision.ImportRequest{Objects: all, User: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[netbox.Ref]string{}
	for _, r := range rep.Results {
		switch {
		case r.Err != nil && errors.Is(r.Err, provision.ErrAmbiguousImport):
			got[r.Object] = "ambiguous"
		case r.Err != nil && errors.Is(r.Err, provision.ErrNoHostToImport):
			got[r.Object] = "not found"
		case r.Err != nil:
			got[r.Object] = "failed"
		case r.Existing:
			got[r.Object] = "existing"
		default:
			got[r.Object] = string(r.Rule) + " " + r.HostConfig.HostID
		}
	}
	want := map[netbox.Ref]string{
		netbox.DeviceRef(1):   "existing",
		netbox.DeviceRef(100): "default tag " + ids["legacy-100"],
		netbox.DeviceRef(101): "custom field " + ids["legacy-101"],
		netbox.DeviceRef(102): "host name " + ids["r-102"],
		netbox.DeviceRef(103): "visible name " + ids["legacy-103"],
		netbox.DeviceRef(104): "agent address " + ids["legacy-104"],
		netbox.DeviceRef(105): "ambiguous",
		netbox.DeviceRef(106): "not found",
		netbox.DeviceRef(107): "failed",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("import (-want +got):\n%s", diff)
	}
	if rep.Imported != 5 || rep.Existing != 1 || rep.Ambiguous != 1 || rep.NotFound != 1 || rep.Failed != 1 {
		t.Errorf("counts %+v", rep)
	}
	for _, c := range w.zbx.Calls() {
		if c.Method != memzabbix.MethodHosts {
			t.Errorf("the import wrote to Zabbix: %s", c.Method)
		}
	}

	// The imported config of device 100: groups, template, the owned
	// tags only, and its interface tied to the primary address.
	hc := w.config(netbox.DeviceRef(100))
	if len(hc.HostGroups) != 1 || hc.HostGroups[0].GroupID != groupLinux || len(hc.Templates) != 1 || hc.Templates[0].TemplateID != tmplICMP {
		t.Errorf("imported config groups %v templates %v", hc.HostGroups, hc.Templates)
	}
	if diff := cmp.Diff([]zabbix.Tag{{Tag: "netbox_id", Value: "100"}, {Tag: "Site", Value: "Old"}}, hc.Tags); diff != "" {
		t.Errorf("owned tags (-want +got):\n%s", diff)
	}
	if len(hc.Interfaces) != 1 || !hc.Interfaces[0].Linked() || hc.Interfaces[0].IPAddressID != 100 || hc.Interfaces[0].Name != "r-100-agent" {
		t.Errorf("imported interfaces %+v", hc.Interfaces)
	}

	// A reconcile brings the imported hosts in line with NetBox, keeps
	// what the library does not own, and a second one writes nothing.
	w.zbx.ResetCalls()
	first, err := w.p.Reconcile(t.Context(), provision.ReconcileRequest{Objects: refs[:5]})
	if err != nil || first.Updated != 5 {
		t.Fatalf("reconcile after the import: %+v, %v", first, err)
	}
	h := w.host(ids["legacy-100"])
	if h.Host != "r-100" || !containsTag(h.Tags, "owner", "ops") || containsTag(h.Tags, "Site", "Old") || !containsTag(h.Tags, "Site", "DC1") {
		t.Errorf("reconciled host %q tags %v; want renamed, Site=DC1, owner=ops kept", h.Host, h.Tags)
	}
	if got := h.Interfaces; len(got) != 1 || got[0].IP != "10.0.0.100" {
		t.Errorf("reconciled interfaces %+v; want the interface moved to the primary address", got)
	}
	again, err := w.p.Reconcile(t.Context(), provision.ReconcileRequest{Objects: refs[:5]})
	if err != nil || again.InSync != 5 {
		t.Errorf("second reconcile: %+v, %v", again, err)
	}

	// Importing again leaves them as they are.
	twice, err := w.p.ImportHosts(t.Context(), provision.ImportRequest{Objects: refs[:5]})
	if err != nil || twice.Existing != 5 {
		t.Errorf("second import: %+v, %v", twice, err)
	}
	w.checkInvariants()
}

func containsTag(tags []zabbix.Tag, name, value string) bool {
	for _, t := range tags {
		if t.Tag == name && t.Value == value {
			return true
		}
	}
	return false
}

// TestImportHost: the single form returns the result's error.
func TestImportHost(t *testing.T) {
	t.Parallel()
	w, _, ids := importWorld(t)
	res, err := w.p.ImportHost(t.Context(), provision.Request{Object: netbox.DeviceRef(102)})
	if err != nil || !res.Imported || res.HostConfig.HostID != ids["r-102"] {
		t.Errorf("ImportHost(102) = %+v, %v", res, err)
	}
	_, err = w.p.ImportHost(t.Context(), provision.Request{Object: netbox.DeviceRef(105)})
	var amb *provision.AmbiguousImportError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || amb.Rule != provision.RuleAgentIP {
		t.Errorf("ImportHost(105) = %v, want an *AmbiguousImportError with 2 candidates", err)
	}
	if _, err := w.p.ImportHost(t.Context(), provision.Request{Object: netbox.DeviceRef(106)}); !errors.Is(err, provision.ErrNoHostToImport) {
		t.Errorf("ImportHost(106) = %v, want ErrNoHostToImport", err)
	}
}

// TestImportZabbixSettings stores the Zabbix objects and reports what the
// mappings name that Zabbix lacks.
func TestImportZabbixSettings(t *testing.T) {
	t.Parallel()
	stale := store.Mapping{ObjectType: netbox.TypeDevice, Name: "Stale", Roles: []int64{88},
		Templates: []zabbix.Template{{TemplateID: "999999", Name: "Gone"}}, HostGroups: []zabbix.HostGroup{{GroupID: groupLinux}}}
	w := newWorld(t, quiet(), withMappings(append(defaultMappings(), stale)...))
	res, err := w.p.ImportZabbixSettings(t.Context(), "tester", "req-1")
	if err != nil {
		t.Fatal(err)
	}
	o, err := w.st.ZabbixObjects(t.Context())
	if err != nil || len(o.Templates) == 0 || len(o.HostGroups) == 0 || len(o.Proxies) != 1 || len(o.ProxyGroups) != 1 {
		t.Fatalf("stored objects %+v, %v", o, err)
	}
	want := []provision.StaleRef{{Mapping: "Stale", ObjectType: netbox.TypeDevice, Kind: "template", ID: "999999", Name: "Gone"}}
	if diff := cmp.Diff(want, res.Stale); diff != "" {
		t.Errorf("stale (-want +got):\n%s", diff)
	}
	mustContain(t, "message", res.Message, "Imported", "the mappings name 1 Zabbix object(s) that Zabbix does not have")
}

// TestImportHostsNamesFromZabbixObjects: after ImportZabbixSettings, an
// imported config names its groups and templates as Zabbix does.
func TestImportHostsNamesFromZabbixObjects(t *testing.T) {
	t.Parallel()
	w, _, _ := importWorld(t)
	if _, err := w.p.ImportZabbixSettings(t.Context(), "tester", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.p.ImportHosts(t.Context(), provision.ImportRequest{Objects: []netbox.Ref{netbox.DeviceRef(100)}}); err != nil {
		t.Fatal(err)
	}
	hc := w.config(netbox.DeviceRef(100))
	if len(hc.HostGroups) != 1 || hc.HostGroups[0].Name == "" || len(hc.Templates) != 1 || hc.Templates[0].Name == "" {
		t.Errorf("imported config groups %v templates %v, want them named", hc.HostGroups, hc.Templates)
	}
}
