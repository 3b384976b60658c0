package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// TestDecimalIDs: "--device 010" enqueues device 10 (it was device 8: Go's
// flag package reads a leading 0 as octal, 0x as hex and allows _), and an
// ID that is not decimal is a usage error, exit status 2.
func TestDecimalIDs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind string
		args []string
		want string // the target's ID
	}{
		{"agent", []string{"--device", "010"}, "agent:" + string(netbox.TypeDevice) + ":10"},
		{"agent", []string{"--vm", "0042"}, "agent:" + string(netbox.TypeVirtualMachine) + ":42"},
		{"interface", []string{"--config", "08"}, "interface:8"},
	} {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		get := targetFlags(fs, tc.kind)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		got, err := get()
		if err != nil || got.id != tc.want {
			t.Errorf("%v: target %q, %v; want %q", tc.args, got.id, err, tc.want)
		}
	}
	for _, args := range [][]string{
		{"enqueue", "agent", "--device", "0x10"},
		{"enqueue", "agent", "--device", "1_0"},
		{"enqueue", "agent", "--vm", "+3"},
		{"enqueue", "agent", "--device", "-4"},
		{"enqueue", "agent", "--device", "0"},
		{"enqueue", "agent", "--device", "9223372036854775808"},
		{"unschedule", "interface", "--config", "0o7"},
	} {
		var out, errs bytes.Buffer
		err := run(t.Context(), args, func(string) string { return "" }, &out, &errs)
		if !errors.Is(err, errUsage) || !strings.Contains(errs.String(), "not an ID") {
			t.Errorf("river %v: %v, stderr %q; want a usage error saying the value is not an ID", args, err, errs.String())
		}
	}
}
