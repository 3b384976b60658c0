package zabbix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Zabbix returns every number, ID and flag as a JSON string ("10084",
// "1"), but some methods and versions answer with bare numbers. These
// types read either.

// flexString is a JSON string or number, read as its text. null reads as "".
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0:
		// The common case, a string without escapes: its bytes as they are
		// (decoding stays with encoding/json, which checked them).
		*s = flexString(b[1 : len(b)-1])
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or a number, got %.20s", b)
		}
		*s = flexString(n.String())
	}
	return nil
}

// id returns the ID, or "" for Zabbix's "no object" ID "0".
func (s flexString) id() string {
	if s == "0" {
		return ""
	}
	return string(s)
}

// flexInt is a JSON number or a string holding one. null and "" read as 0.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	if d, ok := smallInt(b); ok {
		*n = flexInt(d)
		return nil
	}
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.Atoi(string(s))
	if err != nil {
		return fmt.Errorf("want an integer, got %q", string(s))
	}
	*n = flexInt(v)
	return nil
}

// smallInt reads b when it is a short run of decimal digits, quoted or
// not, without allocating: most numbers Zabbix sends are.
func smallInt(b []byte) (int, bool) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}
