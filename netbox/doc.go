// Package netbox defines the NetBox side of the library: the objects that
// provisioning reads (devices, virtual machines, IP addresses), references to
// them, and the errors a NetBox backend returns.
//
// The object model keeps the fields provisioning needs as typed Go fields
// (name, status, site, role, platform, cluster, tenant, location, tags,
// custom fields, primary IPv4) and every other field NetBox returned in
// Attrs, so that attribute paths such as "site.region", "custom_fields.rack"
// or "serial" resolve over the object's full data (see package mapping).
//
// # Backends
//
// The REST client in this package talks to a real NetBox; package memnetbox
// holds seeded objects in memory; package netboxtest is the conformance suite
// both pass.
//
// # Errors
//
// A missing object is reported with an error that matches ErrNotFound under
// errors.Is and names the object. Backends wrap their causes with %w.
//
// # Concurrency
//
// The types here are plain values. An Object or IPAddress returned by a
// backend belongs to the caller: changing it never changes the backend.
package netbox
