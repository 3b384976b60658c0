package zabbix

import (
	"cmp"
	"maps"
	"strings"
)

// The host payload is built field by field, as the server's version wants
// it, rather than by encoding Host: Host's JSON names are for display, nil
// and empty mean different things in an update, and the monitoring source
// and secrets need care.

// createParams returns the host.create params of h for a server of
// version v, or an error when v cannot carry h out (nothing is sent then).
//
// Fields h leaves empty are left out (Zabbix's defaults apply), except the
// technical name, status, inventory mode and, from 7.0, the monitoring
// source, which are always sent. Everything else given is sent as given:
// when it breaks one of Zabbix's rules (PSK fields without a PSK mode,
// inventory fields with inventory disabled), the server's answer says so.
func createParams(v Version, h Host) (map[string]any, error) {
	p := map[string]any{
		"host":           h.Host,
		"status":         h.Status,
		"inventory_mode": h.InventoryMode,
	}
	setCommon(p, h)
	if h.GroupIDs != nil {
		p["groups"] = idObjects("groupid", h.GroupIDs)
	}
	if len(h.TemplateIDs) > 0 {
		p["templates"] = idObjects("templateid", h.TemplateIDs)
	}
	if len(h.Tags) > 0 {
		p["tags"] = tags(h.Tags)
	}
	if len(h.Inventory) > 0 {
		p["inventory"] = maps.Clone(h.Inventory)
	}
	if len(h.Interfaces) > 0 {
		p["interfaces"] = interfaces(v, h.Interfaces)
	}
	return p, setMonitoring(p, v, monitoring{by: h.MonitoredBy, proxyID: h.ProxyID, proxyGroupID: h.ProxyGroupID, host: h.Host}, "host.create", false)
}

// updateParams returns the host.update params of u for a server of
// version v (see HostUpdate for what it leaves alone).
func updateParams(v Version, u HostUpdate) (map[string]any, error) {
	if u.HostID == "" {
		return nil, invalid("host.update", "the update of host %q has no HostID", u.Host)
	}
	p := map[string]any{"hostid": u.HostID}
	if u.Host != "" {
		p["host"] = u.Host
	}
	if strings.TrimSpace(u.Name) != "" {
		p["name"] = u.Name
	}
	if u.Status != nil {
		p["status"] = *u.Status
	}
	if u.Description != nil {
		p["description"] = *u.Description
	}
	if u.GroupIDs != nil {
		p["groups"] = idObjects("groupid", u.GroupIDs)
	}
	if u.TemplateIDs != nil {
		p["templates"] = idObjects("templateid", u.TemplateIDs)
	}
	if len(u.TemplatesClear) > 0 {
		p["templates_clear"] = idObjects("templateid", u.TemplatesClear)
	}
	if u.Tags != nil {
		p["tags"] = tags(u.Tags)
	}
	if u.InventoryMode != nil {
		p["inventory_mode"] = *u.InventoryMode
	}
	if len(u.Inventory) > 0 {
		p["inventory"] = maps.Clone(u.Inventory)
	}
	if u.Interfaces != nil {
		p["interfaces"] = interfaces(v, u.Interfaces)
	}
	if u.TLSConnect != nil {
		p["tls_connect"] = *u.TLSConnect
	}
	if u.TLSAccept != nil {
		p["tls_accept"] = *u.TLSAccept
	}
	setPSK(p, u.TLSPSKIdentity, u.TLSPSK)
	if u.MonitoredBy == nil {
		return p, nil
	}
	return p, setMonitoring(p, v, monitoring{by: *u.MonitoredBy, proxyID: u.ProxyID, proxyGroupID: u.ProxyGroupID, host: cmp.Or(u.Host, u.HostID)}, "host.update", true)
}

// setCommon sets the fields create and update treat alike: the visible
// name, description and TLS settings, each only when given.
func setCommon(p map[string]any, h Host) {
	if strings.TrimSpace(h.Name) != "" {
		p["name"] = h.Name
	}
	if h.Description != "" {
		p["description"] = h.Description
	}
	if h.TLSConnect != 0 {
		p["tls_connect"] = h.TLSConnect
	}
	if h.TLSAccept != 0 {
		p["tls_accept"] = h.TLSAccept
	}
	setPSK(p, h.TLSPSKIdentity, h.TLSPSK)
}

