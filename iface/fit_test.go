package iface_test

import (
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// Every backend fits what a Pusher asks of it.
var (
	_ iface.ZabbixClient = (*zabbix.Client)(nil)
	_ iface.ZabbixClient = (*memzabbix.Server)(nil)
	_ iface.Store        = store.Store(nil)
)
