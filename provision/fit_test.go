package provision_test

import (
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// Every backend fits what a Provisioner asks of it.
var (
	_ provision.NetBoxClient = (*netbox.Client)(nil)
	_ provision.NetBoxClient = (*memnetbox.NetBox)(nil)
	_ provision.Fetcher      = (*netbox.Client)(nil)
	_ provision.Fetcher      = (*memnetbox.NetBox)(nil)
	_ provision.ZabbixClient = (*zabbix.Client)(nil)
	_ provision.ZabbixClient = (*memzabbix.Server)(nil)
	_ provision.Store        = store.Store(nil)
)
