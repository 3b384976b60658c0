// Package mappingfile reads the mappings of the example programs from a
// JSON file that names templates, host groups and proxies by name:
//
//	{"mappings": [
//	  {"object_type": "dcim.device", "name": "Web servers", "roles": [2],
//	   "interface_type": "agent", "templates": ["Linux by Zabbix agent"],
//	   "host_groups": ["Linux servers", "Sites/{site}/{role}"]}
//	]}
//
// Each element is a mapping.Spec. Decoding is strict: a field the format
// does not have, a value of the wrong type, or anything after the object
// is an error that names the file, the line and the column. Resolve turns
// the specs into store mappings with the IDs of the Zabbix objects the
// store last imported; Apply puts them in the store by name.
package mappingfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/nbzbx/netbox-zabbix/mapping"
)

// Error is a mapping file that cannot be decoded: File names it, Line and
// Column (from 1, in characters) and Offset (in bytes, from 0) say where,
// and Err is what is wrong there.
type Error struct {
	File         string
	Line, Column int
	Offset       int64
	Err          error
}

// Error is "<file>:<line>:<column>: <what is wrong>".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

// Unwrap returns what is wrong.
func (e *Error) Unwrap() error { return e.Err }

// ErrRead is a mapping file that cannot be read (missing, not readable);
// the error wraps it and the cause.
var ErrRead = errors.New("cannot read the mapping file")

// Load reads the mapping file at path and returns its specs.
func Load(path string) ([]mapping.Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRead, err)
	}
	return Decode(path, data)
}

// Decode decodes the content of a mapping file; name is what errors call
// the file.
func Decode(name string, data []byte) ([]mapping.Spec, error) {
	at := func(off int64, format string, args ...any) error {
		line, col := position(data, off)
		return &Error{File: name, Line: line, Column: col, Offset: off, Err: fmt.Errorf(format, args...)}
	}
	// A syntax error anywhere: Unmarshal gives its exact offset.
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se) && strings.Contains(se.Error(), "after top-level value"):
			return nil, at(se.Offset-1, "more after the object: a mapping file holds one object (%w)", err)
		case errors.As(err, &se) && strings.HasPrefix(se.Error(), "invalid character"):
			return nil, at(se.Offset-1, "%w: fix the JSON there", err) // the character read last
		case errors.As(err, &se):
			return nil, at(se.Offset, "%w: fix the JSON there", err)
		}
		return nil, at(0, "%w", err)
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, at(firstByte(data, 0), `the file holds %s; want an object, {"mappings": [...]}`, kind(doc))
	}
	d := json.NewDecoder(bytes.NewReader(data))
	if _, err := d.Token(); err != nil { // {
		return nil, at(0, "%w", err)
	}
	var specs []mapping.Spec
	found := false
	for d.More() {
		keyAt := firstByte(data, d.InputOffset())
		tok, err := d.Token()
		if err != nil {
			return nil, at(keyAt, "%w", err)
		}
		if key, _ := tok.(string); key != "mappings" {
			return nil, at(keyAt, `unknown field %q: the file has one field, "mappings"`, key)
		}
		found = true
		listAt := firstByte(data, d.InputOffset())
		if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
			return nil, at(listAt, `"mappings" is not a list: write "mappings": [ {…}, … ]`)
		}
		for i := 1; d.More(); i++ {
			start := firstByte(data, d.InputOffset())
			var raw json.RawMessage
			if err := d.Decode(&raw); err != nil {
				return nil, at(start, "mapping %d: %w", i, err)
			}
			var s mapping.Spec
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, at(start+specOffset(raw, err), "mapping %d%s: %w", i, nameOf(raw), err)
			}
			specs = append(specs, s)
		}
		if _, err := d.Token(); err != nil { // ]
			return nil, at(d.InputOffset(), "%w", err)
		}
	}
	if !found {
		return nil, at(firstByte(data, 0), `no "mappings" field: the file holds {"mappings": [ {…}, … ]}`)
	}
	return specs, nil // what follows the object was refused by Unmarshal above
}

// specOffset is where in raw, a spec's JSON, the error err of decoding it
// points: just after the value of the wrong type, or at the unknown
// field's name.
func specOffset(raw []byte, err error) int64 {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Offset
	}
	const unknown = `json: unknown field "`
	msg := err.Error()
	if i := strings.Index(msg, unknown); i >= 0 {
		field, _, _ := strings.Cut(msg[i+len(unknown):], `"`)
		if j := bytes.Index(raw, []byte(`"`+field+`"`)); j >= 0 {
			return int64(j)
		}
	}
	return 0
}

// nameOf is ` ("<name>")` for a spec whose JSON has a name, else "".
func nameOf(raw []byte) string {
	var n struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &n) != nil || n.Name == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", n.Name)
}

// firstByte returns the offset of the first byte at or after off that is
// not white space, a comma or a colon: where the next value starts.
func firstByte(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

// position returns the line and column, from 1, of byte offset off.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	return line, utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
}

// kind names the JSON type of a decoded value.
func kind(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case string:
		return "a string"
	case nil:
		return "null"
	case bool:
		return "a boolean"
	}
	return "a number"
}
