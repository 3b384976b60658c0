package mapping

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Interface types of a Spec.
const (
	SpecAny   = "any"   // agent and SNMP requests alike (also when empty)
	SpecAgent = "agent" // agent requests
	SpecSNMP  = "snmp"  // SNMP requests
)

// Spec describes one mapping by the names of what it applies, as a person
// writes it in a file; ResolveSpecs turns specs into store.Mappings with
// the Zabbix IDs. Its JSON form uses the field names below (snake_case,
// as the settings do), and decoding refuses fields it does not know.
type Spec struct {
	// ObjectType is "dcim.device" or "virtualization.virtualmachine".
	ObjectType netbox.ObjectType `json:"object_type"`
	// Name is unique per object type.
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Default marks the mapping that applies when no other does; one per
	// object type.
	Default bool `json:"default,omitempty"`
	// InterfaceType is SpecAgent, SpecSNMP or SpecAny ("" is SpecAny).
	InterfaceType string `json:"interface_type,omitempty"`
	// Sites, Roles and Platforms filter by NetBox ID, as store.Mapping
	// does; empty matches all.
	Sites     []int64 `json:"sites,omitempty"`
	Roles     []int64 `json:"roles,omitempty"`
	Platforms []int64 `json:"platforms,omitempty"`
	// Templates by technical name ("Linux by Zabbix agent").
	Templates []string `json:"templates,omitempty"`
	// HostGroups by name: fixed names ("Linux servers") and patterns
	// ("Sites/{site}/{role}"; see "Host group names" in the package
	// documentation).
	HostGroups []string `json:"host_groups,omitempty"`
	// Proxy and ProxyGroup by name; "" for none.
	Proxy      string `json:"proxy,omitempty"`
	ProxyGroup string `json:"proxy_group,omitempty"`
}

// UnmarshalJSON decodes a spec, refusing fields a Spec does not have, so
// that a misspelt field is an error instead of a setting silently lost.
func (s *Spec) UnmarshalJSON(data []byte) error {
	type spec Spec // without this method; errors name fields as spec.<field>
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	var p spec
	if err := d.Decode(&p); err != nil {
		return fmt.Errorf("mapping spec: %w", err)
	}
	*s = Spec(p)
	return nil
}
