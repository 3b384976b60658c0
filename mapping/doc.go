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
// # Host group names
//
// A mapping names host groups by ID (HostGroups) and by name
// (HostGroupNames). A name is fixed ("Linux servers") or a pattern whose
// placeholders take the object's values: "Sites/{site}/{role}" gives
// "Sites/DC1/Web server" for a web server in DC1. A placeholder holds an
// attribute path, as above, so that every field NetBox has can name a
// group; a path that reaches an object gives its name. The short forms
// are paths too: {site}, {role}, {platform}, {tenant}, {cluster} and
// {location} give the name of the object's site, role, platform, tenant,
// cluster and location, as NetBox shows it ({site} and {site.name} are
// the same); {site.slug} gives the slug, {site.region} the site's region,
// {custom_fields.team} a custom field, {status} the status label.
//
// Each value is trimmed of surrounding spaces. A placeholder that resolves
// to nothing (the object has no tenant, the custom field is empty), or to
// several values (a list such as {tags} with more than one element), is an
// error naming the mapping, the pattern and the object (a
// *GroupNameError): such an object cannot be provisioned with that
// mapping until NetBox or the mapping is fixed. So is a name Zabbix
// refuses: blank, a slash at either end, an empty level ("a//b"), more than
// MaxHostGroupName characters. A value holding a slash adds a level, as a
// slash in the pattern does. "{{" and "}}" stand for literal braces.
//
// # Mappings by name
//
// A Spec describes a mapping by the names of its templates, host groups,
// proxy and proxy group, as a person writes it in a file (JSON with the
// settings' snake_case field names; unknown fields are refused).
// ResolveSpecs turns specs into store mappings with the IDs of the Zabbix
// objects last imported (store.ZabbixObjects), and reports every unknown
// name of every spec at once.
//
// # Errors
//
// When the default is needed but there is none, or more than one, Resolve
// returns a *ResolveError that matches ErrNoDefault or ErrSeveralDefaults.
package mapping
