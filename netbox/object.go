package netbox

import (
	"fmt"
	"net/netip"
	"strconv"
)

// ObjectType names a NetBox model the way NetBox's API does
// ("<app_label>.<model>").
type ObjectType string

// The NetBox models the library works with.
const (
	TypeDevice         ObjectType = "dcim.device"
	TypeVirtualMachine ObjectType = "virtualization.virtualmachine"
	TypeInterface      ObjectType = "dcim.interface"
	TypeVMInterface    ObjectType = "virtualization.vminterface"
	TypeIPAddress      ObjectType = "ipam.ipaddress"
)

// Provisionable reports whether objects of type t can be given a Zabbix
// host: devices and virtual machines.
func (t ObjectType) Provisionable() bool {
	return t == TypeDevice || t == TypeVirtualMachine
}

// Label is the short human name of t ("device", "virtual machine").
func (t ObjectType) Label() string {
	switch t {
	case TypeDevice:
		return "device"
	case TypeVirtualMachine:
		return "virtual machine"
	case TypeInterface:
		return "interface"
	case TypeVMInterface:
		return "VM interface"
	case TypeIPAddress:
		return "IP address"
	}
	return string(t)
}

// Ref identifies one NetBox object by type and ID.
type Ref struct {
	Type ObjectType `json:"type" validate:"required"`
	ID   int64      `json:"id" validate:"gt=0"`
}

// DeviceRef returns the reference of the device with the given ID.
func DeviceRef(id int64) Ref { return Ref{Type: TypeDevice, ID: id} }

// VMRef returns the reference of the virtual machine with the given ID.
func VMRef(id int64) Ref { return Ref{Type: TypeVirtualMachine, ID: id} }

// String renders r as "device 42".
func (r Ref) String() string {
	return r.Type.Label() + " " + strconv.FormatInt(r.ID, 10)
}

// Nested is a related object as NetBox nests it inside another one: a site,
// role, platform, cluster, tenant, location or interface. NetBox sends a
// summary (id, url, display, name, slug, …); Attrs holds every field other
// than the typed ones, and gains the full object's fields once a backend
// expands it.
type Nested struct {
	ID      int64
	URL     string
	Display string
	Name    string
	Slug    string
	Attrs   map[string]any
}

// Field returns the value of the named field of n: a typed field by its
// NetBox JSON name, else the entry in Attrs.
func (n *Nested) Field(name string) (any, bool) {
	if n == nil {
		return nil, false
	}
	switch name {
	case "id":
		return n.ID, true
	case "url":
		return n.URL, n.URL != ""
	case "display":
		return n.Display, n.Display != ""
	case "name":
		return n.Name, n.Name != ""
	case "slug":
		return n.Slug, n.Slug != ""
	}
	v, ok := n.Attrs[name]
	return v, ok
}

// Clone returns a deep copy of n.
func (n *Nested) Clone() *Nested {
	if n == nil {
		return nil
	}
	c := *n
	c.Attrs = cloneMap(n.Attrs)
	return &c
}

// Choice is a NetBox choice field such as status: {"value":"active","label":"Active"}.
type Choice struct {
	Value string
	Label string
}

// Tag is a NetBox tag assigned to an object, as NetBox nests it: id, url,
// display, name, slug and color in the typed fields, every other field
// (display_url from NetBox 4.1, …) in Attrs.
type Tag struct {
	ID      int64
	URL     string
	Display string
	Name    string
	Slug    string
	Color   string
	Attrs   map[string]any
}

// Clone returns a deep copy of t.
func (t Tag) Clone() Tag {
	t.Attrs = cloneMap(t.Attrs)
	return t
}

func cloneTags(tags []Tag) []Tag {
	if tags == nil {
		return nil
	}
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = t.Clone()
	}
	return out
}

// NestedIP is an IP address as NetBox nests it in a device or virtual machine
// (primary_ip4): its ID and address with prefix length. Attrs holds every
// other field of NetBox's summary (display, family, description).
type NestedIP struct {
	ID      int64
	URL     string
	Address string
	Attrs   map[string]any
}

// Field returns the value of the named field of ip: a typed field by its
// NetBox JSON name, else the entry in Attrs.
func (ip *NestedIP) Field(name string) (any, bool) {
	if ip == nil {
		return nil, false
	}
	switch name {
	case "id":
		return ip.ID, true
	case "url":
		return ip.URL, ip.URL != ""
	case "address":
		return ip.Address, ip.Address != ""
	}
	v, ok := ip.Attrs[name]
	return v, ok
}

