package zabbix_test

import (
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/zabbixtest"
)

// The client is what the conformance suite asks for. (The packages that
// use the client pin their own interfaces in their tests.)
var _ zabbixtest.Client = (*zabbix.Client)(nil)
