package store

import (
	"slices"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// IP assignment methods (Settings.IPAssignmentMethod).
const (
	IPAssignmentPrimary = "primary" // the object's primary IPv4 address
	IPAssignmentManual  = "manual"  // chosen by hand per interface
)

// Tag name formatting (Settings.TagNameFormatting).
const (
	TagNamesKeep  = "keep"
	TagNamesUpper = "upper"
	TagNamesLower = "lower"
)

// How new interfaces connect (Settings.UseIP, Interface.UseIP).
const (
	UseDNS = 0 // by DNS name
	UseIP  = 1 // by IP address
)

// Settings is the one record of global provisioning settings.
type Settings struct {
	// MonitoredBy is the monitoring source of new hosts:
	// zabbix.MonitoredByServer, ByProxy (the mapping's proxy) or
	// ByProxyGroup (the mapping's proxy group).
	MonitoredBy zabbix.MonitoredBy `json:"monitored_by" validate:"oneof=0 1 2"`
	// InventoryMode of new hosts: -1 disabled, 0 manual, 1 automatic.
	InventoryMode zabbix.InventoryMode `json:"inventory_mode" validate:"oneof=-1 0 1"`
	// TLSConnect (1 none, 2 PSK, 4 certificate) and TLSAccept (a bit mask
	// of those) of new hosts. When either involves PSK, TLSPSKIdentity and
	// TLSPSK are sent with them.
	TLSConnect     zabbix.TLSMode `json:"tls_connect" validate:"oneof=1 2 4"`
	TLSAccept      zabbix.TLSMode `json:"tls_accept" validate:"min=1,max=7"`
	TLSPSKIdentity string         `json:"tls_psk_identity" validate:"required_if=TLSConnect 2,max=128"`
	TLSPSK         zabbix.Secret  `json:"tls_psk" validate:"required_if=TLSConnect 2"`
	// AgentPort is the port of new agent interfaces.
	AgentPort int `json:"agent_port" validate:"min=1,max=65535"`
	// SNMP holds the defaults of new SNMP interfaces.
	SNMP SNMPSettings `json:"snmp"`
	// IPAssignmentMethod is how interfaces get their address: "primary"
	// (the object's primary IPv4) or "manual".
	IPAssignmentMethod string `json:"ip_assignment_method" validate:"oneof=primary manual"`
	// UseIP chooses how new interfaces connect: UseDNS connects by the IP
	// address's DNS name when it has one and by IP otherwise; UseIP always
	// connects by IP.
	UseIP int `json:"useip" validate:"oneof=0 1"`
	// EventLogEnabled records an event for every run.
	EventLogEnabled bool `json:"event_log_enabled"`
	// DefaultTag, when set, is added to every host with the NetBox object
	// ID as its value. It also marks hosts as made by this library, which
	// lets a run interrupted after host.create adopt its host on retry.
	DefaultTag string `json:"default_tag" validate:"max=255"`
	// TagPrefix is put in front of every tag name.
	TagPrefix string `json:"tag_prefix" validate:"max=255"`
	// TagNameFormatting is "keep", "upper" or "lower".
	TagNameFormatting string `json:"tag_name_formatting" validate:"oneof=keep upper lower"`
	// StatusMap turns the NetBox status of an object (its value, e.g.
	// "active", "planned", "offline") into the Zabbix status of its host.
	// A status the map does not list is not monitored. Nil means the
	// default: "active" is monitored, every other status is not.
	StatusMap map[string]zabbix.Status `json:"status_map" validate:"dive,keys,required,endkeys,oneof=0 1"`
	// OwnWholeHost makes NetBox own every part of its hosts: an update
	// removes the templates, host groups, tags and interfaces that were
	// added in Zabbix by hand. Off (the default), those are left alone and
	// only what the library set is changed (docs/behaviour.md, "What the
	// library owns in a host").
	OwnWholeHost bool `json:"own_whole_host"`
	// DeleteMode is what DeleteZabbixHost does to a host: DeleteSoft (the
	// default) renames it with GraveyardSuffix, disables it and moves it
	// to the host group GraveyardHostGroup; DeleteHard deletes it.
	DeleteMode DeleteMode `json:"delete_mode" validate:"oneof=soft hard"`
	// GraveyardHostGroup is the host group soft-deleted hosts move to; it
	// is created when missing.
	GraveyardHostGroup string `json:"graveyard" validate:"required_if=DeleteMode soft,max=255"`
	// GraveyardSuffix is appended to a soft-deleted host's names, then -1,
	// -2, … when that name is taken.
	GraveyardSuffix string `json:"graveyard_suffix" validate:"max=64"`
	// CreateHostGroups makes provisioning create a host group that a
	// mapping names by name (Mapping.HostGroupNames) when Zabbix has none
	// of that name, with the missing parents of a nested name ("Sites"
	// and "Sites/DC1" for "Sites/DC1/Web"). Off (the default), such a
	// group is an error naming the mapping and the group.
	CreateHostGroups bool `json:"create_host_groups"`
	// ExcludeCustomFieldEnabled turns on exclusion: an object whose custom
	// field ExcludeCustomFieldName is set (true, or a non-empty value) is
	// never provisioned.
	ExcludeCustomFieldEnabled bool   `json:"exclude_custom_field_enabled"`
	ExcludeCustomFieldName    string `json:"exclude_custom_field_name" validate:"required_if=ExcludeCustomFieldEnabled true"`
}

// DeleteMode is how DeleteZabbixHost removes a host from Zabbix.
type DeleteMode string

// Delete modes (Settings.DeleteMode).
const (
	DeleteSoft DeleteMode = "soft" // rename, disable, move to the graveyard host group
	DeleteHard DeleteMode = "hard" // delete the Zabbix host
)

// ZabbixStatus returns the Zabbix status of a host whose object has the
// NetBox status value netboxStatus, through StatusMap.
func (s Settings) ZabbixStatus(netboxStatus string) zabbix.Status {
	m := s.StatusMap
	if m == nil {
		m = defaultStatusMap()
	}
	if st, ok := m[netboxStatus]; ok {
		return st
	}
	return zabbix.StatusNotMonitored
}

func defaultStatusMap() map[string]zabbix.Status {
	return map[string]zabbix.Status{"active": zabbix.StatusMonitored}
}

// SNMPSettings are the defaults of new SNMP interfaces.
type SNMPSettings struct {
	// Version is the SNMP version: 1, 2 (v2c) or 3.
	Version int `json:"version" validate:"oneof=1 2 3"`
	// Community is the SNMPv1/v2c community, a secret (a user macro such
	// as {$SNMP_COMMUNITY} keeps it in Zabbix).
	Community      zabbix.Secret `json:"community"`
	Port           int           `json:"port" validate:"min=1,max=65535"`
	Bulk           int           `json:"bulk" validate:"oneof=0 1"`
	MaxRepetitions int           `json:"max_repetitions" validate:"min=1"`
	SecurityName   string        `json:"securityname"`
	SecurityLevel  int           `json:"securitylevel" validate:"oneof=0 1 2"`
	AuthProtocol   int           `json:"authprotocol" validate:"min=0,max=5"`
	AuthPassphrase zabbix.Secret `json:"authpassphrase"`
	PrivProtocol   int           `json:"privprotocol" validate:"min=0,max=5"`
	PrivPassphrase zabbix.Secret `json:"privpassphrase"`
}

// DefaultSettings returns the settings used until a caller saves its own:
// hosts monitored by the server, manual inventory, no TLS, agent port 10050,
// SNMPv2c on port 161 with the community {$SNMP_COMMUNITY} (bulk, 10
// repetitions; for v3 authPriv with SHA1/AES128 and the {$SNMPV3_…}
// macros), primary IPv4 addresses, DNS when the address has a name, the
// event log on, the default tag "netbox_id", "active" objects monitored and
// others not, and soft deletes to the host group "graveyard" with the
// suffix "_archived".
func DefaultSettings() Settings {
	return Settings{
		MonitoredBy:   zabbix.MonitoredByServer,
		InventoryMode: zabbix.InventoryManual,
		TLSConnect:    zabbix.TLSNone,
		TLSAccept:     zabbix.TLSNone,
		AgentPort:     10050,
		SNMP: SNMPSettings{
			Version:        2,
			Community:      "{$SNMP_COMMUNITY}",
			Port:           161,
			Bulk:           1,
			MaxRepetitions: 10,
			SecurityName:   "{$SNMPV3_USER}",
			SecurityLevel:  2, // authPriv
			AuthProtocol:   1, // SHA1
			AuthPassphrase: "{$SNMPV3_AUTHPASS}",
			PrivProtocol:   1, // AES128
			PrivPassphrase: "{$SNMPV3_PRIVPASS}",
		},
		StatusMap:              defaultStatusMap(),
		DeleteMode:             DeleteSoft,
		GraveyardHostGroup:     "graveyard",
		GraveyardSuffix:        "_archived",
		IPAssignmentMethod:     IPAssignmentPrimary,
		UseIP:                  UseDNS,
		EventLogEnabled:        true,
		DefaultTag:             "netbox_id",
		TagNameFormatting:      TagNamesKeep,
		ExcludeCustomFieldName: "exclude_from_zabbix",
	}
}

// UsesPSK reports whether the settings ask for PSK encryption in either
// direction.
func (s Settings) UsesPSK() bool {
	return s.TLSConnect == zabbix.TLSPSK || s.TLSAccept&zabbix.TLSPSK != 0
}

// Mapping says what a device or virtual machine gets in Zabbix: templates,
// host groups, proxy and proxy group. A non-default mapping applies to the
// objects whose site, role and platform are in its filters (an empty filter
// matches all); the default mapping applies when none does.
type Mapping struct {
	ID          int64             `json:"id"`
	ObjectType  netbox.ObjectType `json:"object_type" validate:"oneof=dcim.device virtualization.virtualmachine"`
	Name        string            `json:"name" validate:"required,max=255"`
	Description string            `json:"description"`
	Default     bool              `json:"default"`
	// InterfaceType is the interface type the mapping applies to:
	// zabbix.InterfaceAgent, InterfaceSNMP or InterfaceAny (both).
	InterfaceType zabbix.InterfaceType `json:"interface_type" validate:"oneof=0 1 2"`
	// Filters: NetBox IDs of sites, roles and platforms.
	Sites     []int64 `json:"sites"`
	Roles     []int64 `json:"roles"`
	Platforms []int64 `json:"platforms"`
	// What to apply.
	Templates  []zabbix.Template  `json:"templates" validate:"dive"`
	HostGroups []zabbix.HostGroup `json:"host_groups" validate:"dive"`
	// HostGroupNames are host groups by name, each a fixed name or a
	// pattern whose {path} placeholders take the object's values
	// ("Sites/{site}/{role}"; package mapping, "Host group names"). The
	// groups they name for an object are added to HostGroups for it; a
	// name Zabbix lacks is created when Settings.CreateHostGroups allows.
	HostGroupNames []string           `json:"host_group_names" validate:"dive,required"`
	Proxy          *zabbix.Proxy      `json:"proxy,omitempty"`
	ProxyGroup     *zabbix.ProxyGroup `json:"proxy_group,omitempty"`
}

// Clone returns a deep copy of m.
func (m Mapping) Clone() Mapping {
	c := m
	c.Sites = slices.Clone(m.Sites)
	c.Roles = slices.Clone(m.Roles)
	c.Platforms = slices.Clone(m.Platforms)
	c.Templates = slices.Clone(m.Templates)
	c.HostGroups = slices.Clone(m.HostGroups)
	c.HostGroupNames = slices.Clone(m.HostGroupNames)
	if m.Proxy != nil {
		p := *m.Proxy
		c.Proxy = &p
	}
	if m.ProxyGroup != nil {
		p := *m.ProxyGroup
		c.ProxyGroup = &p
	}
	return c
}

// TagField turns the value at an attribute path of the NetBox object into a
// Zabbix tag named Name (one tag per element when the value is a list).
type TagField struct {
	Name    string `json:"name" validate:"required"`
	Path    string `json:"path" validate:"required"`
	Enabled bool   `json:"enabled"`
}

// TagMapping says which Zabbix tags an object type gets besides the default
// tag: one per enabled field, plus one per NetBox tag of the object whose
// slug is in Tags (named and valued by the NetBox tag's name).
type TagMapping struct {
	ObjectType netbox.ObjectType `json:"object_type" validate:"oneof=dcim.device virtualization.virtualmachine"`
	Fields     []TagField        `json:"fields" validate:"dive"`
	Tags       []string          `json:"tags"`
}

// Clone returns a deep copy of m.
func (m TagMapping) Clone() TagMapping {
	c := m
	c.Fields = slices.Clone(m.Fields)
	c.Tags = slices.Clone(m.Tags)
	return c
}

// InventoryField fills the Zabbix inventory property Property with the first
// of Paths that resolves on the NetBox object.
type InventoryField struct {
	Property string   `json:"property" validate:"required"`
	Paths    []string `json:"paths" validate:"required,min=1"`
	Enabled  bool     `json:"enabled"`
}

// InventoryMapping says which inventory properties an object type fills.
type InventoryMapping struct {
	ObjectType netbox.ObjectType `json:"object_type" validate:"oneof=dcim.device virtualization.virtualmachine"`
	Fields     []InventoryField  `json:"fields" validate:"dive"`
}

// Clone returns a deep copy of m.
func (m InventoryMapping) Clone() InventoryMapping {
	c := m
	c.Fields = make([]InventoryField, len(m.Fields))
	for i, f := range m.Fields {
		f.Paths = slices.Clone(f.Paths)
		c.Fields[i] = f
	}
	if m.Fields == nil {
		c.Fields = nil
	}
	return c
}

// HostConfig is the NetBox-side Zabbix configuration of one device or
// virtual machine, with its interfaces.
type HostConfig struct {
	ID          int64              `json:"id"`
	Name        string             `json:"name" validate:"required,max=255"` // "z-<object name>", unique
	Object      netbox.Ref         `json:"object"`                           // unique: one config per object
	HostID      string             `json:"hostid,omitempty"`                 // Zabbix host ID, unique; "" until created
	Status      zabbix.Status      `json:"status" validate:"oneof=0 1"`
	MonitoredBy zabbix.MonitoredBy `json:"monitored_by" validate:"oneof=0 1 2"`
	Proxy       *zabbix.Proxy      `json:"proxy,omitempty"`
	ProxyGroup  *zabbix.ProxyGroup `json:"proxy_group,omitempty"`
	Templates   []zabbix.Template  `json:"templates"`
	HostGroups  []zabbix.HostGroup `json:"host_groups"`
	Description string             `json:"description"`
	// HandEdited marks a config whose templates, host groups and
	// monitoring source were set by hand: updates keep them instead of
	// following the mapping.
	HandEdited bool `json:"hand_edited"`
	// Tags are the tags the library last wrote to the Zabbix host, so
	// that an update removes those NetBox no longer gives and leaves the
	// others alone.
	Tags       []zabbix.Tag `json:"tags"`
	Interfaces []Interface  `json:"interfaces" validate:"dive"`
	Created    time.Time    `json:"created"`
	Updated    time.Time    `json:"updated"`
}

// Clone returns a deep copy of c.
func (c HostConfig) Clone() HostConfig {
	d := c
	if c.Proxy != nil {
		p := *c.Proxy
		d.Proxy = &p
	}
	if c.ProxyGroup != nil {
		p := *c.ProxyGroup
		d.ProxyGroup = &p
	}
	d.Templates = slices.Clone(c.Templates)
	d.HostGroups = slices.Clone(c.HostGroups)
	d.Tags = slices.Clone(c.Tags)
	if c.Interfaces != nil {
		d.Interfaces = make([]Interface, len(c.Interfaces))
		for i, in := range c.Interfaces {
			d.Interfaces[i] = in.Clone()
		}
	}
	return d
}

// Interface is an agent or SNMP interface of a HostConfig: which NetBox
// interface and IP address it stands for, how Zabbix reaches it, and, once
// linked, the Zabbix interface ID.
type Interface struct {
	ID   int64                `json:"id"`
	Name string               `json:"name" validate:"required"` // "<object name>-agent", "-snmp"
	Type zabbix.InterfaceType `json:"type" validate:"oneof=1 2"`
	// NetBoxInterface is the NetBox interface (dcim.interface or
	// virtualization.vminterface) the IP address is assigned to; zero when
	// the address is unassigned.
	NetBoxInterface netbox.Ref `json:"netbox_interface" validate:"-"`
	IPAddressID     int64      `json:"ip_address_id"`
	IP              string     `json:"ip" validate:"omitempty,ip"` // without prefix length
	DNSName         string     `json:"dns_name"`
	UseIP           int        `json:"useip" validate:"oneof=0 1"`
	Main            int        `json:"main" validate:"oneof=0 1"`
	Port            int        `json:"port" validate:"min=1,max=65535"`
	// InterfaceID and HostID are Zabbix's IDs, "" until linked.
	InterfaceID string `json:"interfaceid,omitempty"`
	HostID      string `json:"hostid,omitempty"`
	// SNMP is set for SNMP interfaces only.
	SNMP *SNMPInterface `json:"snmp,omitempty"`
}

// Linked reports whether the interface has its Zabbix interface ID.
func (in Interface) Linked() bool { return in.InterfaceID != "" }

// Clone returns a deep copy of in.
func (in Interface) Clone() Interface {
	if in.SNMP != nil {
		s := *in.SNMP
		in.SNMP = &s
	}
	return in
}

// SNMPInterface holds the SNMP details of an SNMP interface.
type SNMPInterface struct {
	Version        int           `json:"version" validate:"oneof=1 2 3"`
	Community      zabbix.Secret `json:"community"`
	Bulk           int           `json:"bulk" validate:"oneof=0 1"`
	MaxRepetitions int           `json:"max_repetitions"`
	ContextName    string        `json:"contextname"`
	SecurityName   string        `json:"securityname"`
	SecurityLevel  int           `json:"securitylevel"`
	AuthProtocol   int           `json:"authprotocol"`
	AuthPassphrase zabbix.Secret `json:"authpassphrase"`
	PrivProtocol   int           `json:"privprotocol"`
	PrivPassphrase zabbix.Secret `json:"privpassphrase"`
}

// HostConfigFilter selects host configs. A config matches when it matches
// any listed object, host ID or name; an empty filter matches every config.
type HostConfigFilter struct {
	Objects []netbox.Ref
	HostIDs []string
	Names   []string
}

// ZabbixObjects are the templates, host groups, proxies and proxy groups
// of a Zabbix server, as the last import read them, so that mappings can
// name them: each list ordered by ID.
type ZabbixObjects struct {
	Templates   []zabbix.Template   `json:"templates"`
	HostGroups  []zabbix.HostGroup  `json:"host_groups"`
	Proxies     []zabbix.Proxy      `json:"proxies"`
	ProxyGroups []zabbix.ProxyGroup `json:"proxy_groups"` // 7.0 and later
	// Imported is when they were read.
	Imported time.Time `json:"imported"`
}

// Clone returns a deep copy of o.
func (o ZabbixObjects) Clone() ZabbixObjects {
	c := o
	c.Templates = slices.Clone(o.Templates)
	c.HostGroups = slices.Clone(o.HostGroups)
	c.Proxies = slices.Clone(o.Proxies)
	c.ProxyGroups = slices.Clone(o.ProxyGroups)
	return c
}
