package zabbix

import (
	"cmp"
	"slices"

	"github.com/nbzbx/netbox-zabbix/internal/redact"
)

// scrubber removes the secret values of one request (the token or session,
// the password, TLS pre-shared keys, SNMPv3 passphrases) from text the
// server sends back before that text goes into an error: Zabbix 6.0 echoes
// the values of a failed INSERT in its error data, and a proxy may echo the
// request in an error page.
type scrubber struct {
	secrets []string // longest first, so that longest() is secrets[0]
}

// add remembers secrets; empty ones are ignored.
func (s *scrubber) add(secrets ...Secret) {
	for _, x := range secrets {
		v := x.Reveal()
		if v == "" || slices.Contains(s.secrets, v) {
			continue
		}
		s.secrets = append(s.secrets, v)
	}
	slices.SortFunc(s.secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
}

// addHost remembers the secrets a host carries.
func (s *scrubber) addHost(h Host) { s.addSecrets(h.TLSPSK, h.Interfaces) }

// addUpdate remembers the secrets a host update carries.
func (s *scrubber) addUpdate(u HostUpdate) { s.addSecrets(u.TLSPSK, u.Interfaces) }

// addSecrets remembers a PSK and the SNMP passphrases of interfaces.
func (s *scrubber) addSecrets(psk Secret, ifaces []HostInterface) {
	s.add(psk)
	for _, in := range ifaces {
		if d := in.Details; d != nil {
			s.add(d.Community, d.AuthPassphrase, d.PrivPassphrase)
		}
	}
}

// clone returns a copy that can learn more secrets without changing s.
func (s *scrubber) clone() *scrubber {
	if s == nil {
		return &scrubber{}
	}
	return &scrubber{secrets: slices.Clone(s.secrets)}
}

// scrub replaces every secret in text with "[redacted]" (internal/redact:
// a secret containing another is replaced whole).
func (s *scrubber) scrub(text string) string {
	if s == nil {
		return text
	}
	return redact.String(text, s.secrets...)
}

// longest returns the length of the longest secret.
func (s *scrubber) longest() int {
	if s == nil || len(s.secrets) == 0 {
		return 0
	}
	return len(s.secrets[0])
}
