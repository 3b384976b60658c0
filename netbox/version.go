package netbox

import (
	"strconv"
	"strings"
)

// noteVersion keeps the API version NetBox names in the API-Version header
// of every answer ("4.5"; "3.7"). An answer without one (a proxy's) leaves
// what is known.
func (c *Client) noteVersion(header string) {
	if v := parseAPIVersion(header); v > 0 {
		c.apiVersion.Store(v)
	}
}

// parseAPIVersion turns "4.5" (or "4.5.10") into 4005; anything else gives 0.
func parseAPIVersion(h string) int32 {
	major, rest, ok := strings.Cut(strings.TrimSpace(h), ".")
	minor, _, _ := strings.Cut(rest, ".")
	a, err1 := strconv.ParseInt(major, 10, 16)
	b, err2 := strconv.ParseInt(minor, 10, 16)
	if !ok || err1 != nil || err2 != nil || a <= 0 || b < 0 || b > 999 {
		return 0
	}
	return int32(a*1000 + b)
}

// selectsFields reports whether a read may send "fields=": NetBox 4.0 and
// later send only the fields named. NetBox 3.7 and earlier ignore the
// parameter, as they ignore every query parameter they do not know, and
// send every field; so it is sent until the first answer names the
// version, and from then on only to NetBox 4.0 and later. No request is
// spent learning the version.
func (c *Client) selectsFields() bool {
	v := c.apiVersion.Load()
	return v == 0 || v >= 4000
}
