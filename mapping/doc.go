// Package mapping decides what a NetBox object gets in Zabbix: which device
// or VM mapping applies to it (Resolve), which tags it carries (Tags) and
// which inventory properties it fills (Inventory), all read through dotted
// attribute paths over the object's full data (Lookup).
//
// Everything here is pure: no I/O, no state, safe for concurrent use.
//
// # Attribute paths
//
// A path is a dot-separated list of field names as NetBox's REST API names
// them: "name", "site.name", "site.region", "custom_fields.rack_unit",
// "tags", "location.site.latitude". Each step reads a field of the value
// before it. A value that is an object (site, region, platform, …) gives its
// name when turned into text; a choice (status) gives its label; a list
// (tags) gives one text per element. A step into a list applies to every
// element. A missing field, a null, or an empty text does not resolve.
//
// # Resolution
//
// Among the non-default mappings of the object's type whose interface type
// is the requested one or "any", Resolve keeps those whose every non-empty
// filter (sites, roles, platforms) contains the object's site, role and
// platform. The most specific wins: more filter dimensions set; then site,
// role, platform being set, in that order; then an exact interface type over
// "any"; then the lowest ID. When none matches, the default mapping applies.
//
// # Errors
//
// When the default is needed but there is none, or more than one, Resolve
// returns a *ResolveError that matches ErrNoDefault or ErrSeveralDefaults.
package mapping
