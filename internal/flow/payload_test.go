package flow_test

import (
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
)

func TestHostName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"web-01":                 "web-01",
		"web_01.example.net":     "web_01.example.net",
		"  padded  ":             "padded",
		"":                       "",
		strings.Repeat("x", 128): strings.Repeat("x", 128),
	} {
		if got := flow.HostName(in); got != want {
			t.Errorf("HostName(%q) = %q, want %q", in, got, want)
		}
	}
	// Names Zabbix refuses are replaced, and marked with a hash of the
	// NetBox name so that names alike once replaced stay apart.
	for in, prefix := range map[string]string{
		"a/b":                    "a_b-",
		"café-1":                 "caf_-1-",
		"日本":                     "__-",
		"café/core 1":            "caf__core 1-",
		"caf_/core 1":            "caf__core 1-",
		strings.Repeat("x", 200): strings.Repeat("x", 119) + "-",
	} {
		got := flow.HostName(in)
		if !strings.HasPrefix(got, prefix) || len(got) != len(prefix)+8 || len(got) > 128 {
			t.Errorf("HostName(%q) = %q, want %q and 8 hex digits", in, got, prefix)
		}
		if again := flow.HostName(in); again != got {
			t.Errorf("HostName(%q) is %q, then %q", in, got, again)
		}
	}
	if a, b := flow.HostName("café/core 1"), flow.HostName("caf_/core 1"); a == b {
		t.Errorf("café/core 1 and caf_/core 1 both become %q", a)
	}
	if a, b := flow.HostName(strings.Repeat("x", 200)), flow.HostName(strings.Repeat("x", 201)); a == b {
		t.Errorf("two long names both become %q", a)
	}
}
