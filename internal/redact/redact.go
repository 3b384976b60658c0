// Package redact removes secret values from text before the text goes into
// an error, a log record or an event. It is the module's one scrubber:
// eventlog.Redact, the Zabbix client and the NetBox client all use it.
package redact

import "strings"

// Placeholder is what a secret is replaced with.
const Placeholder = "[redacted]"

// String returns text with every occurrence of every non-empty secret
// replaced by Placeholder.
//
// Longer secrets win over shorter ones, whatever the order they are given
// in: a secret that contains another (a token and its secret part, a PSK
// and a password that is its prefix) is replaced whole, never as the
// shorter one plus a visible rest. Occurrences are found in the original
// text, so a secret that happens to be part of "[redacted]" cannot match
// the placeholder of another; occurrences that overlap or touch are
// replaced by one placeholder.
func String(text string, secrets ...string) string {
	if text == "" {
		return text
	}
	var covered []bool // covered[i]: byte i belongs to an occurrence of a secret
	for _, s := range secrets {
		if s == "" || len(s) > len(text) {
			continue
		}
		for from := 0; ; {
			i := strings.Index(text[from:], s)
			if i < 0 {
				break
			}
			if covered == nil {
				covered = make([]bool, len(text))
			}
			start := from + i
			for j := start; j < start+len(s); j++ {
				covered[j] = true
			}
			from = start + 1 // overlapping occurrences of s count too
		}
	}
	if covered == nil {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if !covered[i] {
			j := i
			for j < len(text) && !covered[j] {
				j++
			}
			b.WriteString(text[i:j])
			i = j
			continue
		}
		b.WriteString(Placeholder)
		for i < len(text) && covered[i] {
			i++
		}
	}
	return b.String()
}

// Longest returns the length in bytes of the longest secret: how far past
// a cut an occurrence that crosses the cut may reach.
func Longest(secrets ...string) int {
	n := 0
	for _, s := range secrets {
		n = max(n, len(s))
	}
	return n
}
