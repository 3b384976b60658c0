package netbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
)

// UnmarshalJSON decodes a device or virtual machine as NetBox's REST API
// sends it (NetBox 3.7 and 4.x). The fields Object types are decoded into
// them: status ({"value", "label"}), site, role, platform, cluster, tenant
// and location (nested objects), primary_ip4, tags and custom_fields.
// NetBox 3.x's "device_role" is read as the role when "role" is absent, and
// kept in Attrs otherwise. Every other field goes into Attrs, with numbers
// as json.Number.
//
// The type comes from the object's "url" (".../api/dcim/devices/…" or
// ".../api/virtualization/virtual-machines/…"); without one, o's Type is
// kept, so preset it to decode an object that has no URL. JSON null leaves
// o unchanged.
func (o *Object) UnmarshalJSON(data []byte) error {
	v, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("netbox: decode %s: %w", typeLabel(o.Type), err)
	}
	if v == nil {
		return nil
	}
	m, err := asObject(typeLabel(o.Type), "", v)
	if err != nil {
		return err
	}
	got, err := objectFromMap(m, o.Type)
	if err != nil {
		return err
	}
	*o = *got
	return nil
}

// MarshalJSON encodes o in NetBox's shape: its Attrs with the typed fields
// on top, so that decoding the result gives o again. Absent relations of a
// device or virtual machine are null, as NetBox sends them.
func (o Object) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(o.Attrs)+12)
	for k, v := range o.Attrs {
		m[k] = v
	}
	m["id"] = o.ID
	if o.Name != "" {
		m["name"] = o.Name
	} else {
		m["name"] = nil
	}
	m["status"] = choiceJSON(o.Status)
	for _, r := range o.relations() {
		if r.nested != nil || relationOf(o.Type, r.key) {
			m[r.key] = nestedJSON(r.nested)
		}
	}
	if _, ok := o.Attrs["device_role"]; ok {
		// "role" must be there for "device_role" to stay in Attrs.
		m["role"] = nestedJSON(o.Role)
	}
	if o.PrimaryIP4 != nil || o.Type.Provisionable() {
		m["primary_ip4"] = nestedIPJSON(o.PrimaryIP4)
	}
	m["tags"] = tagsJSON(o.Tags)
	if o.CustomFields != nil {
		m["custom_fields"] = o.CustomFields
	} else {
		m["custom_fields"] = nil
	}
	return json.Marshal(m)
}

type relation struct {
	key    string
	nested *Nested
}

func (o *Object) relations() []relation {
	return []relation{
		{"site", o.Site}, {"role", o.Role}, {"platform", o.Platform}, {"cluster", o.Cluster},
		{"tenant", o.Tenant}, {"location", o.Location},
	}
}

// relationOf reports whether objects of type t have the relation key in
// NetBox (virtual machines have no location).
func relationOf(t ObjectType, key string) bool {
	switch t {
	case TypeDevice:
		return true
	case TypeVirtualMachine:
		return key != "location"
	}
	return false
}

// objectFromMap builds an Object from a decoded JSON object; t is the type
// to use when the object's URL does not tell.
func objectFromMap(m map[string]any, t ObjectType) (*Object, error) {
	if u, ok := m["url"].(string); ok {
		t = cmp.Or(typeFromURL(u), t)
	}
	what := typeLabel(t)
	_, hasRole := m["role"]
	typed := func(k string) bool {
		switch k {
		case "id", "name", "status", "site", "role", "platform", "cluster", "tenant", "location",
			"primary_ip4", "tags", "custom_fields":
			return true
		case "device_role":
			return !hasRole
		}
		return false
	}
	o := &Object{Type: t, Attrs: rest(m, typed)}
	var err error
	if o.ID, err = asOptionalID(what, "id", m["id"]); err != nil {
		return nil, err
	}
	if o.Name, err = asString(what, "name", m["name"]); err != nil {
		return nil, err
	}
	if o.Status, err = choiceFromValue(what, "status", m["status"]); err != nil {
		return nil, err
	}
	roleKey := "role"
	if !hasRole {
		roleKey = "device_role"
	}
	for _, f := range []struct {
		key string
		dst **Nested
	}{
		{"site", &o.Site}, {roleKey, &o.Role}, {"platform", &o.Platform}, {"cluster", &o.Cluster},
		{"tenant", &o.Tenant}, {"location", &o.Location},
	} {
		if *f.dst, err = nestedField(what, m, f.key); err != nil {
			return nil, err
		}
	}
	ip, err := asObject(what, "primary_ip4", m["primary_ip4"])
	if err != nil {
		return nil, err
	}
	if ip != nil {
		if o.PrimaryIP4, err = nestedIPFromMap(what+" primary_ip4", ip); err != nil {
			return nil, err
		}
	}
	if o.Tags, err = tagsFromValue(what, m["tags"]); err != nil {
		return nil, err
	}
	if o.CustomFields, err = asObject(what, "custom_fields", m["custom_fields"]); err != nil {
		return nil, err
	}
	return o, nil
}

// typeFromURL tells the object type from an API URL, or "".
func typeFromURL(u string) ObjectType {
	switch {
	case strings.Contains(u, "/api/dcim/devices/"):
		return TypeDevice
	case strings.Contains(u, "/api/virtualization/virtual-machines/"):
		return TypeVirtualMachine
	}
	return ""
}

// typeLabel is the label of t for messages, "object" when t is unset.
func typeLabel(t ObjectType) string {
	if t == "" {
		return "object"
	}
	return t.Label()
}
