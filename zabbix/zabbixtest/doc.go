// Package zabbixtest is the conformance suite every Zabbix backend passes:
// the in-memory server (package memzabbix) and the JSON-RPC client
// (package zabbix) against real Zabbix 6.0 and 7.0 servers. Core behaviour
// is tested here once, not per backend.
//
// # Backends
//
// A backend's test calls Run with a function that returns the client under
// test and a Fixture describing what the backend holds:
//
//	func TestConformance(t *testing.T) {
//		zabbixtest.Run(t, func(t *testing.T) (zabbixtest.Client, zabbixtest.Fixture) {
//			srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
//			return srv, zabbixtest.Fixture{
//				Version: srv.Version(), GroupID: "2",
//				TemplateID: "10564", SecondTemplateID: "10563",
//			}
//		})
//	}
//
// Against a real server, return a client of it and the IDs of a host group,
// two fast-linking templates that need no particular interface ("ICMP
// Ping" and "Zabbix agent"; look them up by name — a real server refuses to
// link "Generic by SNMP" to a host without an SNMP interface), and optionally a proxy and (7.0) a proxy group; set
// Fixture.Prefix so that concurrent runs on one server are told apart. The
// suite names every host it creates with Fixture.Prefix plus a random
// token, and deletes them when each subtest ends, so the server is left as
// it was. Subtests run in parallel and call the function once each.
//
// # Errors
//
// The suite checks errors the way callers use them: errors.Is against the
// sentinels of package zabbix (ErrHostExists, ErrNoObject, ErrUnsupported,
// context.Canceled), errors.As to *zabbix.APIError for the JSON-RPC code
// and the server's text, which must match the real server's exactly where
// it has been measured. Where 6.x and 7.x differ, Fixture.Version decides
// what is expected.
//
// # Concurrency
//
// Run's subtests call the backend concurrently, so a backend must be safe
// for concurrent use; run the suite with -race.
//
// # What it covers
//
// Creating and reading hosts (IDs, interfaces, groups, templates, tags,
// inventory, visible name, defaults), several in one call in order, and
// the rules Zabbix enforces: host names taken or repeated in a request,
// visible names taken, unknown groups and templates, missing groups, the
// host name grammar, inventory fields and modes, interface rules (one main
// interface per type, addresses, ports, SNMP details), PSK settings and
// their write-only fields, monitoring by proxy and by proxy group per
// version. Updates: interface sets replaced with kept IDs, templates
// replaced and cleared, nil fields left alone and empty ones cleared,
// renames, unknown hosts. Deletes, one and many, all or none. Empty calls,
// missing hosts, canceled contexts, and values that must not alias the
// backend's state.
package zabbixtest
