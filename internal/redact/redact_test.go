package redact_test

import (
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/internal/redact"
)

func TestString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		text    string
		secrets []string
		want    string
	}{
		{"none", "nothing secret", nil, "nothing secret"},
		{"empty secrets ignored", "abc", []string{"", ""}, "abc"},
		{"one", `SQL failed "INSERT ... 'sekrit-psk' ... 'pass'"`, []string{"sekrit-psk", "", "pass"},
			`SQL failed "INSERT ... '[redacted]' ... '[redacted]'"`},
		// Were the shorter secret replaced first,
		// "EFGH" would stay visible.
		{"prefix given first", "token abcdEFGH end", []string{"abcd", "abcdEFGH"}, "token [redacted] end"},
		{"prefix given last", "token abcdEFGH end", []string{"abcdEFGH", "abcd"}, "token [redacted] end"},
		{"nested in the middle", "x 12secret34 y", []string{"secret", "12secret34"}, "x [redacted] y"},
		{"suffix", "v2 nbt_key.s3cretpart", []string{"s3cretpart", "nbt_key.s3cretpart"}, "v2 [redacted]"},
		{"overlapping, neither contains the other", "xxabcdEFGHyy", []string{"xxabcd", "cdEFGHyy"}, "[redacted]"},
		{"overlapping occurrences of one secret", "aaaa-b", []string{"aaa"}, "[redacted]-b"},
		{"adjacent occurrences", "k1k2 k1", []string{"k1", "k2"}, "[redacted] [redacted]"},
		{"secret inside the placeholder", "pw=red; tok=T0KEN", []string{"T0KEN", "red", "act"}, "pw=[redacted]; tok=[redacted]"},
		// In the original text a secret is removed wherever it is, even
		// inside a literal "[redacted]".
		{"text holds the placeholder", "[redacted] act", []string{"act"}, "[red[redacted]ed] [redacted]"},
		{"longer than text", "ab", []string{"abc"}, "ab"},
		{"multibyte", "clé=ünïcødé!", []string{"ünïcødé"}, "clé=[redacted]!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := redact.String(tc.text, tc.secrets...)
			if got != tc.want {
				t.Errorf("String(%q, %q) = %q, want %q", tc.text, tc.secrets, got, tc.want)
			}
			for _, s := range tc.secrets {
				if s != "" && strings.Contains(got, s) && !strings.Contains(redact.Placeholder, s) {
					t.Errorf("secret %q survives in %q", s, got)
				}
			}
		})
	}
}

func TestLongest(t *testing.T) {
	t.Parallel()
	if got := redact.Longest("a", "", "abcd", "ab"); got != 4 {
		t.Errorf("Longest = %d, want 4", got)
	}
	if got := redact.Longest(); got != 0 {
		t.Errorf("Longest() = %d, want 0", got)
	}
}

// FuzzString: no secret survives, whatever the text and the secrets.
func FuzzString(f *testing.F) {
	f.Add("token abcdEFGH end", "abcd", "abcdEFGH")
	f.Add("[redacted]", "red", "act")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		got := redact.String(text, a, b)
		for _, s := range []string{a, b} {
			if s == "" || strings.Contains(redact.Placeholder, s) {
				continue
			}
			// A secret may reappear only by being spelled by placeholders
			// and untouched text around them; check the untouched parts.
			for _, part := range strings.Split(got, redact.Placeholder) {
				if strings.Contains(part, s) {
					t.Fatalf("String(%q, %q, %q) = %q: %q survives", text, a, b, got, s)
				}
			}
		}
	})
}
