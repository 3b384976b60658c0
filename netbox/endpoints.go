package netbox

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// endpoint is a NetBox REST endpoint the client reads.
type endpoint struct {
	t          ObjectType
	path       string // under /api/, without slashes: "dcim/devices"
	permission string // the view permission it needs: "dcim.view_device"
	// configContext is true for models whose API renders config_context.
	configContext bool
}

var endpoints = []endpoint{
	{TypeDevice, "dcim/devices", "dcim.view_device", true},
	{TypeVirtualMachine, "virtualization/virtual-machines", "virtualization.view_virtualmachine", true},
	{TypeIPAddress, "ipam/ip-addresses", "ipam.view_ipaddress", false},
	{TypeInterface, "dcim/interfaces", "dcim.view_interface", false},
	{TypeVMInterface, "virtualization/interfaces", "virtualization.view_vminterface", false},
}

func endpointOf(t ObjectType) (endpoint, bool) {
	for _, e := range endpoints {
		if e.t == t {
			return e, true
		}
	}
	return endpoint{}, false
}

// redactURL renders u for errors and logs: no user info, no fragment, and
// query values other than the ones the client itself sends (id, limit,
// offset, exclude, brief, fields) replaced by "[redacted]"; a long ID list
// is cut to its first three IDs.
func redactURL(u *url.URL) string {
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteString("://")
	}
	b.WriteString(u.Host)
	b.WriteString(u.EscapedPath())
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || len(q) == 0 {
		if u.RawQuery != "" && err != nil {
			b.WriteString("?[redacted]")
		}
		return b.String()
	}
	sep := "?"
	for _, k := range slices.Sorted(maps.Keys(q)) {
		vals := q[k]
		switch k {
		case "id", "limit", "offset", "exclude", "brief", "fields":
		default:
			vals = []string{"[redacted]"}
		}
		for i, v := range vals {
			if i == 3 {
				fmt.Fprintf(&b, "%s…(%d more)", sep, len(vals)-3)
				break
			}
			b.WriteString(sep)
			b.WriteString(url.QueryEscape(k))
			b.WriteString("=")
			if v == "[redacted]" {
				b.WriteString(v)
			} else {
				b.WriteString(url.QueryEscape(v))
			}
			sep = "&"
		}
	}
	return b.String()
}
