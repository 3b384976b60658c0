package memzabbix

import (
	"cmp"
	"net"
	"slices"
	"strconv"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// checkInterfaces validates the interface set a host will have, as
// CApiHostInterfaceHelper does: every interface's address fields, then the
// SNMP details, then the main-interface rule per type. n is the host's
// 1-based position in the request; host is its technical name and visible
// its visible name (each quoted by one text).
func checkInterfaces(method string, n int, ifaces []zabbix.HostInterface, host, visible string) error {
	for i, in := range ifaces {
		if err := checkAddress(method, in, path(n, "interfaces", i+1), host); err != nil {
			return err
		}
	}
	for _, in := range ifaces {
		if err := checkSNMP(method, in); err != nil {
			return err
		}
	}
	return checkMain(method, ifaces, visible)
}

// checkAddress validates main, useip, ip, dns and port of the interface at
// validator path p.
func checkAddress(method string, in zabbix.HostInterface, p, host string) error {
	if in.Main != 0 && in.Main != 1 {
		return invalidParams(method, textBadFlag, p+"/main")
	}
	if in.UseIP != 0 && in.UseIP != 1 {
		return invalidParams(method, textBadFlag, p+"/useip")
	}
	switch {
	case in.IP == "" && in.DNS == "":
		return invalidParams(method, textNoAddress)
	case in.UseIP == 1 && in.IP == "":
		return invalidParams(method, textNoIP, in.DNS)
	case in.UseIP == 0 && in.DNS == "":
		return invalidParams(method, textNoDNS, in.IP, host)
	}
	if in.DNS != "" && !validDNS(in.DNS) && !isUserMacro(in.DNS) {
		return invalidParams(method, textBadDNS, in.DNS)
	}
	if in.IP != "" && !isBuiltinMacro(in.IP) && !isUserMacro(in.IP) && net.ParseIP(in.IP) == nil {
		return invalidParams(method, textBadIP, in.IP)
	}
	switch {
	case in.Port == "":
		return invalidParams(method, textNoPort)
	case !validPort(in.Port):
		return invalidParams(method, textBadPort, in.Port)
	}
	return nil
}

// checkSNMP validates the details of an SNMP interface.
func checkSNMP(method string, in zabbix.HostInterface) error {
	if in.Type != zabbix.InterfaceSNMP {
		return nil
	}
	d := in.Details
	switch {
	case d == nil, d.Version < 1 || d.Version > 3:
		return invalidParams(method, textBadArgs)
	case d.Version != 3 && d.Community == "":
		return invalidParams(method, textBadArgs)
	case d.Bulk != 0 && d.Bulk != 1:
		return invalidParams(method, textBadBulk)
	case d.Version == 3 && (d.SecurityLevel < 0 || d.SecurityLevel > 2 ||
		d.AuthProtocol < 0 || d.AuthProtocol > 5 || d.PrivProtocol < 0 || d.PrivProtocol > 5):
		return invalidParams(method, textBadArgs)
	}
	return nil
}

// checkMain enforces exactly one main interface for every interface type
// present.
func checkMain(method string, ifaces []zabbix.HostInterface, visible string) error {
	type counter struct{ main, other int }
	var order []zabbix.InterfaceType
	counts := make(map[zabbix.InterfaceType]*counter)
	for _, in := range ifaces {
		c, ok := counts[in.Type]
		if !ok {
			c = &counter{}
			counts[in.Type] = c
			order = append(order, in.Type)
		}
		if in.Main == 1 {
			c.main++
		} else {
			c.other++
		}
	}
	for _, t := range order {
		c := counts[t]
		if c.main == 0 {
			return invalidParams(method, textNoMain, t.String(), visible)
		}
		if c.main > 1 {
			return invalidParams(method, textOneMain)
		}
	}
	return nil
}

// storedInterface is what the server keeps of an interface: no details
// except for SNMP, and SNMP details as the version stores them.
func (s *Server) storedInterface(in zabbix.HostInterface, hostID, ifaceID string) zabbix.HostInterface {
	in.InterfaceID = ifaceID
	in.HostID = hostID
	if in.Type != zabbix.InterfaceSNMP || in.Details == nil {
		in.Details = nil
		return in
	}
	d := *in.Details
	out := zabbix.SNMPDetails{Version: d.Version, Bulk: d.Bulk}
	if s.v7() {
		out.MaxRepetitions = cmp.Or(d.MaxRepetitions, 10)
	}
	if d.Version == 3 {
		out.ContextName = d.ContextName
		out.SecurityName = d.SecurityName
		out.SecurityLevel = d.SecurityLevel
		out.AuthProtocol = d.AuthProtocol
		out.AuthPassphrase = d.AuthPassphrase
		out.PrivProtocol = d.PrivProtocol
		out.PrivPassphrase = d.PrivPassphrase
	} else {
		out.Community = d.Community
	}
	in.Details = &out
	return in
}

// sortInterfaces orders interfaces by ID, as host.get returns them.
func sortInterfaces(ifaces []zabbix.HostInterface) {
	slices.SortFunc(ifaces, func(a, b zabbix.HostInterface) int { return zabbix.CompareIDs(a.InterfaceID, b.InterfaceID) })
}

// validPort reports whether p is a port number 0-65535, a user macro or a
// low-level discovery macro.
func validPort(p string) bool {
	if isUserMacro(p) || isLLDMacro(p) {
		return true
	}
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
	}
	n, err := strconv.ParseUint(p, 10, 32)
	return err == nil && n <= 65535
}

// validDNS reports whether every character of a DNS name is one Zabbix
// accepts (letters, digits, '_', '.', '-', '$'), allowing {MACRO} and
// {$MACRO} parts.
func validDNS(d string) bool {
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case isAlnum(c), c == '_', c == '.', c == '-', c == '$':
		case c == '{':
			end := i + 1
			for end < len(d) && d[end] != '}' {
				end++
			}
			if end == len(d) || !isMacroName(d[i+1:end], true) {
				return false
			}
			i = end
		default:
			return false
		}
	}
	return true
}

// isUserMacro reports whether s is a user macro: {$NAME} or {$NAME:context}.
func isUserMacro(s string) bool {
	if len(s) < 4 || s[0] != '{' || s[1] != '$' || s[len(s)-1] != '}' {
		return false
	}
	name := s[2 : len(s)-1]
	for i := 0; i < len(name); i++ {
		if name[i] == ':' {
			return i > 0 && isMacroName(name[:i], false)
		}
	}
	return isMacroName(name, false)
}

// isBuiltinMacro reports whether s is a built-in macro such as {HOST.IP}.
func isBuiltinMacro(s string) bool {
	return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && isMacroName(s[1:len(s)-1], false)
}

// isLLDMacro reports whether s is a low-level discovery macro: {#NAME}.
func isLLDMacro(s string) bool {
	return len(s) > 3 && s[0] == '{' && s[1] == '#' && s[len(s)-1] == '}' && isMacroName(s[2:len(s)-1], false)
}

// isMacroName reports whether s is a macro name: upper-case letters, digits,
// '.' and '_'; dollar allows one leading '$'.
func isMacroName(s string, dollar bool) bool {
	if dollar && len(s) > 0 && s[0] == '$' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
