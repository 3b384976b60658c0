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
// It reads one object from its detail endpoint and many with list requests
// of up to MaxIDsPerRequest IDs each, following NetBox's "next" links, and
// leaves config_context out unless Config.IncludeConfigContext is set. Its
// Fetch reads the full object behind a nested object's URL, for
// mapping.Expand; it sends the token to the configured host only. The token
// needs view permission on dcim.device, virtualization.virtualmachine and
// ipam.ipaddress, and on the objects the tag and inventory paths reach
// (dcim.site, dcim.location, dcim.region, …).
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
// IPAddresses leave missing objects out instead. NetBox refusing the token
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
// A Client is safe for concurrent use; its calls are synchronous and a list
// read sends its requests one after the other. The object types are plain
// values: an Object or IPAddress returned by a backend belongs to the
// caller, and changing it never changes the backend.
package netbox