// Clone returns a deep copy of ip.
func (ip *NestedIP) Clone() *NestedIP {
	if ip == nil {
		return nil
	}
	c := *ip
	c.Attrs = cloneMap(ip.Attrs)
	return &c
}

// Object is a NetBox device or virtual machine.
//
// The typed fields are the ones provisioning reads; Attrs holds every other
// top-level field NetBox returned (serial, asset_tag, rack, comments,
// config_context, …), so attribute paths resolve over the object's full data.
type Object struct {
	Type         ObjectType
	ID           int64
	Name         string
	Status       Choice
	Site         *Nested
	Role         *Nested
	Platform     *Nested
	Cluster      *Nested
	Tenant       *Nested
	Location     *Nested
	PrimaryIP4   *NestedIP
	Tags         []Tag
	CustomFields map[string]any
	Attrs        map[string]any
}

// Ref returns the reference of o.
func (o *Object) Ref() Ref { return Ref{Type: o.Type, ID: o.ID} }

// String renders o as `device 42 "web-01"`.
func (o *Object) String() string {
	return fmt.Sprintf("%s %q", o.Ref(), o.Name)
}

// Field returns the value of the named top-level field of o, by its NetBox
// JSON name: a typed field, else the entry in Attrs. "device_role" (NetBox
// 3.x) is an alias of "role". Absent optional objects report false.
func (o *Object) Field(name string) (any, bool) {
	switch name {
	case "id":
		return o.ID, true
	case "name":
		return o.Name, o.Name != ""
	case "status":
		return o.Status, o.Status.Value != ""
	case "site":
		return o.Site, o.Site != nil
	case "role", "device_role":
		return o.Role, o.Role != nil
	case "platform":
		return o.Platform, o.Platform != nil
	case "cluster":
		return o.Cluster, o.Cluster != nil
	case "tenant":
		return o.Tenant, o.Tenant != nil
	case "location":
		return o.Location, o.Location != nil
	case "primary_ip4":
		return o.PrimaryIP4, o.PrimaryIP4 != nil
	case "tags":
		return o.Tags, true
	case "custom_fields":
		return o.CustomFields, o.CustomFields != nil
	}
	v, ok := o.Attrs[name]
	return v, ok
}

// Clone returns a deep copy of o.
func (o *Object) Clone() *Object {
	if o == nil {
		return nil
	}
	c := *o
	c.Site = o.Site.Clone()
	c.Role = o.Role.Clone()
	c.Platform = o.Platform.Clone()
	c.Cluster = o.Cluster.Clone()
	c.Tenant = o.Tenant.Clone()
	c.Location = o.Location.Clone()
	c.PrimaryIP4 = o.PrimaryIP4.Clone()
	c.Tags = cloneTags(o.Tags)
	c.CustomFields = cloneMap(o.CustomFields)
	c.Attrs = cloneMap(o.Attrs)
	return &c
}

// IPAddress is a NetBox IP address with the interface it is assigned to.
type IPAddress struct {
	ID      int64
	Address string // with prefix length, as NetBox stores it: "192.0.2.10/24"
	DNSName string
	Status  Choice
	// AssignedObjectType and AssignedObjectID name the interface
	// (TypeInterface or TypeVMInterface) the address is assigned to; both are
	// zero when it is unassigned.
	AssignedObjectType ObjectType
	AssignedObjectID   int64
	// AssignedObject is NetBox's summary of that interface, when it sent one.
	AssignedObject *Nested
	Attrs          map[string]any
}

// IP returns the address without its prefix length ("192.0.2.10").
func (ip *IPAddress) IP() (netip.Addr, error) {
	p, err := netip.ParsePrefix(ip.Address)
	if err != nil {
		a, aerr := netip.ParseAddr(ip.Address)
		if aerr != nil {
			return netip.Addr{}, fmt.Errorf("netbox: IP address %d: %q is not an address: %w", ip.ID, ip.Address, err)
		}
		return a, nil
	}
	return p.Addr(), nil
}

// Clone returns a deep copy of ip.
func (ip *IPAddress) Clone() *IPAddress {
	if ip == nil {
		return nil
	}
	c := *ip
	c.AssignedObject = ip.AssignedObject.Clone()
	c.Attrs = cloneMap(ip.Attrs)
	return &c
}

// cloneMap deep-copies JSON-shaped data (maps, slices and scalars).
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = cloneValue(e)
		}
		return c
	case *Nested:
		return x.Clone()
	case *NestedIP:
		return x.Clone()
	}
	return v
}
