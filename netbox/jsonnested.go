package netbox

import (
	"encoding/json"
	"fmt"
)

// UnmarshalJSON decodes a nested object as NetBox sends it: id, url,
// display, name and slug into the typed fields, every other field into
// Attrs (numbers as json.Number). JSON null leaves n unchanged.
func (n *Nested) UnmarshalJSON(data []byte) error {
	v, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("netbox: decode nested object: %w", err)
	}
	if v == nil {
		return nil
	}
	m, err := asObject("nested object", "", v)
	if err != nil {
		return err
	}
	got, err := nestedFromMap("nested object", m)
	if err != nil {
		return err
	}
	*n = *got
	return nil
}

// MarshalJSON encodes n in NetBox's shape: its Attrs with the typed fields
// (id, and url, display, name and slug when set) on top.
func (n Nested) MarshalJSON() ([]byte, error) {
	return json.Marshal(n.jsonMap())
}

func (n *Nested) jsonMap() map[string]any {
	m := make(map[string]any, len(n.Attrs)+5)
	for k, v := range n.Attrs {
		m[k] = v
	}
	m["id"] = n.ID
	putIf(m, "url", n.URL, n.URL != "")
	putIf(m, "display", n.Display, n.Display != "")
	putIf(m, "name", n.Name, n.Name != "")
	putIf(m, "slug", n.Slug, n.Slug != "")
	return m
}

func nestedTyped(k string) bool {
	switch k {
	case "id", "url", "display", "name", "slug":
		return true
	}
	return false
}

// nestedFromMap builds a Nested from a decoded JSON object.
func nestedFromMap(what string, m map[string]any) (*Nested, error) {
	n := &Nested{Attrs: rest(m, nestedTyped)}
	var err error
	if n.ID, err = asOptionalID(what, "id", m["id"]); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"url", &n.URL}, {"display", &n.Display}, {"name", &n.Name}, {"slug", &n.Slug}} {
		if *f.dst, err = asString(what, f.key, m[f.key]); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// nestedField decodes the nested object under key of m; absent or null
// gives nil.
func nestedField(what string, m map[string]any, key string) (*Nested, error) {
	obj, err := asObject(what, key, m[key])
	if err != nil || obj == nil {
		return nil, err
	}
	return nestedFromMap(what+" "+key, obj)
}

// nestedJSON is the JSON value of an optional nested object.
func nestedJSON(n *Nested) any {
	if n == nil {
		return nil
	}
	return n.jsonMap()
}

// UnmarshalJSON decodes an IP address as NetBox nests it (primary_ip4):
// id, url and address into the typed fields, the rest into Attrs. JSON null
// leaves ip unchanged.
func (ip *NestedIP) UnmarshalJSON(data []byte) error {
	v, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("netbox: decode nested IP address: %w", err)
	}
	if v == nil {
		return nil
	}
	m, err := asObject("nested IP address", "", v)
	if err != nil {
		return err
	}
	got, err := nestedIPFromMap("nested IP address", m)
	if err != nil {
		return err
	}
	*ip = *got
	return nil
}

// MarshalJSON encodes ip in NetBox's shape.
func (ip NestedIP) MarshalJSON() ([]byte, error) {
	return json.Marshal(ip.jsonMap())
}

func (ip *NestedIP) jsonMap() map[string]any {
	m := make(map[string]any, len(ip.Attrs)+3)
	for k, v := range ip.Attrs {
		m[k] = v
	}
	m["id"] = ip.ID
	putIf(m, "url", ip.URL, ip.URL != "")
	m["address"] = ip.Address
	return m
}

func nestedIPTyped(k string) bool { return k == "id" || k == "url" || k == "address" }

func nestedIPFromMap(what string, m map[string]any) (*NestedIP, error) {
	ip := &NestedIP{Attrs: rest(m, nestedIPTyped)}
	var err error
	if ip.ID, err = asOptionalID(what, "id", m["id"]); err != nil {
		return nil, err
	}
	if ip.URL, err = asString(what, "url", m["url"]); err != nil {
		return nil, err
	}
	if ip.Address, err = asString(what, "address", m["address"]); err != nil {
		return nil, err
	}
	return ip, nil
}

func nestedIPJSON(ip *NestedIP) any {
	if ip == nil {
		return nil
	}
	return ip.jsonMap()
}

// choiceFromValue decodes a NetBox choice field ({"value": …, "label": …});
// null gives the zero Choice.
func choiceFromValue(what, field string, v any) (Choice, error) {
	switch x := v.(type) {
	case nil:
		return Choice{}, nil
	case string:
		return Choice{Value: x}, nil
	case map[string]any:
		value, ok := scalarText(x["value"])
		if !ok {
			return Choice{}, fieldError(what, field+".value", x["value"], "a string or number")
		}
		label, err := asString(what, field+".label", x["label"])
		if err != nil {
			return Choice{}, err
		}
		return Choice{Value: value, Label: label}, nil
	}
	return Choice{}, fieldError(what, field, v, "a choice object")
}

func choiceJSON(c Choice) any {
	if c == (Choice{}) {
		return nil
	}
	return map[string]any{"value": c.Value, "label": c.Label}
}

// tagsFromValue decodes NetBox's list of nested tags; null or an empty
// list gives nil.
func tagsFromValue(what string, v any) ([]Tag, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fieldError(what, "tags", v, "a list")
	}
	var tags []Tag
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fieldError(what, fmt.Sprintf("tags[%d]", i), e, "an object")
		}
		t := Tag{Attrs: rest(m, tagTyped)}
		var err error
		if t.ID, err = asOptionalID(what, "tags.id", m["id"]); err != nil {
			return nil, err
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"url", &t.URL}, {"display", &t.Display}, {"name", &t.Name}, {"slug", &t.Slug}, {"color", &t.Color}} {
			if *f.dst, err = asString(what, "tags."+f.key, m[f.key]); err != nil {
				return nil, err
			}
		}
		tags = append(tags, t)
	}
	return tags, nil
}

func tagTyped(k string) bool {
	switch k {
	case "id", "url", "display", "name", "slug", "color":
		return true
	}
	return false
}

// tagsJSON encodes tags in NetBox's shape: Attrs with the typed fields on
// top (url, display and color when set).
func tagsJSON(tags []Tag) []any {
	out := make([]any, len(tags))
	for i, t := range tags {
		m := make(map[string]any, len(t.Attrs)+6)
		for k, v := range t.Attrs {
			m[k] = v
		}
		m["id"], m["name"], m["slug"] = t.ID, t.Name, t.Slug
		putIf(m, "url", t.URL, t.URL != "")
		putIf(m, "display", t.Display, t.Display != "")
		putIf(m, "color", t.Color, t.Color != "")
		out[i] = m
	}
	return out
}
