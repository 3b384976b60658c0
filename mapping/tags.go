package mapping

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Tags returns the Zabbix tags of obj: the default tag (valued with the
// object's ID), one tag per NetBox tag of obj whose slug or name the
// mapping selects (named and valued by the NetBox tag's name), and one tag
// per enabled field whose path resolves (one per element for a list). Every
// name gets the tag prefix and the name formatting of s; duplicates on
// (tag, value) are dropped, the first kept.
func Tags(s store.Settings, m store.TagMapping, obj *netbox.Object) []zabbix.Tag {
	var tags []zabbix.Tag
	if s.DefaultTag != "" {
		tags = append(tags, zabbix.Tag{Tag: s.DefaultTag, Value: strconv.FormatInt(obj.ID, 10)})
	}
	for _, t := range obj.Tags {
		if slices.Contains(m.Tags, t.Slug) || slices.Contains(m.Tags, t.Name) {
			tags = append(tags, zabbix.Tag{Tag: t.Name, Value: t.Name})
		}
	}
	for _, f := range m.Fields {
		if !f.Enabled {
			continue
		}
		v, ok := Lookup(obj, f.Path)
		if !ok {
			continue
		}
		for _, text := range texts(v) {
			tags = append(tags, zabbix.Tag{Tag: f.Name, Value: text})
		}
	}
	return formatTags(s, tags)
}

// DefaultTag returns the default tag of obj as Tags writes it, and false
// when the settings have no default tag.
func DefaultTag(s store.Settings, obj netbox.Ref) (zabbix.Tag, bool) {
	if s.DefaultTag == "" {
		return zabbix.Tag{}, false
	}
	return zabbix.Tag{Tag: tagName(s, s.DefaultTag), Value: strconv.FormatInt(obj.ID, 10)}, true
}

// tagName applies the tag prefix and name formatting of s to name.
func tagName(s store.Settings, name string) string {
	name = s.TagPrefix + name
	switch s.TagNameFormatting {
	case store.TagNamesUpper:
		return strings.ToUpper(name)
	case store.TagNamesLower:
		return strings.ToLower(name)
	}
	return name
}

func formatTags(s store.Settings, tags []zabbix.Tag) []zabbix.Tag {
	seen := make(map[zabbix.Tag]bool, len(tags))
	out := tags[:0]
	for _, t := range tags {
		t.Tag = tagName(s, t.Tag)
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}
