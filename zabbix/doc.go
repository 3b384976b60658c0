// Package zabbix defines the Zabbix side of the library: hosts, interfaces,
// tags and the objects a host refers to, the API version, secrets, and the
// errors a Zabbix backend returns.
//
// A Host is version-neutral. Backends put it on the wire the way the
// server's version wants: proxy_hostid before 7.0; monitored_by with proxyid
// or proxy_groupid from 7.0.
//
// # Errors
//
// A Zabbix error answer is an *APIError (code, message, data and the method
// called). It matches a sentinel under errors.Is when its text denotes one
// callers act on: ErrHostExists, ErrNoObject, ErrNotAuthorized,
// ErrTokenExpired, ErrSessionTerminated. A request the server's version
// cannot carry out is a *VersionError matching ErrUnsupported.
//
// # Secrets
//
// Secret holds API tokens, TLS pre-shared keys and SNMP passphrases. It
// prints and encodes as "[redacted]"; only Reveal returns the value.
//
// # Backends
//
// Package memzabbix is an in-memory Zabbix that enforces the rules a real
// server does; package zabbixtest is the conformance suite it passes.
package zabbix
