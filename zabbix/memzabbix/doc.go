// Package memzabbix is an in-memory Zabbix server: hosts, host groups,
// templates, proxies and proxy groups kept in maps, served through the
// calls provision.ZabbixClient makes (CreateHosts, Hosts, UpdateHost,
// DeleteHosts) and held to the rules a real server of the configured
// version enforces.
//
//	srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
//	created, err := srv.CreateHosts(ctx, []zabbix.Host{{
//		Host:     "web-01",
//		GroupIDs: []string{"2"}, // "Linux servers"
//		Interfaces: []zabbix.HostInterface{{
//			Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "10050",
//		}},
//	}})
//
// # Backends
//
// A Server stands in for the JSON-RPC client (package zabbix) in tests,
// quick starts and dry runs. It passes the same conformance suite
// (package zabbixtest) as the real client does against Zabbix 6.0 and 7.0,
// so code tested against it behaves the same against a real server.
//
// It behaves as the version in Config.Version: 6.0 rules below 7.0 (no
// proxy groups, 6.0 error texts) and 7.0 rules from 7.0 on. IDs are
// numeric strings from counters: host IDs from 10600 (or above the largest
// seeded one), interface IDs above the largest seeded one. Seed it with
// Config (DefaultConfig has what a fresh server has), inspect it with Host,
// HostCount, AllHosts and Calls, and make it fail with FailCall and
// FailCallAfterApply. Everything is per instance: two Servers share
// nothing.
//
// A Server never aliases memory with its callers: arguments are copied on
// the way in and results on the way out.
//
// # Errors
//
// A request the server refuses gets the error a real server of that version
// answers with: a *zabbix.APIError with the JSON-RPC method ("host.create",
// "host.update", "host.delete"), code (-32602 "Invalid params." or -32500
// "Application error.") and the server's text as Data, so errors.Is matches
// zabbix.ErrHostExists or zabbix.ErrNoObject where the real one does. The
// texts are copied from measured 6.0.14 and 7.0.22 answers or from the
// Zabbix source; errors.go lists which is which. Monitoring by proxy group
// on a server older than 7.0 is a *zabbix.VersionError (zabbix.ErrUnsupported),
// because the real client refuses to send it.
//
// Array creation is atomic, as in Zabbix: one invalid host and nothing is
// created. UpdateHost and DeleteHosts are all-or-nothing too.
//
// Every method returns ctx.Err() when the context has ended before the
// call, and an injected failure as given.
//
// # Concurrency
//
// A Server is safe for concurrent use. One mutex serializes every call, so
// each call sees and leaves a consistent state, as one database
// transaction per API request does.
package memzabbix
