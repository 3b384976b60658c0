package netbox

import (
	"errors"
	"strings"
)

// tokenVersion is the form of a NetBox API token.
type tokenVersion int

const (
	// tokenV1 is a legacy token: 40 letters or digits (hexadecimal before
	// NetBox 4.5), sent as "Authorization: Token <token>".
	tokenV1 tokenVersion = 1
	// tokenV2 is a NetBox 4.5+ token: "nbt_" + a 12-character key + "." +
	// the secret, sent as "Authorization: Bearer <token>".
	tokenV2 tokenVersion = 2
)

const (
	v2Prefix    = "nbt_"
	v1Length    = 40
	v2KeyLength = 12
)

// errTokenForm explains the accepted token forms. It never holds the
// token.
var errTokenForm = errors.New(`the token must be a v1 token (40 letters or digits, sent as "Authorization: Token <token>") ` +
	`or a v2 token of NetBox 4.5 and later ("nbt_<12-character key>.<secret>", sent as "Authorization: Bearer <token>")`)

// parseToken tells the version of token (surrounding white space removed)
// and returns the Authorization header value for it. Its errors say what
// is wrong without quoting the token.
func parseToken(token string) (tokenVersion, string, error) {
	token = strings.TrimSpace(token)
	if rest, ok := strings.CutPrefix(token, v2Prefix); ok {
		key, secret, found := strings.Cut(rest, ".")
		switch {
		case !found:
			return 0, "", errors.New("netbox: config: Token starts with nbt_ but has no '.' between key and secret; " + errTokenForm.Error())
		case len(key) != v2KeyLength || !alnum(key):
			return 0, "", errors.New("netbox: config: the key of the v2 Token (between nbt_ and '.') is not 12 letters or digits; " + errTokenForm.Error())
		case secret == "" || !visibleASCII(secret):
			return 0, "", errors.New("netbox: config: the secret of the v2 Token (after '.') is empty or holds characters other than visible ASCII; " + errTokenForm.Error())
		}
		return tokenV2, "Bearer " + token, nil
	}
	if len(token) == v1Length && alnum(token) {
		return tokenV1, "Token " + token, nil
	}
	return 0, "", errors.New("netbox: config: " + errTokenForm.Error())
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// redactToken is how a token is shown: its form, never its value.
func redactToken(token string) string {
	if token == "" {
		return `""`
	}
	switch v, _, err := parseToken(token); {
	case err != nil:
		return "[redacted]"
	case v == tokenV2:
		return "[redacted v2 token]"
	default:
		return "[redacted v1 token]"
	}
}

// secrets returns the strings that must never appear in an error or a
// log: the token and its secret part.
func tokenSecrets(token string) []string {
	token = strings.TrimSpace(token)
	out := []string{token}
	if rest, ok := strings.CutPrefix(token, v2Prefix); ok {
		if _, secret, ok := strings.Cut(rest, "."); ok && len(secret) >= 8 {
			out = append(out, secret)
		}
	}
	return out
}
