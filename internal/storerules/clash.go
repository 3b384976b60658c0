// Package storerules holds the rules every store backend enforces the
// same way, so that their texts agree.
package storerules

import (
	"fmt"

	"github.com/nbzbx/netbox-zabbix/store"
)

// Clash describes how c breaks a uniqueness rule of the store against
// other (one config per object, unique names, unique non-empty host IDs),
// naming other by who() — e.g. `name "z-web" is taken by host config 3` —
// or returns "" when it breaks none. who is called only on a clash.
func Clash(c, other store.HostConfig, who func() string) string {
	switch {
	case c.Object == other.Object:
		return fmt.Sprintf("%s already has %s", c.Object, who())
	case c.Name == other.Name:
		return fmt.Sprintf("name %q is taken by %s", c.Name, who())
	case c.HostID != "" && c.HostID == other.HostID:
		return fmt.Sprintf("Zabbix host ID %q is taken by %s", c.HostID, who())
	}
	return ""
}
