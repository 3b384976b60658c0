package provision

import (
	"context"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// NetBoxClient reads what provisioning needs from NetBox: objects and IP
// addresses by netbox.Query, many at a time, so that bulk provisioning
// reads in batches and asks only for the fields the mappings need.
// Objects that do not exist are left out of the result.
type NetBoxClient interface {
	// Objects returns the devices or virtual machines q selects.
	Objects(ctx context.Context, q netbox.Query) ([]*netbox.Object, error)
	// IPAddresses returns the IP addresses q selects.
	IPAddresses(ctx context.Context, q netbox.Query) ([]*netbox.IPAddress, error)
}

// ZabbixClient is what provisioning asks of Zabbix. Hosts are created and
// read many at a time, so that bulk provisioning costs a request per batch.
type ZabbixClient interface {
	// CreateHosts creates the hosts, all or none (Zabbix's array
	// host.create is atomic), and returns them read back in input order,
	// with their host IDs and interface IDs.
	CreateHosts(ctx context.Context, hosts []zabbix.Host) ([]zabbix.Host, error)
	// Hosts returns the hosts that match q, with their interfaces,
	// templates, groups, tags and inventory. Missing hosts are left out.
	Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error)
	// UpdateHost sends a host.update (see zabbix.HostUpdate for what it
	// leaves alone) and returns the host read back.
	UpdateHost(ctx context.Context, u zabbix.HostUpdate) (zabbix.Host, error)
	// UpdateHosts sends many host.update at once, each applied or refused
	// on its own, and returns an error per update; the returned error is
	// for the request as a whole.
	UpdateHosts(ctx context.Context, updates []zabbix.HostUpdate) ([]error, error)
	// DeleteHosts deletes hosts, all or none.
	DeleteHosts(ctx context.Context, hostIDs ...string) error
	// HostGroups returns the host groups with the given names.
	HostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error)
	// CreateHostGroups creates host groups, all or none.
	CreateHostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error)
	// Templates, Proxies and ProxyGroups return those objects with the
	// given names, or all of them without names (no proxy groups before
	// Zabbix 7.0).
	Templates(ctx context.Context, names ...string) ([]zabbix.Template, error)
	Proxies(ctx context.Context, names ...string) ([]zabbix.Proxy, error)
	ProxyGroups(ctx context.Context, names ...string) ([]zabbix.ProxyGroup, error)
}

// Fetcher is an optional NetBoxClient capability: reading the full object
// behind a nested object's API URL. When the NetBoxClient has it,
// provisioning fetches the related objects that the tag and inventory paths
// need but NetBox's nested summaries lack (see mapping.Expand), each URL at
// most once per run.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (map[string]any, error)
}
