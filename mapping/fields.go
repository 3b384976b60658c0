package mapping

import (
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/store"
)

// Fields returns the top-level NetBox fields that provisioning needs to
// read beyond netbox.BaseFields (id, name, status, primary_ip4) for the
// given settings and mappings of one object type, as netbox.Query.Fields
// takes them: "site", "role" and "platform" when a mapping filters on
// them, the first name of every placeholder of a mapping's host group
// names ("tenant" for "Tenants/{tenant}"), the first name of every
// enabled tag and inventory path ("site" for "site.region",
// "custom_fields" for "custom_fields.rack", "serial"),
// "tags" when the tag mapping selects NetBox tags, and "custom_fields"
// when the exclusion custom field is on.
// A path starting with NetBox 3.x's "device_role" adds "role" too, which
// NetBox 4 sends instead (netbox.Object.Field answers both names).
// Inventory paths count whatever the inventory mode, so that a read serves
// any mode.
//
// Paths that go into a related object ("site.region",
// "location.site.latitude") need only the related object's summary here;
// Expand fetches the rest by its URL. The result is sorted, without
// repeats, and never nil: an empty result still means "only the typed
// fields", where a nil netbox.Query.Fields would read every field.
func Fields(s store.Settings, mappings []store.Mapping, tags store.TagMapping, inv store.InventoryMapping) []string {
	out := []string{}
	for _, m := range mappings {
		if len(m.Sites) > 0 {
			out = append(out, "site")
		}
		if len(m.Roles) > 0 {
			out = append(out, "role")
		}
		if len(m.Platforms) > 0 {
			out = append(out, "platform")
		}
	}
	add := func(path string) {
		first, _, _ := strings.Cut(path, ".")
		if first == "" {
			return
		}
		out = append(out, first)
		if first == "device_role" {
			out = append(out, "role")
		}
	}
	for _, m := range mappings {
		for _, p := range HostGroupPaths(m.HostGroupNames) {
			add(p)
		}
	}
	for _, f := range tags.Fields {
		if f.Enabled {
			add(f.Path)
		}
	}
	if len(tags.Tags) > 0 {
		add("tags")
	}
	for _, f := range inv.Fields {
		if !f.Enabled {
			continue
		}
		for _, p := range f.Paths {
			add(p)
		}
	}
	if s.ExcludeCustomFieldEnabled {
		add("custom_fields")
	}
	slices.Sort(out)
	return slices.Compact(out)
}
