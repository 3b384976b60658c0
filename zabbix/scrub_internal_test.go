package zabbix

import "testing"

// TestScrubberOverlapping: a secret that contains another, or that is part
// of "[redacted]", never leaves a piece of a secret or a mangled
// placeholder, whatever the order the secrets were learnt in.
func TestScrubberOverlapping(t *testing.T) {
	t.Parallel()
	s := &scrubber{}
	s.add("act")      // a password that is part of "[redacted]"
	s.add("abcdEFGH") // a PSK
	s.add("abcd")     // a session that is the PSK's prefix
	got := s.scrub(`SQL statement execution has failed "… 'abcdEFGH' … 'act' … 'abcd'"`)
	want := `SQL statement execution has failed "… '[redacted]' … '[redacted]' … '[redacted]'"`
	if got != want {
		t.Errorf("scrub = %q\nwant    %q", got, want)
	}
}
