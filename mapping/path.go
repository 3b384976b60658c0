package mapping

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// fielder is a value with named fields: *netbox.Object and *netbox.Nested.
type fielder interface {
	Field(name string) (any, bool)
}

// Lookup returns the value at path on obj, and whether it resolved.
func Lookup(obj *netbox.Object, path string) (any, bool) {
	if obj == nil || path == "" {
		return nil, false
	}
	return lookup(obj, strings.Split(path, "."))
}

func lookup(cur any, keys []string) (any, bool) {
	for i, key := range keys {
		var (
			v  any
			ok bool
		)
		switch c := cur.(type) {
		case fielder:
			v, ok = c.Field(key)
		case map[string]any:
			v, ok = c[key]
		case []any:
			return lookupEach(c, keys[i:])
		case []netbox.Tag:
			elems := make([]any, len(c))
			for j, t := range c {
				elems[j] = tagFields(t)
			}
			return lookupEach(elems, keys[i:])
		case netbox.Choice:
			v, ok = choiceField(c, key)
		}
		if !ok || isNil(v) {
			return nil, false
		}
		cur = v
	}
	return cur, true
}

// lookupEach applies the remaining keys to every element of a list and
// returns the list of values that resolved.
func lookupEach(elems []any, keys []string) (any, bool) {
	var out []any
	for _, e := range elems {
		if v, ok := lookup(e, keys); ok {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, false
	}
	return out, true
}

func tagFields(t netbox.Tag) map[string]any {
	return map[string]any{"id": t.ID, "name": t.Name, "slug": t.Slug, "color": t.Color}
}

func choiceField(c netbox.Choice, key string) (any, bool) {
	switch key {
	case "value":
		return c.Value, c.Value != ""
	case "label":
		return c.Label, c.Label != ""
	}
	return nil, false
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// texts turns a resolved value into text: one text for a scalar or an
// object, one per element for a list. Empty texts are dropped.
func texts(v any) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, texts(e)...)
		}
		return out
	case []netbox.Tag:
		var out []string
		for _, t := range x {
			if t.Name != "" {
				out = append(out, t.Name)
			}
		}
		return out
	}
	if s, ok := Text(v); ok {
		return []string{s}
	}
	return nil
}

// Text turns a resolved scalar or object into text: an object gives its
// name (else display, label, value, slug), a choice its label, a number its
// decimal form. It reports false for lists, nil and empty texts.
func Text(v any) (string, bool) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case bool:
		s = strconv.FormatBool(x)
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case *netbox.Nested:
		if x == nil {
			return "", false
		}
		s = firstNonEmpty(x.Name, x.Display, x.Slug)
		if s == "" {
			s = objectText(x.Attrs)
		}
	case netbox.Choice:
		s = firstNonEmpty(x.Label, x.Value)
	case netbox.Tag:
		s = x.Name
	case *netbox.NestedIP:
		if x == nil {
			return "", false
		}
		s = x.Address
	case map[string]any:
		s = objectText(x)
	}
	return s, s != ""
}

// objectText is the text of a JSON object: its name, display, label, value
// or slug, the first that is a non-empty text.
func objectText(m map[string]any) string {
	for _, k := range []string{"name", "display", "label", "value", "slug"} {
		if s, ok := Text(m[k]); ok {
			if _, nested := m[k].(map[string]any); !nested {
				return s
			}
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
