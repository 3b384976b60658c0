package provision

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestConfigChangedIgnoresOrder: a config imported from a Zabbix host holds
// its tags, groups and templates in the order Zabbix returned them, which
// varies; the same sets in another order are no change, another value is.
func TestConfigChangedIgnoresOrder(t *testing.T) {
	t.Parallel()
	stored := store.HostConfig{Name: "z-web-01",
		Tags:       []zabbix.Tag{{Tag: "Serial", Value: "SN-1"}, {Tag: "netbox_id", Value: "1"}, {Tag: "Site", Value: "DC1"}},
		HostGroups: []zabbix.HostGroup{{GroupID: "22", Name: "B"}, {GroupID: "2", Name: "A"}},
		Templates:  []zabbix.Template{{TemplateID: "10001", Name: "Linux"}, {TemplateID: "10002", Name: "ICMP"}}}
	target := store.HostConfig{Name: "z-web-01",
		Tags:       []zabbix.Tag{{Tag: "netbox_id", Value: "1"}, {Tag: "Site", Value: "DC1"}, {Tag: "Serial", Value: "SN-1"}},
		HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "A"}, {GroupID: "22", Name: "B"}},
		Templates:  []zabbix.Template{{TemplateID: "10002", Name: "ICMP"}, {TemplateID: "10001", Name: "Linux"}}}
	if configChanged(stored, target) {
		t.Error("configChanged = true for the same sets in another order")
	}
	if stored.Tags[0].Tag != "Serial" || target.Tags[0].Tag != "netbox_id" {
		t.Error("configChanged reordered its arguments' lists")
	}
	changed := target.Clone()
	changed.Tags[2].Value = "SN-2"
	if !configChanged(stored, changed) {
		t.Error("configChanged = false for another tag value")
	}
	changed = target.Clone()
	changed.HostGroups = changed.HostGroups[:1]
	if !configChanged(stored, changed) {
		t.Error("configChanged = false for a group less")
	}
	if configChanged(store.HostConfig{Tags: []zabbix.Tag{}}, store.HostConfig{}) {
		t.Error("configChanged = true for an empty and a nil tag list")
	}
}
