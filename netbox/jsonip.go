package netbox

import (
	"encoding/json"
	"fmt"
)

// UnmarshalJSON decodes an IP address as NetBox's REST API sends it: id,
// address (with prefix length), dns_name, status, assigned_object_type,
// assigned_object_id and assigned_object (the interface's summary, with its
// device or virtual machine in Attrs) into the typed fields, every other
// field into Attrs (numbers as json.Number). JSON null leaves ip unchanged.
func (ip *IPAddress) UnmarshalJSON(data []byte) error {
	v, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("netbox: decode IP address: %w", err)
	}
	if v == nil {
		return nil
	}
	m, err := asObject("IP address", "", v)
	if err != nil {
		return err
	}
	got, err := ipFromMap(m)
	if err != nil {
		return err
	}
	*ip = *got
	return nil
}

// MarshalJSON encodes ip in NetBox's shape: its Attrs with the typed fields
// on top; an unassigned address has null assigned_object_type,
// assigned_object_id and assigned_object.
func (ip IPAddress) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(ip.Attrs)+7)
	for k, v := range ip.Attrs {
		m[k] = v
	}
	m["id"] = ip.ID
	m["address"] = ip.Address
	m["dns_name"] = ip.DNSName
	m["status"] = choiceJSON(ip.Status)
	m["assigned_object_type"] = nil
	if ip.AssignedObjectType != "" {
		m["assigned_object_type"] = string(ip.AssignedObjectType)
	}
	m["assigned_object_id"] = nil
	if ip.AssignedObjectID != 0 {
		m["assigned_object_id"] = ip.AssignedObjectID
	}
	m["assigned_object"] = nestedJSON(ip.AssignedObject)
	return json.Marshal(m)
}

func ipTyped(k string) bool {
	switch k {
	case "id", "address", "dns_name", "status", "assigned_object_type", "assigned_object_id", "assigned_object":
		return true
	}
	return false
}

func ipFromMap(m map[string]any) (*IPAddress, error) {
	const what = "IP address"
	ip := &IPAddress{Attrs: rest(m, ipTyped)}
	var err error
	if ip.ID, err = asOptionalID(what, "id", m["id"]); err != nil {
		return nil, err
	}
	if ip.Address, err = asString(what, "address", m["address"]); err != nil {
		return nil, err
	}
	if ip.DNSName, err = asString(what, "dns_name", m["dns_name"]); err != nil {
		return nil, err
	}
	if ip.Status, err = choiceFromValue(what, "status", m["status"]); err != nil {
		return nil, err
	}
	t, err := asString(what, "assigned_object_type", m["assigned_object_type"])
	if err != nil {
		return nil, err
	}
	ip.AssignedObjectType = ObjectType(t)
	if ip.AssignedObjectID, err = asOptionalID(what, "assigned_object_id", m["assigned_object_id"]); err != nil {
		return nil, err
	}
	if ip.AssignedObject, err = nestedField(what, m, "assigned_object"); err != nil {
		return nil, err
	}
	return ip, nil
}
