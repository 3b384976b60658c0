package zabbix_test

import (
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/zabbixtest"
)

// The client is what provisioning, CreateZabbixInterface and the
// conformance suite ask for.
var (
	_ provision.ZabbixClient = (*zabbix.Client)(nil)
	_ provision.HostUpdater  = (*zabbix.Client)(nil)
	_ iface.ZabbixClient     = (*zabbix.Client)(nil)
	_ zabbixtest.Client      = (*zabbix.Client)(nil)
)
