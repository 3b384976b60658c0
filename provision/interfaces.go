package provision

import (
	"strconv"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// newInterface builds the interface of type t (agent or SNMP) on the
// object's primary IPv4 address: named "<name>-agent" or "<name>-snmp",
// by DNS when the address has a DNS name (unless the settings say IP), on
// the settings' port, with the settings' SNMP details for SNMP.
func newInterface(t zabbix.InterfaceType, obj *netbox.Object, ip *netbox.IPAddress, s store.Settings) (store.Interface, error) {
	in := store.Interface{Type: t, Main: 1}
	if err := onAddress(&in, obj, ip, s); err != nil {
		return in, err
	}
	switch t {
	case zabbix.InterfaceSNMP:
		in.Name, in.Port = obj.Name+"-snmp", s.SNMP.Port
		in.SNMP = snmpDetails(s.SNMP)
	default:
		in.Name, in.Port = obj.Name+"-agent", s.AgentPort
	}
	return in, nil
}

// onAddress puts in on the IP address ip: its address, DNS name, the NetBox
// interface it is assigned to, and whether Zabbix connects by DNS (when the
// address has a DNS name, unless the settings say IP).
func onAddress(in *store.Interface, obj *netbox.Object, ip *netbox.IPAddress, s store.Settings) error {
	addr, err := ip.IP()
	if err != nil || !addr.Is4() {
		return failure(ErrNoPrimaryIP, "%s does not have a primary IPv4 address: its primary_ip4 is %q; assign an IPv4 address in NetBox",
			obj.Name, ip.Address)
	}
	in.IPAddressID, in.IP, in.DNSName = ip.ID, addr.String(), ip.DNSName
	in.NetBoxInterface = netbox.Ref{}
	if ip.AssignedObjectID != 0 {
		in.NetBoxInterface = netbox.Ref{Type: ip.AssignedObjectType, ID: ip.AssignedObjectID}
	}
	in.UseIP = store.UseIP
	if s.UseIP == store.UseDNS && ip.DNSName != "" {
		in.UseIP = store.UseDNS
	}
	return nil
}

// snmpDetails are the SNMP details of a new interface, from the settings'
// defaults: the community for v1 and v2c, the security name, level,
// protocols and passphrases for v3.
func snmpDetails(s store.SNMPSettings) *store.SNMPInterface {
	d := &store.SNMPInterface{Version: s.Version, Bulk: s.Bulk, MaxRepetitions: s.MaxRepetitions}
	if s.Version == 3 {
		d.SecurityName, d.SecurityLevel = s.SecurityName, s.SecurityLevel
		d.AuthProtocol, d.AuthPassphrase = s.AuthProtocol, s.AuthPassphrase
		d.PrivProtocol, d.PrivPassphrase = s.PrivProtocol, s.PrivPassphrase
	} else {
		d.Community = s.Community
	}
	return d
}

// addInterface adds in to hc: refused when an interface of its type with
// the same address and port is there; not main when hc has a main
// interface of its type; named "<name>-agent-2" and so on when the name is
// taken.
func addInterface(hc store.HostConfig, in store.Interface) (store.HostConfig, error) {
	names := make(map[string]bool)
	for _, have := range hc.Interfaces {
		if have.Type == in.Type && have.Port == in.Port && (have.IP == in.IP || have.DNSName != "" && have.DNSName == in.DNSName) {
			return hc, &InterfaceExistsError{Config: hc.Name, Existing: have}
		}
		if have.Type == in.Type && have.Main == 1 {
			in.Main = 0
		}
		names[have.Name] = true
	}
	base := in.Name
	for n := 2; names[in.Name]; n++ {
		in.Name = base + "-" + strconv.Itoa(n)
	}
	hc = hc.Clone()
	hc.Interfaces = append(hc.Interfaces, in)
	return hc, nil
}
