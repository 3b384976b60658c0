package zabbix

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Zabbix API version as apiinfo.version reports it ("7.0.22").
type Version struct {
	Major, Minor, Patch int
}

// The oldest version the library speaks, and the versions whose API changes
// it follows (see the package documentation).
var (
	V6_0 = Version{6, 0, 0}
	V6_2 = Version{6, 2, 0}
	V6_4 = Version{6, 4, 0}
	V7_0 = Version{7, 0, 0}
	V7_2 = Version{7, 2, 0}
	V7_4 = Version{7, 4, 0}
)

// ParseVersion parses "7.0.22" (a missing patch is 0).
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("zabbix: version %q is not major.minor[.patch]", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Version{}, fmt.Errorf("zabbix: version %q is not major.minor[.patch]", s)
		}
		n[i] = v
	}
	return Version{n[0], n[1], n[2]}, nil
}

// String renders v as "7.0.22".
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Compare returns -1, 0 or +1 as v is older than, equal to, or newer than w.
func (v Version) Compare(w Version) int {
	switch {
	case v.Major != w.Major:
		return sign(v.Major - w.Major)
	case v.Minor != w.Minor:
		return sign(v.Minor - w.Minor)
	}
	return sign(v.Patch - w.Patch)
}

// AtLeast reports whether v is w or newer.
func (v Version) AtLeast(w Version) bool { return v.Compare(w) >= 0 }

// HasProxyGroups reports whether the server knows monitored_by, proxyid and
// proxy groups (7.0 and later); older servers take proxy_hostid.
func (v Version) HasProxyGroups() bool { return v.AtLeast(V7_0) }

func sign(d int) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}
