package flow_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestCreatingGroups: the host groups a dry run would create are in
// CreateGroups and, one each, in Changes; a payload built from a config
// holding them by name leaves them out of its groups.
func TestCreatingGroups(t *testing.T) {
	t.Parallel()
	hc := store.HostConfig{HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}, {Name: "Sites/DC1"}}}
	if diff := cmp.Diff([]string{"2"}, flow.GroupIDs(hc.HostGroups)); diff != "" {
		t.Errorf("GroupIDs (-want +got):\n%s", diff)
	}
	p := flow.CreatePlan(zabbix.Host{Host: "web-01", GroupIDs: flow.GroupIDs(hc.HostGroups)}, hc).CreatingGroups([]string{"Sites", "Sites/DC1"})
	if diff := cmp.Diff([]string{"Sites", "Sites/DC1"}, p.CreateGroups); diff != "" {
		t.Errorf("CreateGroups (-want +got):\n%s", diff)
	}
	want := []flow.Change{{Field: "hostgroup.create", After: "Sites"}, {Field: "hostgroup.create", After: "Sites/DC1"}}
	if diff := cmp.Diff(want, p.Changes[len(p.Changes)-2:]); diff != "" {
		t.Errorf("Changes (-want +got):\n%s", diff)
	}
	if p := flow.CreatePlan(zabbix.Host{}, hc).CreatingGroups(nil); p.CreateGroups != nil {
		t.Errorf("no groups to create: CreateGroups = %v", p.CreateGroups)
	}
	var none *flow.Plan
	if none.CreatingGroups([]string{"x"}) != nil {
		t.Error("CreatingGroups on a nil plan")
	}
}
