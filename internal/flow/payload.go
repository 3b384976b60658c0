package flow

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// maxHostName is the longest technical host name Zabbix accepts.
const maxHostName = 128

// HostName turns a NetBox name into a valid Zabbix technical host name.
// Zabbix accepts ASCII letters, digits, space, '.', '-' and '_', at most
// 128 of them. A name that is valid as it is (surrounding spaces aside)
// stays as it is. Any other name has its other characters replaced by '_'
// and is cut to fit, and gets "-" and 8 hexadecimal digits of a hash of the
// whole NetBox name appended, so that two NetBox names that read alike
// once replaced ("café/core 1" and "caf_/core 1") never get the same Zabbix
// name. An empty name stays empty.
func HostName(name string) string {
	name = strings.TrimSpace(name)
	out := make([]byte, 0, len(name))
	changed := false
	for _, r := range name {
		if r < 0x80 && validHostByte(byte(r)) {
			out = append(out, byte(r))
		} else {
			out = append(out, '_')
			changed = true
		}
	}
	if !changed && len(out) <= maxHostName {
		return string(out)
	}
	sum := sha256.Sum256([]byte(name))
	suffix := "-" + hex.EncodeToString(sum[:4])
	if len(out) > maxHostName-len(suffix) {
		out = out[:maxHostName-len(suffix)]
	}
	return strings.TrimSpace(string(out)) + suffix
}

func validHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == ' ' || c == '.' || c == '-' || c == '_'
}

// ConfigUpdate returns the host.update that brings the host current in
// line with the config hc: its status, description, groups, templates,
// monitoring source and every interface (linked ones by interface ID, the
// others as new). Templates of current that the config no longer has go in
// TemplatesClear. Names, tags, inventory and TLS are not part of a host
// config and are left as they are.
func ConfigUpdate(hc store.HostConfig, current zabbix.Host) zabbix.HostUpdate {
	u := zabbix.HostUpdate{
		HostID:      hc.HostID,
		Status:      &hc.Status,
		Description: &hc.Description,
		GroupIDs:    GroupIDs(hc.HostGroups),
		TemplateIDs: TemplateIDs(hc.Templates),
		Interfaces:  Interfaces(hc),
	}
	by, proxy, group := Monitoring(hc)
	u.MonitoredBy, u.ProxyID, u.ProxyGroupID = &by, proxy, group
	for _, id := range current.TemplateIDs {
		if !slices.Contains(u.TemplateIDs, id) {
			u.TemplatesClear = append(u.TemplatesClear, id)
		}
	}
	return u
}

// Interfaces returns the Zabbix interfaces of a host config, in order:
// linked ones with their interface ID, the others without.
func Interfaces(hc store.HostConfig) []zabbix.HostInterface {
	out := make([]zabbix.HostInterface, 0, len(hc.Interfaces))
	for _, in := range hc.Interfaces {
		out = append(out, Interface(in))
	}
	return out
}

// Interface returns the Zabbix interface of one config interface.
func Interface(in store.Interface) zabbix.HostInterface {
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
	return z
}

// Monitoring returns the config's monitoring source: the proxy only when
// monitored by proxy, the proxy group only when by proxy group.
func Monitoring(hc store.HostConfig) (by zabbix.MonitoredBy, proxyID, proxyGroupID string) {
	switch {
	case hc.MonitoredBy == zabbix.MonitoredByProxy && hc.Proxy != nil:
		proxyID = hc.Proxy.ProxyID
	case hc.MonitoredBy == zabbix.MonitoredByProxyGroup && hc.ProxyGroup != nil:
		proxyGroupID = hc.ProxyGroup.ProxyGroupID
	}
	return hc.MonitoredBy, proxyID, proxyGroupID
}

// SetTLS copies the TLS settings into h; the PSK identity and key go only
// with a mode that uses PSK, as Zabbix requires.
func SetTLS(h *zabbix.Host, s store.Settings) {
	h.TLSConnect = s.TLSConnect
	h.TLSAccept = s.TLSAccept
	if s.UsesPSK() {
		h.TLSPSKIdentity = s.TLSPSKIdentity
		h.TLSPSK = s.TLSPSK
	}
}

// GroupIDs returns the IDs of host groups, leaving out those without one
// (in a dry run, groups the run would create).
func GroupIDs(gs []zabbix.HostGroup) []string {
	ids := make([]string, 0, len(gs))
	for _, g := range gs {
		if g.GroupID != "" { // a group a dry run would create
			ids = append(ids, g.GroupID)
		}
	}
	return ids
}

// TemplateIDs returns the IDs of templates.
func TemplateIDs(ts []zabbix.Template) []string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.TemplateID
	}
	return ids
}
