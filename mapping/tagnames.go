package mapping

import "github.com/nbzbx/netbox-zabbix/store"

// TagNames returns the names of the tags Tags writes with the settings s
// and the tag mapping m, as they appear on a host: the default tag, each
// enabled field's name and each NetBox tag m selects (as m names it), with
// the settings' prefix and name formatting. These are the tags the library
// owns on a host (docs/behaviour.md, "What the library owns in a host").
func TagNames(s store.Settings, m store.TagMapping) []string {
	var names []string
	if s.DefaultTag != "" {
		names = append(names, tagName(s, s.DefaultTag))
	}
	for _, f := range m.Fields {
		if f.Enabled {
			names = append(names, tagName(s, f.Name))
		}
	}
	for _, t := range m.Tags {
		names = append(names, tagName(s, t))
	}
	return names
}
