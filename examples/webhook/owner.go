package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// assignedObject is the interface an IP address is assigned to, as NetBox
// nests it in the address (IPAddressSerializer.assigned_object, the
// interface's brief form): a device's interface names its "device", a VM's
// its "virtual_machine", in NetBox 3.7 as in 4.x. An address of an FHRP
// group has neither.
type assignedObject struct {
	Device         *nestedID `json:"device"`
	VirtualMachine *nestedID `json:"virtual_machine"`
}

// nestedID is the ID of a nested object, kept raw to be read strictly.
type nestedID struct {
	ID json.RawMessage `json:"id"`
}

// ownerOf reads the device or virtual machine an IP address's data names
// through its assigned_object. It is zero when the address is assigned to
// nothing (null), to something else (an FHRP group), or when the body does
// not say (a body template without it): HandleChange then asks NetBox. An
// owner ID that is not a JSON number of 1 or more is an error (400), as
// data.id is.
func ownerOf(raw json.RawMessage) (netbox.Ref, error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return netbox.Ref{}, nil
	}
	var a assignedObject
	if err := json.Unmarshal(raw, &a); err != nil {
		return netbox.Ref{}, fmt.Errorf("data.assigned_object is not an interface: %w", err)
	}
	switch {
	case a.Device != nil && a.VirtualMachine != nil:
		return netbox.Ref{}, errors.New("data.assigned_object names both a device and a virtual machine: NetBox names one")
	case a.Device != nil:
		return nestedRef(netbox.TypeDevice, "data.assigned_object.device.id", a.Device)
	case a.VirtualMachine != nil:
		return nestedRef(netbox.TypeVirtualMachine, "data.assigned_object.virtual_machine.id", a.VirtualMachine)
	}
	return netbox.Ref{}, nil
}

// nestedRef reads the ID of a nested object of type t found at path.
func nestedRef(t netbox.ObjectType, path string, n *nestedID) (netbox.Ref, error) {
	id, err := objectID(path, n.ID)
	if err != nil {
		return netbox.Ref{}, err
	}
	return netbox.Ref{Type: t, ID: id}, nil
}
