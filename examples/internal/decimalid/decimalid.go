// Package decimalid reads the object IDs the example programs take on the
// command line (--device, --vm, --config): decimal digits only.
//
// Go's flag.Int64 reads "010" as 8, "0x10" as 16 and "1_0" as 10, so that
// "--device 010" would provision device 8. Here "010" is 10: leading zeros
// are allowed and mean nothing, as they do to a person typing an ID; base
// prefixes, signs, spaces, underscores, 0 and numbers past the int64 range
// are refused with a message saying so.
package decimalid

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrNotAnID: the text is not a decimal ID of 1 or more. Errors of Parse
// match it under errors.Is.
var ErrNotAnID = errors.New("not an ID")

// Parse reads a decimal ID: one or more ASCII digits, at least 1, at most
// math.MaxInt64.
func Parse(s string) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty; give a decimal number such as 42", ErrNotAnID)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: %q has %q at position %d; give decimal digits only (no sign, space, underscore or 0x/0o/0b prefix)",
				ErrNotAnID, s, rune(c), i+1)
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > math.MaxInt64 {
		return 0, fmt.Errorf("%w: %s is larger than the largest ID, %d", ErrNotAnID, s, int64(math.MaxInt64))
	}
	if n == 0 {
		return 0, fmt.Errorf("%w: %q is 0; IDs start at 1", ErrNotAnID, s)
	}
	return int64(n), nil
}

// Flag is a flag.Value holding a decimal ID:
//
//	var device decimalid.Flag
//	fs.Var(&device, "device", "NetBox device ID")
//	…
//	if device.Set { use(device.ID) }
type Flag struct {
	ID    int64
	IsSet bool // the flag was given (and valid)
}

// String returns the ID, or "" when none was given.
func (f *Flag) String() string {
	if f == nil || !f.IsSet {
		return ""
	}
	return strconv.FormatInt(f.ID, 10)
}

// Set parses s with Parse.
func (f *Flag) Set(s string) error {
	id, err := Parse(s)
	if err != nil {
		return err
	}
	f.ID, f.IsSet = id, true
	return nil
}
