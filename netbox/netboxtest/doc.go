// Package netboxtest is the conformance suite for NetBox backends: Run
// checks that a backend answers a netbox.Query as the contract says —
// devices, virtual machines and IP addresses by IDs, by filter (site,
// role, platform, tenant, status, tag, name, cluster, address, and both
// forms site/site_id, …) and both, ordered by ID; with Fields, the typed
// fields exactly as a read of every field gives them and the fields named
// — fetches related objects, and reports missing objects, refused queries
// (netbox.ErrBadQuery), filter values that name nothing and canceled
// contexts the way provisioning relies on. The REST client (netbox.Client)
// and the in-memory NetBox (memnetbox) both pass it.
//
// It also holds what runs the suite without a NetBox: Server, an
// httptest server that answers from fixture files as NetBox 3.7, 4.2 and
// 4.5 answer (their shapes, filters, fields= from 4.0, paging, tokens and
// errors) and counts requests and bytes, and LoadFixture, which reads the description of the data
// a backend holds (the same JSON a test against a real NetBox is given in
// NETBOX_FIXTURE).
//
// # Backends
//
// A backend's test calls Run with a function that returns a fresh Client
// and the Fixture describing its data. Core behaviour is tested here and
// nowhere else.
//
// # Errors
//
// The suite expects missing objects to be left out of Objects and
// IPAddresses, Fetch of a missing URL to match netbox.ErrNotFound and name
// the URL, and a canceled context to give context.Canceled.
//
// # Concurrency
//
// Run's subtests run in parallel and one of them reads from several
// goroutines at once: run it with -race. A Server is safe for concurrent
// use.
package netboxtest
