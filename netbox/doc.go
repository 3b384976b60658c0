// Package netbox is the NetBox side of the library: the objects that
// provisioning reads (devices, virtual machines, IP addresses), references
// to them, the errors a NetBox backend returns, and Client, the REST client
// for a real NetBox.
//
// The object model keeps the fields provisioning needs as typed Go fields
// (name, status, site, role, platform, cluster, tenant, location, tags,
// custom fields, primary IPv4) and every other field NetBox returned in
// Attrs, so that attribute paths such as "site.region", "custom_fields.rack"
// or "serial" resolve over the object's full data (see package mapping).
// Object, Nested, NestedIP and IPAddress decode from and encode to NetBox's
// JSON shapes (numbers as json.Number), so a decoded object encodes back to
// what NetBox sent and can be shown in events as NetBox shows it.
//
// # Backends
//
// Client (New) reads NetBox's REST API; it speaks NetBox 3.7 and 4.0 to
// 4.5, with v1 tokens ("Authorization: Token <40 characters>") and NetBox
// 4.5's v2 tokens ("nbt_<key>.<secret>", sent as "Authorization: Bearer").
//
// Objects and IPAddresses answer a Query: objects by IDs, by a NetBox
// filter ("site=dc1&tag=monitored"), or both, ordered by ID. One ID is read
// from its detail endpoint; many with list requests of up to
// MaxIDsPerRequest IDs each; a filter page by page, the first page telling
// how many there are and the rest read in ranges at once. A Query with
// Fields asks NetBox 4.0 and later ("fields=…") for the fields the typed
// Object or IPAddress holds and the ones named, which cuts what NetBox
// serialises and sends (an IP address's assigned_object most of all);
// NetBox 3.7 cannot, and sends every field. The version comes from the
// API-Version header NetBox puts on every answer, at no extra request.
// config_context is left out unless Config.IncludeConfigContext is set.
//
// Fetch reads the full object behind a nested object's URL, for
// mapping.Expand; it sends the token to the configured host only. The
// token needs view permission on dcim.device,
// virtualization.virtualmachine and ipam.ipaddress, and on the objects the
// tag and inventory paths reach (dcim.site, dcim.location, dcim.region, …).
//
// Package memnetbox holds seeded objects in memory. Package netboxtest is
// the conformance suite both pass; it runs the Client against servers that
// answer from fixture files shaped as NetBox 3.7, 4.2 and 4.5 answer
// (testdata/<version>/), and against a real NetBox when NETBOX_URL,
// NETBOX_TOKEN and NETBOX_FIXTURE are set. No real NetBox runs where this
// project's tests run, so that last test skips there.
//
// # Errors
//
// A missing object is reported with an error that matches ErrNotFound under
// errors.Is and names the object: a *NotFoundError from Device,
// VirtualMachine and IPAddress, an *HTTPError from Fetch. Objects and
// IPAddresses leave missing objects out instead, and name the query in
// their errors. A Query they refuse (see Query), or one NetBox answers
// 400 (a filter value that names nothing), matches ErrBadQuery. NetBox refusing the token
// is an *AuthError (ErrUnauthorized) whose Hint says what to check, for
// example a v2 token sent to a NetBox older than 4.5. Reads answered 429,
// 502, 503 or 504 are retried a few times, as Retry-After says; when they
// keep failing the *HTTPError matches ErrUnavailable. An answer that is not
// the JSON of NetBox's API matches ErrBadResponse. A URL the client will
// not send its token to matches ErrURLRefused. A canceled context returns
// the context's error. No error and no log record holds the token.
//
// # Concurrency
//
// A Client is safe for concurrent use and its calls are synchronous. A read
// of many objects sends its requests (ID chunks, pages) Config.Concurrency
// at a time, and all calls of a Client share that bound, so that NetBox's
// workers are kept busy but not swamped. The object types are plain
// values: an Object or IPAddress returned by a backend belongs to the
// caller, and changing it never changes the backend.
package netbox
