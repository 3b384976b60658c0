package zabbix

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinels for the failures callers act on. An *APIError matches the one
// its text denotes under errors.Is.
var (
	// ErrHostExists: a host with the same technical name already exists
	// (or the same name appears twice in one host.create).
	ErrHostExists = errors.New("zabbix: host name already taken")
	// ErrNoObject: a referred object (host, group, template, proxy,
	// interface) does not exist, or the API user may not see it.
	ErrNoObject = errors.New("zabbix: object does not exist or no permission")
	// ErrNotAuthorized: the token or session is not valid.
	ErrNotAuthorized = errors.New("zabbix: not authorized")
	// ErrTokenExpired: the API token has expired.
	ErrTokenExpired = errors.New("zabbix: API token expired")
	// ErrSessionTerminated: the login session is gone; log in again.
	ErrSessionTerminated = errors.New("zabbix: session terminated")
	// ErrUnsupported: the request needs a Zabbix version the server is not
	// (for example proxy groups before 7.0).
	ErrUnsupported = errors.New("zabbix: not supported by this server version")
	// ErrGroupExists: a host group with the same name already exists.
	ErrGroupExists = errors.New("zabbix: host group name already taken")
	// ErrInterfaceInUse: an update would remove a host interface that
	// items use; Zabbix refuses it and changes nothing.
	ErrInterfaceInUse = errors.New("zabbix: interface used by items")
	// ErrDatabase: Zabbix's database refused a statement, and Zabbix
	// rolled the whole call back: nothing was changed. It is transient
	// (concurrent writers collided, the database was busy or restarting):
	// the Client has already sent the call again a few times, with
	// backoff, before returning it; try again later.
	ErrDatabase = errors.New("zabbix: database error, call rolled back")
	// ErrPSKConflict: from 7.0, Zabbix allows one PSK per PSK identity
	// across all hosts, and another host already uses the identity with
	// a different key. To rotate a key, give the host a new identity with
	// the new key, or change the key on every host that uses the
	// identity. (6.x accepts two keys for one identity.)
	ErrPSKConflict = errors.New("zabbix: PSK identity already used with another PSK")
)

// APIError is the JSON-RPC error object a Zabbix server answered with,
// plus the method that was called.
type APIError struct {
	Method  string // the JSON-RPC method, e.g. "host.create"
	Code    int    // e.g. -32602 (invalid params), -32500 (application error)
	Message string // e.g. "Invalid params."
	Data    string // the detail, e.g. `Host with the same name "web-01" already exists.`
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("zabbix: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteString(": ")
	}
	b.WriteString(strings.TrimSuffix(e.Message, "."))
	fmt.Fprintf(&b, " (%d)", e.Code)
	if e.Data != "" {
		b.WriteString(": ")
		b.WriteString(e.Data)
	}
	if h := e.hint(); h != "" {
		b.WriteString(" (")
		b.WriteString(h)
		b.WriteString(")")
	}
	return b.String()
}

// hint says what to do about the errors whose text does not.
func (e *APIError) hint() string {
	if e.Is(ErrPSKConflict) {
		return "another host uses this PSK identity with a different PSK: " +
			"use a new PSK identity with the new key, or change the key on every host that uses the identity"
	}
	return ""
}

// Is reports whether the error's text denotes the target sentinel.
func (e *APIError) Is(target error) bool {
	d := e.Data
	switch target {
	case ErrHostExists:
		return strings.HasPrefix(d, "Host with the same name ") ||
			strings.HasPrefix(d, "Duplicate host. Host with the same host name ")
	case ErrNoObject:
		return strings.Contains(d, "No permissions to referred object or it does not exist") ||
			strings.Contains(d, "object does not exist, or you have no permissions to it")
	case ErrNotAuthorized:
		return d == "Not authorized."
	case ErrTokenExpired:
		return d == "API token expired."
	case ErrSessionTerminated:
		return d == "Session terminated, re-login, please."
	case ErrGroupExists:
		return strings.HasPrefix(d, "Host group ") && strings.HasSuffix(d, " already exists.")
	case ErrInterfaceInUse:
		return strings.HasPrefix(d, "Interface is linked to item ")
	case ErrDatabase:
		return e.Code == codeApplication && databaseError(d)
	case ErrPSKConflict:
		return strings.Contains(d, "another tls_psk value is already associated with given tls_psk_identity")
	}
	return false
}

// codeApplication is the JSON-RPC error code of Zabbix's "Application
// error.", which carries the database errors.
const codeApplication = -32500

// databaseError reports whether an error's data is one of the texts
// Zabbix's DB class throws when the database refuses a statement, after
// which the API rolls the call's transaction back. 6.0 (include/classes/db/
// DB.php): "DBEXECUTE_ERROR" (ID allocation), "SQL statement execution has
// failed "…"." (insert, update, delete), "Your database is not working
// properly. …" (a deadlock, e.g. on table ids); 7.0 adds "Database error
// occurred." (ID allocation). Texts about a value the request gave
// ("Incorrect value … for int field") are not among them.
func databaseError(d string) bool {
	return d == "DBEXECUTE_ERROR" || d == "Database error occurred." ||
		strings.HasPrefix(d, "SQL statement execution has failed") ||
		strings.HasPrefix(d, "Your database is not working properly")
}

// HostName returns the host name quoted in a host-name-taken error, or "".
func (e *APIError) HostName() string {
	if !errors.Is(e, ErrHostExists) {
		return ""
	}
	_, rest, ok := strings.Cut(e.Data, `"`)
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return ""
	}
	return name
}

// Index returns the 1-based position, in an array request such as a
// host.create of many hosts, of the element the error is about, when the
// server says (Zabbix 7.0 names it in parameter paths such as
// `Invalid parameter "/3/groups/1": …`), else 0.
func (e *APIError) Index() int {
	_, rest, ok := strings.Cut(e.Data, `Invalid parameter "/`)
	if !ok {
		return 0
	}
	digits := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
	if digits == 0 || digits > 6 || (rest[digits] != '/' && rest[digits] != '"') {
		return 0
	}
	n, _ := strconv.Atoi(rest[:digits])
	return n
}

// VersionError reports a request the server's version cannot carry out.
// It matches ErrUnsupported under errors.Is.
type VersionError struct {
	Version Version // the server's version
	Need    Version // the oldest version that can
	What    string  // what was asked, e.g. "monitoring by proxy group"
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("zabbix: %s needs Zabbix %d.%d or later; the server runs %s", e.What, e.Need.Major(), e.Need.Minor(), e.Version)
}

// Is reports whether target is ErrUnsupported.
func (e *VersionError) Is(target error) bool { return target == ErrUnsupported }
