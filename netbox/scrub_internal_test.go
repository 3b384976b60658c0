package netbox

import "testing"

// TestScrubOverlapping: a v2 token and its secret part are both secrets;
// the whole token is replaced whichever comes first, and nothing of it
// stays.
func TestScrubOverlapping(t *testing.T) {
	t.Parallel()
	token := "nbt_abcdef123456.0123456789secretpart"
	for _, secrets := range [][]string{tokenSecrets(token), {"0123456789secretpart", token}} {
		got := scrub("Authorization: Bearer "+token, secrets)
		if want := "Authorization: Bearer [redacted]"; got != want {
			t.Errorf("scrub with %d secrets = %q, want %q", len(secrets), got, want)
		}
		if got := excerpt([]byte("echo "+token), secrets); got != "echo [redacted]" {
			t.Errorf("excerpt = %q, want %q", got, "echo [redacted]")
		}
	}
}
