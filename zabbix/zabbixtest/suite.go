package zabbixtest

import (
	"context"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Client is the Zabbix backend under test: the calls provision.ZabbixClient
// makes, with the same contract.
type Client interface {
	// CreateHosts creates the hosts, all or none, and returns them read
	// back in input order with their host and interface IDs.
	CreateHosts(ctx context.Context, hosts []zabbix.Host) ([]zabbix.Host, error)
	// Hosts returns the hosts matching q; missing ones are left out.
	Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error)
	// UpdateHost sends a host.update and returns the host read back.
	UpdateHost(ctx context.Context, u zabbix.HostUpdate) (zabbix.Host, error)
	// UpdateHosts sends many host.update, each applied or refused on its
	// own, and returns an error per update.
	UpdateHosts(ctx context.Context, updates []zabbix.HostUpdate) ([]error, error)
	// DeleteHosts deletes hosts, all or none.
	DeleteHosts(ctx context.Context, hostIDs ...string) error
	// HostGroups, Templates, Proxies and ProxyGroups read those objects,
	// by name or all; CreateHostGroups creates host groups.
	HostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error)
	CreateHostGroups(ctx context.Context, names ...string) ([]zabbix.HostGroup, error)
	Templates(ctx context.Context, names ...string) ([]zabbix.Template, error)
	Proxies(ctx context.Context, names ...string) ([]zabbix.Proxy, error)
	ProxyGroups(ctx context.Context, names ...string) ([]zabbix.ProxyGroup, error)
}

// Fixture tells the suite what the backend under test holds.
type Fixture struct {
	// Version is the Zabbix version the backend speaks; expectations that
	// differ between 6.x and 7.x follow it. Required.
	Version zabbix.Version
	// GroupID is an existing host group. Required.
	GroupID string
	// TemplateID and SecondTemplateID are two different existing templates
	// that link fast to a host with an agent interface (e.g. "ICMP Ping" and
	// "Zabbix agent"; not "Linux by Zabbix agent", which takes long on a
	// real server, nor "Generic by SNMP", which needs an SNMP interface).
	// Required.
	TemplateID       string
	SecondTemplateID string
	// ItemsTemplateID is an existing template whose items use the agent
	// interface, such as "Linux by Zabbix agent". Required.
	ItemsTemplateID string
	// ProxyID is an existing proxy; empty skips the tests that need one.
	ProxyID string
	// ProxyGroupID is an existing proxy group (7.0 and later); empty skips
	// the tests that need one.
	ProxyGroupID string
	// Prefix starts the technical name of every host the suite creates, so
	// that runs on a shared server can be told apart (letters, digits,
	// '.', '-', '_' and spaces only). May be empty.
	Prefix string
}

// Run runs the conformance suite against the backend newClient returns.
//
// Run calls newClient once per subtest, from parallel subtests, with the
// subtest's t: return a fresh backend (in-memory) or a client of the shared
// server under test, and the Fixture describing it. Every host a subtest
// creates gets a technical name starting with Fixture.Prefix and carrying a
// random token, and is deleted when the subtest ends, whatever the outcome,
// so a real server is left as it was found.
func Run(t *testing.T, newClient func(t *testing.T) (Client, Fixture)) {
	t.Helper()
	tests := []struct {
		name string
		run  func(t *testing.T, h *harness)
	}{
		{"CreateAndRead", testCreateAndRead},
		{"CreateDefaults", testCreateDefaults},
		{"CreateMany", testCreateMany},
		{"EmptyCalls", testEmptyCalls},
		{"HostsMissing", testHostsMissing},
		{"DuplicateName", testDuplicateName},
		{"DuplicateInRequest", testDuplicateInRequest},
		{"VisibleNameTaken", testVisibleNameTaken},
		{"CreateIsAtomic", testCreateIsAtomic},
		{"UnknownGroup", testUnknownGroup},
		{"UnknownTemplate", testUnknownTemplate},
		{"MissingGroups", testMissingGroups},
		{"BadHostName", testBadHostName},
		{"InventoryRules", testInventoryRules},
		{"InterfaceRules", testInterfaceRules},
		{"InterfaceKinds", testInterfaceKinds},
		{"PSK", testPSK},
		{"PSKRules", testPSKRules},
		{"Proxy", testProxy},
		{"ProxyGroup", testProxyGroup},
		{"UpdateInterfaces", testUpdateInterfaces},
		{"UpdateTemplates", testUpdateTemplates},
		{"UpdateKeepsUnsetFields", testUpdateKeepsUnsetFields},
		{"UpdateRename", testUpdateRename},
		{"UpdateMissingHost", testUpdateMissingHost},
		{"Delete", testDelete},
		{"DeleteMissing", testDeleteMissing},
		{"CanceledContext", testCanceledContext},
		{"NoAliasing", testNoAliasing},
		{"ObjectReads", testObjectReads},
		{"CreateHostGroups", testCreateHostGroups},
		{"HostsByPrefix", testHostsByPrefix},
		{"InterfaceInUse", testInterfaceInUse},
		{"UpdateHosts", testUpdateHosts},
		{"HostsByTag", testHostsByTag},
		{"HostsToAdopt", testHostsToAdopt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newHarness(t, newClient))
		})
	}
}
