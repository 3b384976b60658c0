package memzabbix

import (
	"fmt"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// JSON-RPC error codes and messages as Zabbix sends them.
const (
	codeInvalidParams = -32602
	codeApplication   = -32500

	messageInvalidParams = "Invalid params."
	messageApplication   = "Application error."
)

// Error texts (the JSON-RPC "data" member), copied from real servers.
//
// Texts marked "measured" were seen on 6.0.14 and 7.0.22
// (shared/zabbix/FINDINGS.md). Texts marked "source" come from the Zabbix
// 6.0/7.0 frontend source (CHost, CHostGeneral, CApiHostInterfaceHelper) and
// were not measured; texts marked "assumed" follow the API validator's
// patterns for a case neither covers. Correct them here when a measurement
// disagrees: every error the fake returns is built from this block.
const (
	// Host names (measured).
	textHostExists      = `Host with the same name "%s" already exists.`
	textDupHostInData   = `Duplicate host. Host with the same host name "%s" already exists in data.`
	textBadHostName     = `Incorrect characters used for host name "%s".`
	textVisibleExists   = `Host with the same visible name "%s" already exists.`                                       // source
	textDupNameInData   = `Duplicate host. Host with the same visible name "%s" already exists in data.`               // source
	textTemplateExists  = `Template with the same name "%s" already exists.`                                           // source
	textTemplateVisible = `Template with the same visible name "%s" already exists.`                                   // source
	textTooLong         = `Invalid parameter "%s": value is too long.`                                                 // assumed
	textHostTooLong     = `Value "%s" is too long for field "host" - %d characters. Allowed length is 128 characters.` // measured, -32500

	// Groups, templates, proxies, missing objects (measured).
	textNoGroups6    = `Host "%s" cannot be without host group.`
	textWrongFields6 = `Wrong fields for host "%s".` // host.update without hostid
	textMissing7     = `Invalid parameter "%s": the parameter "%s" is missing.`
	textNoObject     = `No permissions to referred object or it does not exist!`
	textNoObject7    = `Invalid parameter "%s": object does not exist, or you have no permissions to it.`
	textSQLFailed6   = `SQL statement execution has failed "%s".`                // the real text quotes the statement with its values
	textDBExecute6   = `DBEXECUTE_ERROR`                                         // a rolled-back ID allocation
	textEmpty7       = `Invalid parameter "%s": cannot be empty.`                // source
	textNotUnique    = `Invalid parameter "%s": value (%s)=(%s) already exists.` // source
	textMonitoredBy7 = `Invalid parameter "%s": value must be one of 0, 1, 2.`   // source
	textDupID        = `Invalid parameter "%s": value (%s) already exists.`      // assumed

	// Interfaces (measured, except where marked).
	textOneMain   = `Host cannot have more than one default interface of the same type.`
	textNoMain    = `No default interface for "%s" type on "%s".`
	textBadIP     = `Invalid IP address "%s".`
	textNoAddress = `IP and DNS cannot be empty for host interface.`
	textBadPort   = `Incorrect interface port "%s" provided.`
	textBadArgs   = `Incorrect arguments passed to function.`
	textNoIP      = `Interface with DNS "%s" cannot have empty IP address.`                                      // source
	textNoDNS     = `Interface with IP "%s" cannot have empty DNS name while having "Use DNS" property on "%s".` // source
	textBadDNS    = `Incorrect interface DNS parameter "%s" provided.`                                           // source
	textNoPort    = `Port cannot be empty for host interface.`                                                   // source
	textBadBulk   = `Incorrect bulk value for interface.`                                                        // source
	textBadFlag   = `Invalid parameter "%s": value must be one of 0, 1.`                                         // assumed
	// Measured on 6.0.14 ("CPU idle time") and 7.0.22 ("Total memory").
	textInterfaceInUse = `Interface is linked to item "%s" on "%s".`

	// TLS (measured, except where marked).
	textFieldEmpty = `Incorrect value for field "%s": cannot be empty.`
	// textPSKWithoutTLS: tls_psk_identity or tls_psk given while neither
	// tls_connect nor tls_accept asks for PSK.
	textPSKWithoutTLS  = `Incorrect value for field "%s": should be empty.` // 6.x, measured
	textPSKWithoutTLS7 = `Invalid parameter "%s": value must be empty.`     // 7.x, measured
	textPSKHex6        = `Incorrect value for field "tls_psk": an even number of hexadecimal characters is expected.`
	textPSKLen6        = `Incorrect value for field "tls_psk": minimum length is 32 characters.` // source
	textPSKLen7        = `Invalid parameter "%s": minimum length is 32 characters.`
	textPSKHex7        = `Invalid parameter "%s": an even number of hexadecimal characters is expected.` // source
	textPSKReused7     = `Invalid parameter "%s": another tls_psk value is already associated with given tls_psk_identity.`
	textTLSValue       = `Incorrect value for field "%s": unexpected value "%d".`

	// Inventory and status (measured, except where marked).
	textInventoryField    = `Incorrect inventory field "%s".`
	textInventoryMode     = `Incorrect value for field "inventory_mode": value must be one of -1, 0, 1.`
	textInventoryDisabled = `Cannot set inventory fields for disabled inventory.` // source
	textStatus            = `Incorrect status for host "%s".`                     // source
)

// The JSON-RPC methods a call maps to, for APIError.Method.
const (
	rpcCreate = "host.create"
	rpcUpdate = "host.update"
	rpcDelete = "host.delete"
)

// invalidParams builds a -32602 error.
func invalidParams(method, format string, args ...any) *zabbix.APIError {
	return &zabbix.APIError{Method: method, Code: codeInvalidParams, Message: messageInvalidParams, Data: text(format, args)}
}

// appError builds a -32500 error.
func appError(method, format string, args ...any) *zabbix.APIError {
	return &zabbix.APIError{Method: method, Code: codeApplication, Message: messageApplication, Data: text(format, args)}
}

func text(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// path renders a 7.x validator path such as "/1/groups/2" from 1-based parts.
func path(parts ...any) string {
	s := ""
	for _, p := range parts {
		s += "/" + fmt.Sprint(p)
	}
	return s
}

// DatabaseError returns the error a real server answers when its database
// refused a statement and it rolled the call back, as Zabbix 6.0 does for
// concurrent first ID allocations on a new database: -32500 "Application
// error." "DBEXECUTE_ERROR" (measured). It matches zabbix.ErrDatabase.
// method is one of the Method constants. Inject it with FailCall to see
// how a caller handles a transient Zabbix failure: the Server changes
// nothing, as a real server does, and (not being a client) does not resend.
func DatabaseError(method Method) *zabbix.APIError {
	rpc := map[Method]string{MethodCreateHosts: rpcCreate, MethodUpdateHost: rpcUpdate, MethodDeleteHosts: rpcDelete,
		MethodHosts: "host.get", MethodHostGroups: "hostgroup.get", MethodCreateHostGroups: "hostgroup.create",
		MethodTemplates: "template.get", MethodProxies: "proxy.get", MethodProxyGroups: "proxygroup.get"}[method]
	return appError(rpc, textDBExecute6)
}
