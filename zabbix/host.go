package zabbix

import "slices"

// InterfaceType is the type of a Zabbix host interface.
type InterfaceType int

// Host interface types, as Zabbix numbers them.
const (
	InterfaceAgent InterfaceType = 1
	InterfaceSNMP  InterfaceType = 2
	InterfaceIPMI  InterfaceType = 3
	InterfaceJMX   InterfaceType = 4
)

// String returns the name Zabbix uses in its messages ("agent", "SNMP").
func (t InterfaceType) String() string {
	switch t {
	case InterfaceAgent:
		return "agent"
	case InterfaceSNMP:
		return "SNMP"
	case InterfaceIPMI:
		return "IPMI"
	case InterfaceJMX:
		return "JMX"
	}
	return "unknown"
}

// Monitoring sources of a host (monitored_by; Zabbix 7.0 names).
const (
	MonitoredByServer     = 0
	MonitoredByProxy      = 1
	MonitoredByProxyGroup = 2
)

// TLS connection modes (tls_connect; tls_accept is a bit mask of them).
const (
	TLSNone = 1
	TLSPSK  = 2
	TLSCert = 4
)

// Inventory modes.
const (
	InventoryDisabled  = -1
	InventoryManual    = 0
	InventoryAutomatic = 1
)

// Host status.
const (
	StatusMonitored    = 0
	StatusNotMonitored = 1
)

// HostInterface is one interface of a Zabbix host. Zabbix IDs are strings.
type HostInterface struct {
	InterfaceID string        `json:"interfaceid,omitempty"`
	HostID      string        `json:"hostid,omitempty"`
	Type        InterfaceType `json:"type"`
	Main        int           `json:"main"`
	UseIP       int           `json:"useip"`
	IP          string        `json:"ip"`
	DNS         string        `json:"dns"`
	Port        string        `json:"port"`
	// Details is set for SNMP interfaces only.
	Details *SNMPDetails `json:"details,omitempty"`
}

// SNMPDetails are the SNMP settings of an SNMP interface.
type SNMPDetails struct {
	Version        int    `json:"version"`
	Bulk           int    `json:"bulk"`
	Community      string `json:"community,omitempty"`
	MaxRepetitions int    `json:"max_repetitions,omitempty"`
	ContextName    string `json:"contextname"`
	SecurityName   string `json:"securityname,omitempty"`
	SecurityLevel  int    `json:"securitylevel"`
	AuthProtocol   int    `json:"authprotocol"`
	AuthPassphrase Secret `json:"authpassphrase,omitempty"`
	PrivProtocol   int    `json:"privprotocol"`
	PrivPassphrase Secret `json:"privpassphrase,omitempty"`
}

// Tag is a host tag.
type Tag struct {
	Tag   string `json:"tag"`
	Value string `json:"value"`
}

// Host is a Zabbix host: what host.create takes, and what the library reads
// back. It is version-neutral: the client puts the monitoring source on the
// wire the way the server's version wants it (proxy_hostid before 7.0;
// monitored_by with proxyid or proxy_groupid from 7.0).
//
// In an update (UpdateHost), a nil slice or map leaves that part of the host
// as it is, while a non-nil one, even empty, replaces it: Interfaces replaces
// the interface set (keep an interface by passing its InterfaceID),
// TemplateIDs replaces the linked templates, and TemplatesClear unlinks
// templates and clears what they brought. An empty Host, Name, Description,
// TLSPSKIdentity or TLSPSK and a zero TLSConnect or TLSAccept leave that
// field as it is; Status, InventoryMode and MonitoredBy, whose zero values
// mean something, are always applied, so send them as read.
//
// A host read back (Hosts, CreateHosts, UpdateHost) carries its interfaces
// with their HostID, its groups, templates and tags in no particular order,
// the non-empty inventory fields (none when inventory is disabled), and
// never the PSK identity or key, which Zabbix does not return.
//
// The JSON field names are for display (events, logs); backends put hosts
// on the wire in the form the server's version wants.
type Host struct {
	HostID         string            `json:"hostid,omitempty"`
	Host           string            `json:"host"`           // technical name
	Name           string            `json:"name,omitempty"` // visible name
	Status         int               `json:"status"`
	Description    string            `json:"description,omitempty"`
	GroupIDs       []string          `json:"groupids,omitempty"`
	TemplateIDs    []string          `json:"templateids,omitempty"`
	TemplatesClear []string          `json:"templates_clear,omitempty"`
	Tags           []Tag             `json:"tags,omitempty"`
	InventoryMode  int               `json:"inventory_mode"`
	Inventory      map[string]string `json:"inventory,omitempty"`
	Interfaces     []HostInterface   `json:"interfaces,omitempty"`
	MonitoredBy    int               `json:"monitored_by"`
	ProxyID        string            `json:"proxyid,omitempty"`
	ProxyGroupID   string            `json:"proxy_groupid,omitempty"`
	TLSConnect     int               `json:"tls_connect,omitempty"`
	TLSAccept      int               `json:"tls_accept,omitempty"`
	TLSPSKIdentity string            `json:"tls_psk_identity,omitempty"`
	TLSPSK         Secret            `json:"tls_psk,omitempty"`
}

// Clone returns a deep copy of h.
func (h Host) Clone() Host {
	c := h
	c.GroupIDs = slices.Clone(h.GroupIDs)
	c.TemplateIDs = slices.Clone(h.TemplateIDs)
	c.TemplatesClear = slices.Clone(h.TemplatesClear)
	c.Tags = slices.Clone(h.Tags)
	if h.Inventory != nil {
		c.Inventory = make(map[string]string, len(h.Inventory))
		for k, v := range h.Inventory {
			c.Inventory[k] = v
		}
	}
	if h.Interfaces != nil {
		c.Interfaces = make([]HostInterface, len(h.Interfaces))
		for i, in := range h.Interfaces {
			c.Interfaces[i] = in.Clone()
		}
	}
	return c
}

// Clone returns a deep copy of in.
func (in HostInterface) Clone() HostInterface {
	if in.Details != nil {
		d := *in.Details
		in.Details = &d
	}
	return in
}

// HostQuery selects hosts to read. Hosts match any of the listed IDs or
// technical names; an empty query matches nothing.
type HostQuery struct {
	HostIDs []string
	Names   []string
}
