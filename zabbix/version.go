package zabbix

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Zabbix API version as apiinfo.version reports it ("7.0.22"),
// encoded as major×1,000,000 + minor×1,000 + patch so that versions compare
// with < and >= and can be constants. The zero Version means "unknown".
type Version uint32

// The oldest version the library speaks, and the versions whose API changes
// it follows (see the package documentation).
const (
	V6_0 Version = 6_000_000
	V6_2 Version = 6_002_000
	V6_4 Version = 6_004_000
	V7_0 Version = 7_000_000
	V7_2 Version = 7_002_000
	V7_4 Version = 7_004_000
)

// makeVersion returns the version major.minor.patch.
func makeVersion(major, minor, patch int) Version {
	return Version(major*1_000_000 + minor*1_000 + patch)
}

// ParseVersion parses "7.0.22" (a missing patch is 0).
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("zabbix: version %q is not major.minor[.patch]", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > 999 {
			return 0, fmt.Errorf("zabbix: version %q is not major.minor[.patch]", s)
		}
		n[i] = v
	}
	return makeVersion(n[0], n[1], n[2]), nil
}

// Major, Minor and Patch return the parts of v.
func (v Version) Major() int { return int(v / 1_000_000) }

// Minor returns the minor part of v.
func (v Version) Minor() int { return int(v / 1_000 % 1_000) }

// Patch returns the patch part of v.
func (v Version) Patch() int { return int(v % 1_000) }

// String renders v as "7.0.22".
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major(), v.Minor(), v.Patch()) }

// AtLeast reports whether v is w or newer.
func (v Version) AtLeast(w Version) bool { return v >= w }

// HasProxyGroups reports whether the server knows monitored_by, proxyid and
// proxy groups (7.0 and later); older servers take proxy_hostid.
func (v Version) HasProxyGroups() bool { return v >= V7_0 }
