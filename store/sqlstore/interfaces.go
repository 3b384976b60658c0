package sqlstore

import (
	"database/sql"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// interfaceColumns are the columns of an interface after its ID and config
// ID, in the order of interfaceArgs.
const interfaceColumns = `name, type, netbox_object_type, netbox_object_id, ip_address_id, ip, dns_name,
	useip, main, port, interfaceid, hostid, snmp, snmp_authpassphrase, snmp_privpassphrase, snmp_community`

// interfaceArgs returns the values of interfaceColumns for in. SNMP
// secrets (passphrases, community) go to their own columns, revealed; the
// SNMP JSON has them blanked.
func interfaceArgs(in store.Interface) ([]any, error) {
	var j jsonArgs
	var snmp, auth, priv, community any
	if in.SNMP != nil {
		details := *in.SNMP
		auth, priv, community = details.AuthPassphrase.Reveal(), details.PrivPassphrase.Reveal(), details.Community.Reveal()
		details.AuthPassphrase, details.PrivPassphrase, details.Community = "", "", ""
		snmp = j.value(details)
	}
	return []any{in.Name, int(in.Type), string(in.NetBoxInterface.Type), in.NetBoxInterface.ID, in.IPAddressID,
		in.IP, in.DNSName, in.UseIP, in.Main, in.Port, in.InterfaceID, in.HostID, snmp, auth, priv, community}, j.err
}

// interfaceRow is an interface as read through a LEFT JOIN, where every
// column may be NULL (a config without interfaces).
type interfaceRow struct {
	id, netboxID, ipAddressID                  sql.NullInt64
	typ, useIP, main, port                     sql.NullInt64
	name, netboxType, ip, dnsName, interfaceID sql.NullString
	hostID                                     sql.NullString
	snmp                                       []byte
	authPassphrase, privPassphrase, community  sql.NullString
}

// dest returns the scan destinations of the interface columns: id, then
// interfaceColumns.
func (r *interfaceRow) dest() []any {
	return []any{&r.id, &r.name, &r.typ, &r.netboxType, &r.netboxID, &r.ipAddressID, &r.ip, &r.dnsName,
		&r.useIP, &r.main, &r.port, &r.interfaceID, &r.hostID, &r.snmp, &r.authPassphrase, &r.privPassphrase, &r.community}
}

// get returns the interface, and false when the row holds none.
func (r *interfaceRow) get() (store.Interface, bool, error) {
	if !r.id.Valid {
		return store.Interface{}, false, nil
	}
	in := store.Interface{
		ID:          r.id.Int64,
		Name:        r.name.String,
		Type:        zabbix.InterfaceType(r.typ.Int64),
		IPAddressID: r.ipAddressID.Int64,
		IP:          r.ip.String,
		DNSName:     r.dnsName.String,
		UseIP:       int(r.useIP.Int64),
		Main:        int(r.main.Int64),
		Port:        int(r.port.Int64),
		InterfaceID: r.interfaceID.String,
		HostID:      r.hostID.String,
	}
	if r.netboxType.String != "" || r.netboxID.Int64 != 0 {
		in.NetBoxInterface = netbox.Ref{Type: netbox.ObjectType(r.netboxType.String), ID: r.netboxID.Int64}
	}
	if r.snmp != nil {
		var details store.SNMPInterface
		if err := fromJSON(r.snmp, &details); err != nil {
			return in, true, err
		}
		details.AuthPassphrase = zabbix.Secret(r.authPassphrase.String)
		details.PrivPassphrase = zabbix.Secret(r.privPassphrase.String)
		details.Community = zabbix.Secret(r.community.String)
		in.SNMP = &details
	}
	return in, true, nil
}
