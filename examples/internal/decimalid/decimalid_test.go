package decimalid_test

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/examples/internal/decimalid"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"1", 1}, {"42", 42}, {"010", 10}, {"0042", 42}, {"9223372036854775807", 9223372036854775807},
	} {
		got, err := decimalid.Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, say string }{
		{"", "empty"},
		{"0", "IDs start at 1"},
		{"000", "IDs start at 1"},
		{"0x10", `'x' at position 2`},
		{"0o10", `'o' at position 2`},
		{"0b1", `'b' at position 2`},
		{"1_0", `'_' at position 2`},
		{"+5", `'+' at position 1`},
		{"-5", `'-' at position 1`},
		{" 5", `' ' at position 1`},
		{"5 ", `' ' at position 2`},
		{"1e3", `'e' at position 2`},
		{"٣", "decimal digits only"}, // a non-ASCII digit
		{"9223372036854775808", "larger than the largest ID"},
		{"99999999999999999999999", "larger than the largest ID"},
	} {
		got, err := decimalid.Parse(tc.in)
		if !errors.Is(err, decimalid.ErrNotAnID) || got != 0 || !strings.Contains(err.Error(), tc.say) {
			t.Errorf("Parse(%q) = %d, %v; want an error saying %q", tc.in, got, err, tc.say)
		}
	}
}

// TestFlag: the case, "--device 010" is device 10, never 8.
func TestFlag(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var device, vm decimalid.Flag
	fs.Var(&device, "device", "")
	fs.Var(&vm, "vm", "")
	if err := fs.Parse([]string{"--device", "010"}); err != nil {
		t.Fatal(err)
	}
	if !device.IsSet || device.ID != 10 || vm.IsSet || device.String() != "10" || vm.String() != "" {
		t.Errorf("device %+v, vm %+v", device, vm)
	}
	err := fs.Parse([]string{"--vm", "0x10"})
	if err == nil || !strings.Contains(err.Error(), `invalid value "0x10" for flag -vm`) || vm.IsSet {
		t.Errorf("--vm 0x10: %v, vm %+v", err, vm)
	}
}
