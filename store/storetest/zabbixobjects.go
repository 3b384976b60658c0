package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testZabbixObjects: ErrNotFound before the first put; every object and
// the import time round-trip; a second put replaces the first whole; what
// is returned is the caller's to change.
func testZabbixObjects(t *testing.T, s store.Store) {
	ctx := t.Context()
	_, err := s.ZabbixObjects(ctx)
	checkErr(t, "ZabbixObjects before PutZabbixObjects", err, store.ErrNotFound)

	first := store.ZabbixObjects{
		Templates:   []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}, {TemplateID: "10564", Name: "ICMP Ping"}},
		HostGroups:  []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}, {GroupID: "22", Name: "Sites/DC1/Web"}},
		Proxies:     []zabbix.Proxy{{ProxyID: "20001", Name: "proxy-dc1"}},
		ProxyGroups: []zabbix.ProxyGroup{{ProxyGroupID: "1", Name: "dc1"}},
		Imported:    time.Date(2026, 11, 30, 12, 0, 0, 123456789, time.UTC),
	}
	if err := s.PutZabbixObjects(ctx, first); err != nil {
		t.Fatalf("PutZabbixObjects: %v", err)
	}
	got, err := s.ZabbixObjects(ctx)
	if err != nil {
		t.Fatalf("ZabbixObjects: %v", err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("ZabbixObjects (-put +got):\n%s", diff)
	}
	got.Templates[0].Name = "changed"
	if again, _ := s.ZabbixObjects(ctx); again.Templates[0].Name != "Linux by Zabbix agent" {
		t.Error("changing a result changed the store")
	}

	second := store.ZabbixObjects{HostGroups: []zabbix.HostGroup{{GroupID: "3", Name: "Templates"}}, Imported: first.Imported.Add(time.Hour)}
	if err := s.PutZabbixObjects(ctx, second); err != nil {
		t.Fatalf("PutZabbixObjects: %v", err)
	}
	got, err = s.ZabbixObjects(ctx)
	if err != nil {
		t.Fatalf("ZabbixObjects: %v", err)
	}
	if diff := cmp.Diff(second, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("after a second put (-put +got):\n%s", diff)
	}
}
