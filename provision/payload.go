package provision

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// maxHostName is the longest technical host name Zabbix accepts.
const maxHostName = 128

// HostName turns a NetBox name into a valid Zabbix technical host name:
// characters other than ASCII letters, digits, space, '.', '-' and '_'
// become '_', surrounding spaces go, and the result is cut to 128 bytes.
func HostName(name string) string {
	out := make([]byte, 0, len(name))
	for _, r := range strings.TrimSpace(name) {
		if r < 0x80 && validHostByte(byte(r)) {
			out = append(out, byte(r))
		} else {
			out = append(out, '_')
		}
	}
	if len(out) > maxHostName {
		out = out[:maxHostName]
	}
	return strings.TrimSpace(string(out))
}

func validHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == ' ' || c == '.' || c == '-' || c == '_'
}

// HostPayload returns the host.update payload built from a host config: its
// status, description, groups, templates, monitoring source and every
// interface (linked ones by interface ID, the others as new). Templates of
// current that the config no longer has go in TemplatesClear; the inventory
// mode is kept as current has it. Tags, inventory and TLS are not part of a
// host config and are left as they are.
func HostPayload(hc store.HostConfig, current zabbix.Host) zabbix.Host {
	h := zabbix.Host{
		HostID:        hc.HostID,
		Status:        hc.Status,
		Description:   hc.Description,
		GroupIDs:      groupIDs(hc.HostGroups),
		TemplateIDs:   templateIDs(hc.Templates),
		InventoryMode: current.InventoryMode,
		Interfaces:    Interfaces(hc),
	}
	setMonitoring(&h, hc)
	for _, id := range current.TemplateIDs {
		if !slices.Contains(h.TemplateIDs, id) {
			h.TemplatesClear = append(h.TemplatesClear, id)
		}
	}
	return h
}

// Interfaces returns the Zabbix interfaces of a host config, in order:
// linked ones with their interface ID, the others without.
func Interfaces(hc store.HostConfig) []zabbix.HostInterface {
	out := make([]zabbix.HostInterface, 0, len(hc.Interfaces))
	for _, in := range hc.Interfaces {
		z := zabbix.HostInterface{
			InterfaceID: in.InterfaceID,
			Type:        in.Type,
			Main:        in.Main,
			UseIP:       in.UseIP,
			IP:          in.IP,
			DNS:         in.DNSName,
			Port:        strconv.Itoa(in.Port),
		}
		if in.SNMP != nil {
			z.Details = &zabbix.SNMPDetails{
				Version:        in.SNMP.Version,
				Bulk:           in.SNMP.Bulk,
				Community:      in.SNMP.Community,
				MaxRepetitions: in.SNMP.MaxRepetitions,
				ContextName:    in.SNMP.ContextName,
				SecurityName:   in.SNMP.SecurityName,
				SecurityLevel:  in.SNMP.SecurityLevel,
				AuthProtocol:   in.SNMP.AuthProtocol,
				AuthPassphrase: in.SNMP.AuthPassphrase,
				PrivProtocol:   in.SNMP.PrivProtocol,
				PrivPassphrase: in.SNMP.PrivPassphrase,
			}
		}
		out = append(out, z)
	}
	return out
}

// setMonitoring copies the config's monitoring source into h: the proxy
// only when monitored by proxy, the proxy group only when by proxy group.
func setMonitoring(h *zabbix.Host, hc store.HostConfig) {
	h.MonitoredBy = hc.MonitoredBy
	switch {
	case hc.MonitoredBy == zabbix.MonitoredByProxy && hc.Proxy != nil:
		h.ProxyID = hc.Proxy.ProxyID
	case hc.MonitoredBy == zabbix.MonitoredByProxyGroup && hc.ProxyGroup != nil:
		h.ProxyGroupID = hc.ProxyGroup.ProxyGroupID
	}
}

// setTLS copies the TLS settings into h; the PSK identity and key go only
// with a mode that uses PSK, as Zabbix requires.
func setTLS(h *zabbix.Host, s store.Settings) {
	h.TLSConnect = s.TLSConnect
	h.TLSAccept = s.TLSAccept
	if s.UsesPSK() {
		h.TLSPSKIdentity = s.TLSPSKIdentity
		h.TLSPSK = s.TLSPSK
	}
}

func groupIDs(gs []zabbix.HostGroup) []string {
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.GroupID
	}
	return ids
}

func templateIDs(ts []zabbix.Template) []string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.TemplateID
	}
	return ids
}
