package zabbix

import (
	"log/slog"

	"github.com/nbzbx/netbox-zabbix/internal/redact"
)

// Secret holds a value that must never reach logs, errors or events: an API
// token, a TLS pre-shared key, an SNMPv3 passphrase.
//
// Every way of printing or encoding a Secret shows "[redacted]" (fmt verbs,
// log/slog, encoding/json); only Reveal returns the value, and only the code
// that puts it on the wire or into a database calls it.
type Secret string

const redacted = redact.Placeholder

// Reveal returns the secret value itself.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String returns "[redacted]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString returns the same as String, so %#v does not reveal the value.
func (s Secret) GoString() string { return `zabbix.Secret("` + s.String() + `")` }

// LogValue makes slog print the redacted form.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText encodes the redacted form, so JSON and other text encodings of
// any value holding a Secret never carry the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
