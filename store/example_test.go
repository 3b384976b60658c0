package store_test

import (
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// The settings apply until a caller saves its own with PutSettings; change
// what differs from the defaults. A mapping says what the objects it
// selects get in Zabbix.
func ExampleDefaultSettings() {
	s := store.DefaultSettings()
	s.MonitoredBy = zabbix.MonitoredByProxy
	s.TLSConnect, s.TLSAccept = zabbix.TLSPSK, zabbix.TLSPSK
	s.TLSPSKIdentity, s.TLSPSK = "PSK 001", "1f87b595725ac58dd977beef14b97461a7c1045b9a1c963065002c5473194952"
	fmt.Println(s.MonitoredBy, s.UsesPSK(), s.TLSPSK, s.AgentPort, s.DefaultTag)

	web := store.Mapping{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2},
		InterfaceType: zabbix.InterfaceAgent,
		Templates:     []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}},
		HostGroups:    []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
		Proxy:         &zabbix.Proxy{ProxyID: "1", Name: "proxy-dc1"}}
	fmt.Println(web.Name, web.InterfaceType, len(web.Templates))
	// Output:
	// proxy true [redacted] 10050 netbox_id
	// Web servers agent 1
}
