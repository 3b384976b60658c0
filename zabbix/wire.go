package zabbix

import (
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
		p["inventory"] = cloneInventory(h.Inventory)
	}
	if len(h.Interfaces) > 0 {
		p["interfaces"] = interfaces(v, h.Interfaces)
	}
	return p, setMonitoring(p, v, h, "host.create", false)
}

// updateParams returns the host.update params of h for a server of
// version v (see Host for what an update leaves alone).
func updateParams(v Version, h Host) (map[string]any, error) {
	if h.HostID == "" {
		return nil, invalid("host.update", "host %q has no HostID", h.Host)
	}
	p := map[string]any{
		"hostid":         h.HostID,
		"status":         h.Status,
		"inventory_mode": h.InventoryMode,
	}
	if h.Host != "" {
		p["host"] = h.Host
	}
	setCommon(p, h)
	if h.GroupIDs != nil {
		p["groups"] = idObjects("groupid", h.GroupIDs)
	}
	if h.TemplateIDs != nil {
		p["templates"] = idObjects("templateid", h.TemplateIDs)
	}
	if len(h.TemplatesClear) > 0 {
		p["templates_clear"] = idObjects("templateid", h.TemplatesClear)
	}
	if h.Tags != nil {
		p["tags"] = tags(h.Tags)
	}
	switch {
	case h.InventoryMode != InventoryDisabled && h.Inventory != nil:
		p["inventory"] = replacingInventory(h.Inventory)
	case len(h.Inventory) > 0:
		p["inventory"] = cloneInventory(h.Inventory) // for the server to refuse
	}
	if h.Interfaces != nil {
		p["interfaces"] = interfaces(v, h.Interfaces)
	}
	return p, setMonitoring(p, v, h, "host.update", true)
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
	if h.TLSPSKIdentity != "" {
		p["tls_psk_identity"] = h.TLSPSKIdentity
	}
	if !h.TLSPSK.IsZero() {
		p["tls_psk"] = h.TLSPSK.Reveal()
	}
}

// setMonitoring puts the monitoring source on the wire. From 7.0:
// monitored_by, with proxyid only when monitored by a proxy and
// proxy_groupid only when by a proxy group. Before 7.0: proxy_hostid,
// "0" to move a host back to the server on update; a proxy group cannot be
// expressed there.
func setMonitoring(p map[string]any, v Version, h Host, method string, update bool) error {
	if v.HasProxyGroups() {
		p["monitored_by"] = h.MonitoredBy
		switch {
		case h.MonitoredBy == MonitoredByProxy && h.ProxyID != "":
			p["proxyid"] = h.ProxyID
		case h.MonitoredBy == MonitoredByProxyGroup && h.ProxyGroupID != "":
			p["proxy_groupid"] = h.ProxyGroupID
		}
		return nil
	}
	switch h.MonitoredBy {
	case MonitoredByServer:
		if update {
			p["proxy_hostid"] = "0"
		}
	case MonitoredByProxy:
		if h.ProxyID == "" {
			return invalid(method, "host %q is monitored by a proxy but has no ProxyID", h.Host)
		}
		p["proxy_hostid"] = h.ProxyID
	case MonitoredByProxyGroup:
		return &VersionError{Version: v, Need: V7_0, What: "monitoring by proxy group"}
	default:
		return invalid(method, "host %q has monitored_by %d; Zabbix %s knows 0 (server) and 1 (proxy)", h.Host, h.MonitoredBy, v)
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

func cloneInventory(inv map[string]string) map[string]string {
	out := make(map[string]string, len(inv))
	for k, v := range inv {
		out[k] = v
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
		out["community"] = d.Community
	}
	if d.MaxRepetitions > 0 && v.AtLeast(V6_4) {
		out["max_repetitions"] = d.MaxRepetitions
	}
	return out
}
