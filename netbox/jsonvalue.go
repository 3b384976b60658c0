package netbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// decodeJSON decodes data into generic JSON values (maps, slices, strings,
// bools, nil), keeping numbers as json.Number so that IDs and decimals
// survive exactly.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

// decodeObject decodes data that must hold one JSON object.
func decodeObject(data []byte) (map[string]any, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a JSON object, got %s", kindOf(v))
	}
	return m, nil
}

// kindOf names the JSON kind of a generic value, for error messages.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64, int, int64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// fieldError says which field of which kind of object could not be decoded.
func fieldError(what, field string, v any, want string) error {
	return fmt.Errorf("netbox: decode %s: field %q: want %s, got %s", what, field, want, kindOf(v))
}

// asID reads an integer ID (a JSON number without fraction).
func asID(what, field string, v any) (int64, error) {
	switch x := v.(type) {
	case json.Number:
		id, err := strconv.ParseInt(x.String(), 10, 64)
		if err != nil {
			return 0, fieldError(what, field, v, "an integer")
		}
		return id, nil
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case float64:
		if x == float64(int64(x)) {
			return int64(x), nil
		}
	}
	return 0, fieldError(what, field, v, "an integer")
}

// asOptionalID is asID where null means 0.
func asOptionalID(what, field string, v any) (int64, error) {
	if v == nil {
		return 0, nil
	}
	return asID(what, field, v)
}

// asString reads a string; null gives "".
func asString(what, field string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	}
	return "", fieldError(what, field, v, "a string")
}

// asObject reads a JSON object; null gives nil.
func asObject(what, field string, v any) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return x, nil
	}
	return nil, fieldError(what, field, v, "an object")
}

// scalarText is the text of a JSON scalar used as a choice value: NetBox
// choice values are strings, a few (an IP family) numbers.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// putIf sets m[k] = v when keep is true.
func putIf(m map[string]any, k string, v any, keep bool) {
	if keep {
		m[k] = v
	}
}

// rest copies the entries of m whose keys are not typed into a new map, or
// returns nil when there are none.
func rest(m map[string]any, typed func(string) bool) map[string]any {
	var out map[string]any
	for k, v := range m {
		if typed(k) {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(m))
		}
		out[k] = v
	}
	return out
}
