package zabbix

import (
	"bytes"
	"encoding/json"
	"maps"
)

// getParams returns host.get params reading hosts whole for a server of
// version v, selected by sel (e.g. {"hostids": [...]}).
// interfaceFields are the interface fields every read selects.
func interfaceFields() []string {
	return []string{"interfaceid", "hostid", "type", "main", "useip", "ip", "dns", "port", "details"}
}

func getParams(v Version, sel map[string]any) map[string]any {
	output := []string{"hostid", "host", "name", "status", "description", "inventory_mode", "tls_connect", "tls_accept"}
	if v.HasProxyGroups() {
		output = append(output, "monitored_by", "proxyid", "proxy_groupid")
	} else {
		output = append(output, "proxy_hostid")
	}
	p := map[string]any{
		"output":                output,
		"selectInterfaces":      interfaceFields(),
		"selectParentTemplates": []string{"templateid"},
		"selectTags":            []string{"tag", "value"},
		"selectInventory":       "extend",
	}
	// 6.2 split host groups from template groups; 7.2 removed selectGroups.
	if v.AtLeast(V6_2) {
		p["selectHostGroups"] = []string{"groupid"}
	} else {
		p["selectGroups"] = []string{"groupid"}
	}
	maps.Copy(p, sel)
	return p
}

// briefParams returns host.get params reading hosts' IDs, names, status
// and tags only, selected by sel.
func briefParams(_ Version, sel map[string]any) map[string]any {
	p := map[string]any{
		"output":     []string{"hostid", "host", "name", "status"},
		"selectTags": []string{"tag", "value"},
	}
	maps.Copy(p, sel)
	return p
}

// readHost is a host as host.get returns it, from any version.
type readHost struct {
	HostID        flexString      `json:"hostid"`
	Host          string          `json:"host"`
	Name          string          `json:"name"`
	Status        flexInt         `json:"status"`
	Description   string          `json:"description"`
	InventoryMode flexInt         `json:"inventory_mode"`
	TLSConnect    flexInt         `json:"tls_connect"`
	TLSAccept     flexInt         `json:"tls_accept"`
	ProxyHostID   flexString      `json:"proxy_hostid"` // before 7.0
	MonitoredBy   flexInt         `json:"monitored_by"` // from 7.0
	ProxyID       flexString      `json:"proxyid"`
	ProxyGroupID  flexString      `json:"proxy_groupid"`
	Interfaces    []readInterface `json:"interfaces"`
	Templates     []readID        `json:"parentTemplates"`
	HostGroups    []readID        `json:"hostgroups"` // from 6.2
	Groups        []readID        `json:"groups"`     // before 6.2
	Tags          []Tag           `json:"tags"`
	Inventory     readInventory   `json:"inventory"`
}

type readID struct {
	GroupID    flexString `json:"groupid"`
	TemplateID flexString `json:"templateid"`
}

// readInterface is a host interface as host.get returns it.
type readInterface struct {
	InterfaceID flexString      `json:"interfaceid"`
	HostID      flexString      `json:"hostid"`
	Type        flexInt         `json:"type"`
	Main        flexInt         `json:"main"`
	UseIP       flexInt         `json:"useip"`
	IP          string          `json:"ip"`
	DNS         string          `json:"dns"`
	Port        flexString      `json:"port"`
	Details     json.RawMessage `json:"details"` // [] for non-SNMP interfaces
}

// readDetails are SNMP details as host.get returns them.
type readDetails struct {
	Version        flexInt `json:"version"`
	Bulk           flexInt `json:"bulk"`
	Community      string  `json:"community"`
	MaxRepetitions flexInt `json:"max_repetitions"`
	ContextName    string  `json:"contextname"`
	SecurityName   string  `json:"securityname"`
	SecurityLevel  flexInt `json:"securitylevel"`
	AuthProtocol   flexInt `json:"authprotocol"`
	AuthPassphrase string  `json:"authpassphrase"`
	PrivProtocol   flexInt `json:"privprotocol"`
	PrivPassphrase string  `json:"privpassphrase"`
}

// readInventory is the inventory object, or the empty array Zabbix
// returns when inventory is disabled.
type readInventory map[string]string