// setPSK sets the PSK identity and key, each only when given.
func setPSK(p map[string]any, identity string, psk Secret) {
	if identity != "" {
		p["tls_psk_identity"] = identity
	}
	if !psk.IsZero() {
		p["tls_psk"] = psk.Reveal()
	}
}

// monitoring is a host's monitoring source as the wire needs it.
type monitoring struct {
	by                    MonitoredBy
	proxyID, proxyGroupID string
	host                  string // for errors
}

// setMonitoring puts the monitoring source on the wire. From 7.0:
// monitored_by, with proxyid only when monitored by a proxy and
// proxy_groupid only when by a proxy group. Before 7.0: proxy_hostid,
// "0" to move a host back to the server on update; a proxy group cannot be
// expressed there.
func setMonitoring(p map[string]any, v Version, m monitoring, method string, update bool) error {
	if v.HasProxyGroups() {
		p["monitored_by"] = m.by
		switch {
		case m.by == MonitoredByProxy && m.proxyID != "":
			p["proxyid"] = m.proxyID
		case m.by == MonitoredByProxyGroup && m.proxyGroupID != "":
			p["proxy_groupid"] = m.proxyGroupID
		}
		return nil
	}
	switch m.by {
	case MonitoredByServer:
		if update {
			p["proxy_hostid"] = "0"
		}
	case MonitoredByProxy:
		if m.proxyID == "" {
			return invalid(method, "host %q is monitored by a proxy but has no ProxyID", m.host)
		}
		p["proxy_hostid"] = m.proxyID
	case MonitoredByProxyGroup:
		return &VersionError{Version: v, Need: V7_0, What: "monitoring by proxy group"}
	default:
		return invalid(method, "host %q has monitored_by %d; Zabbix %s knows 0 (server) and 1 (proxy)", m.host, m.by, v)
	}
	return nil
}

func idObjects(key string, ids []string) []map[string]string {
	out := make([]map[string]string, len(ids))
	for i, id := range ids {
		out[i] = map[string]string{key: id}
	}
	return out
}

func tags(ts []Tag) []map[string]string {
	out := make([]map[string]string, len(ts))
	for i, t := range ts {
		out[i] = map[string]string{"tag": t.Tag, "value": t.Value}
	}
	return out
}

// wireInterface is a host interface as host.create and host.update take
// it.
type wireInterface struct {
	InterfaceID string         `json:"interfaceid,omitempty"`
	Type        InterfaceType  `json:"type"`
	Main        int            `json:"main"`
	UseIP       int            `json:"useip"`
	IP          string         `json:"ip"`
	DNS         string         `json:"dns"`
	Port        string         `json:"port"`
	Details     map[string]any `json:"details,omitempty"`
}

func interfaces(v Version, ins []HostInterface) []wireInterface {
	out := make([]wireInterface, len(ins))
	for i, in := range ins {
		out[i] = wireInterface{
			InterfaceID: in.InterfaceID,
			Type:        in.Type,
			Main:        in.Main,
			UseIP:       in.UseIP,
			IP:          in.IP,
			DNS:         in.DNS,
			Port:        in.Port,
		}
		if in.Type == InterfaceSNMP && in.Details != nil {
			out[i].Details = snmpDetails(v, *in.Details)
		}
	}
	return out
}

// snmpDetails returns the details of an SNMP interface: the community for
// SNMPv1/v2c; the context name (always, "" when none), security name and
// level, protocols and the passphrases given for SNMPv3; max_repetitions
// when set, from 6.4 (older servers do not have it).
func snmpDetails(v Version, d SNMPDetails) map[string]any {
	out := map[string]any{"version": d.Version, "bulk": d.Bulk}
	if d.Version == 3 {
		out["contextname"] = d.ContextName
		out["securityname"] = d.SecurityName
		out["securitylevel"] = d.SecurityLevel
		out["authprotocol"] = d.AuthProtocol
		out["privprotocol"] = d.PrivProtocol
		if !d.AuthPassphrase.IsZero() {
			out["authpassphrase"] = d.AuthPassphrase.Reveal()
		}
		if !d.PrivPassphrase.IsZero() {
			out["privpassphrase"] = d.PrivPassphrase.Reveal()
		}
	} else {
		out["community"] = d.Community.Reveal()
	}
	if d.MaxRepetitions > 0 && v.AtLeast(V6_4) {
		out["max_repetitions"] = d.MaxRepetitions
	}
	return out
}
