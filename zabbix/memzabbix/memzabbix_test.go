package memzabbix_test

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/zabbixtest"
)

// The versions the project runs real servers of.
var (
	v6 = zabbix.V6_0 + 14
	v7 = zabbix.V7_0 + 22
)

func TestConformance(t *testing.T) {
	for _, v := range []zabbix.Version{v6, v7} {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			zabbixtest.Run(t, func(t *testing.T) (zabbixtest.Client, zabbixtest.Fixture) {
				return newServer(t, v)
			})
		})
	}
}

// newServer returns a server as fresh as a real one of version v, plus a
// proxy and (7.x) a proxy group, and the fixture describing it.
func newServer(t *testing.T, v zabbix.Version) (*memzabbix.Server, zabbixtest.Fixture) {
	t.Helper()
	cfg := memzabbix.DefaultConfig(v)
	fx := zabbixtest.Fixture{
		Version:          v,
		GroupID:          "2",
		TemplateID:       templateID(t, cfg, "ICMP Ping"),
		SecondTemplateID: templateID(t, cfg, "Generic by SNMP"),
		ItemsTemplateID:  templateID(t, cfg, "Linux by Zabbix agent"),
		Prefix:           "memzabbix ",
	}
	if v.HasProxyGroups() {
		cfg.Proxies = []zabbix.Proxy{{ProxyID: "1", Name: "proxy-active"}}
		cfg.ProxyGroups = []zabbix.ProxyGroup{{ProxyGroupID: "1", Name: "proxy-group"}}
		fx.ProxyID, fx.ProxyGroupID = "1", "1"
	} else {
		cfg.Proxies = []zabbix.Proxy{{ProxyID: "10559", Name: "proxy-active"}}
		fx.ProxyID = "10559"
	}
	srv := memzabbix.New(cfg)
	seeded := srv.HostCount()
	// Registered before the suite's own cleanup, so it runs after it: the
	// suite must leave the server as it found it.
	t.Cleanup(func() {
		if n := srv.HostCount(); n != seeded {
			t.Errorf("the suite left %d hosts behind: %+v", n-seeded, srv.AllHosts())
		}
	})
	return srv, fx
}

func templateID(t *testing.T, cfg memzabbix.Config, name string) string {
	t.Helper()
	for _, tpl := range cfg.Templates {
		if tpl.Name == name {
			return tpl.TemplateID
		}
	}
	t.Fatalf("DefaultConfig(%s) has no template %q", cfg.Version, name)
	return ""
}