func (inv *readInventory) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		*inv = nil // [] (disabled) or null
		return nil
	}
	out := make(readInventory)
	keep := func(k string, v flexString) {
		if v != "" && k != "hostid" && k != "inventory_mode" {
			out[k] = string(v)
		}
	}
	// Of the 70-odd fields Zabbix sends, most are empty: a flat object of
	// strings is read without a map of all of them; anything else the
	// general way.
	if !scanFlat(b, keep) {
		clear(out)
		var m map[string]flexString
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		for k, v := range m {
			keep(k, v)
		}
	}
	*inv = out
	return nil
}

// scanFlat calls f with each member of b, a JSON object whose members are
// all strings without escapes (encoding/json has checked b is valid JSON).
// It returns false, having perhaps called f for some members, when b is
// not such an object.
func scanFlat(b []byte, f func(k string, v flexString)) bool {
	i := 1 // after '{'
	str := func() ([]byte, bool) {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		end := bytes.IndexByte(b[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		s := b[i+1 : i+1+end]
		if bytes.IndexByte(s, '\\') >= 0 {
			return nil, false
		}
		i += end + 2
		return s, true
	}
	sep := func(want byte) bool {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i < len(b) && b[i] == want {
			i++
			return true
		}
		return false
	}
	if sep('}') {
		return true
	}
	for {
		k, ok := str()
		if !ok || !sep(':') {
			return false
		}
		v, ok := str()
		if !ok {
			return false
		}
		if len(v) > 0 {
			f(string(k), flexString(v))
		}
		if sep('}') {
			return true
		}
		if !sep(',') {
			return false
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// host converts r to a Host: IDs as strings, the monitoring source in 7.0
// terms whatever the version, only non-empty inventory fields, details for
// SNMP interfaces only.
func (r readHost) host(v Version) Host {
	h := Host{
		HostID:        string(r.HostID),
		Host:          r.Host,
		Name:          r.Name,
		Status:        Status(r.Status),
		Description:   r.Description,
		InventoryMode: InventoryMode(r.InventoryMode),
		TLSConnect:    TLSMode(r.TLSConnect),
		TLSAccept:     TLSMode(r.TLSAccept),
	}
	if v.HasProxyGroups() {
		h.MonitoredBy = MonitoredBy(r.MonitoredBy)
		switch h.MonitoredBy {
		case MonitoredByProxy:
			h.ProxyID = r.ProxyID.id()
		case MonitoredByProxyGroup:
			h.ProxyGroupID = r.ProxyGroupID.id()
		}
	} else if id := r.ProxyHostID.id(); id != "" {
		h.MonitoredBy, h.ProxyID = MonitoredByProxy, id
	}
	groups := r.HostGroups
	if !v.AtLeast(V6_2) {
		groups = r.Groups
	}
	for _, g := range groups {
		h.GroupIDs = append(h.GroupIDs, string(g.GroupID))
	}
	for _, t := range r.Templates {
		h.TemplateIDs = append(h.TemplateIDs, string(t.TemplateID))
	}
	h.Tags = append(h.Tags, r.Tags...)
	if len(r.Inventory) > 0 {
		h.Inventory = map[string]string(r.Inventory)
	}
	for _, in := range r.Interfaces {
		h.Interfaces = append(h.Interfaces, in.iface(h.HostID))
	}
	return h
}

func (in readInterface) iface(hostID string) HostInterface {
	out := HostInterface{
		InterfaceID: string(in.InterfaceID),
		HostID:      string(in.HostID),
		Type:        InterfaceType(in.Type),
		Main:        int(in.Main),
		UseIP:       int(in.UseIP),
		IP:          in.IP,
		DNS:         in.DNS,
		Port:        string(in.Port),
	}
	if out.HostID == "" {
		out.HostID = hostID
	}
	d := bytes.TrimSpace(in.Details)
	if out.Type != InterfaceSNMP || len(d) == 0 || d[0] != '{' {
		return out
	}
	var rd readDetails
	if json.Unmarshal(d, &rd) != nil {
		return out
	}
	out.Details = &SNMPDetails{
		Version:        int(rd.Version),
		Bulk:           int(rd.Bulk),
		Community:      Secret(rd.Community),
		MaxRepetitions: int(rd.MaxRepetitions),
		ContextName:    rd.ContextName,
		SecurityName:   rd.SecurityName,
		SecurityLevel:  int(rd.SecurityLevel),
		AuthProtocol:   int(rd.AuthProtocol),
		AuthPassphrase: Secret(rd.AuthPassphrase),
		PrivProtocol:   int(rd.PrivProtocol),
		PrivPassphrase: Secret(rd.PrivPassphrase),
	}
	return out
}
