package provision

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Sentinels for the failures of ProvisionAgent and Sync, matched under
// errors.Is. The errors returned carry more: see Error and the typed errors
// below.
var (
	// ErrInvalidRequest: the request or the stored settings fail
	// validation; nothing was called.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrObjectNotFound: NetBox has no such device or virtual machine.
	ErrObjectNotFound = errors.New("object not found in NetBox")
	// ErrExcluded: the object's exclusion custom field is set.
	ErrExcluded = errors.New("object excluded from Zabbix")
	// ErrNoPrimaryIP: the object has no primary IPv4 address.
	ErrNoPrimaryIP = errors.New("no primary IPv4 address")
	// ErrNoProxy: the settings monitor hosts by proxy (or proxy group) and
	// the mapping names none.
	ErrNoProxy = errors.New("no proxy configured")
	// ErrInterfaceExists: an agent interface with the same IP and port is
	// already in the host config.
	ErrInterfaceExists = errors.New("interface already exists")
	// ErrHostNameTaken: Zabbix already has a host with this name that the
	// library did not make for this object.
	ErrHostNameTaken = errors.New("host name taken in Zabbix")
	// ErrHostMissing: the host config's Zabbix host does not exist.
	ErrHostMissing = errors.New("Zabbix host missing")
	// ErrNoMatch: after the update, a config interface has no matching
	// Zabbix interface.
	ErrNoMatch = errors.New("no matching Zabbix interface")
	// ErrUndoFailed: a failed run could not undo its Zabbix change.
	ErrUndoFailed = errors.New("undo failed")
)

// Error is a failed operation on one NetBox object. Err is the cause: one
// of the sentinels or typed errors of this package, a mapping error, or a
// backend's error.
type Error struct {
	Op     string     // "ProvisionAgent", "CreateZabbixInterface"
	Object netbox.Ref // the object the run was for (zero when unknown)
	Err    error
}

func (e *Error) Error() string {
	if e.Object == (netbox.Ref{}) {
		return "provision: " + e.Op + ": " + e.Err.Error()
	}
	return "provision: " + e.Op + " " + e.Object.String() + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// detailError is a sentinel with a sentence about the object.
type detailError struct {
	kind error
	text string
}

func (e *detailError) Error() string        { return e.text }
func (e *detailError) Is(target error) bool { return target == e.kind }

// failure returns an error matching kind whose text is the formatted
// sentence.
func failure(kind error, format string, args ...any) error {
	return &detailError{kind: kind, text: fmt.Sprintf(format, args...)}
}

// InterfaceExistsError reports an agent interface with the same IP address
// and port already in the host config.
type InterfaceExistsError struct {
	Config   string          // the host config's name
	Existing store.Interface // the interface already there
}

func (e *InterfaceExistsError) Error() string {
	addr := e.Existing.IP
	if addr == "" {
		addr = e.Existing.DNSName
	}
	return fmt.Sprintf("host config %q already has %s interface %q for %s port %d; nothing to add (remove it first to re-create it)",
		e.Config, e.Existing.Type, e.Existing.Name, addr, e.Existing.Port)
}

// Is reports whether target is ErrInterfaceExists.
func (e *InterfaceExistsError) Is(target error) bool { return target == ErrInterfaceExists }

// HostNameTakenError reports a Zabbix host with the wanted name that this
// library did not make for this object.
type HostNameTakenError struct {
	Host   string // the technical host name
	HostID string // the existing host's ID, when it could be read
	Err    error  // Zabbix's answer
}

func (e *HostNameTakenError) Error() string {
	id := ""
	if e.HostID != "" {
		id = " (hostid " + e.HostID + ")"
	}
	return fmt.Sprintf("Zabbix already has a host named %q%s that is not this object's: rename one of them, or delete the Zabbix host: %v",
		e.Host, id, e.Err)
}

// Is reports whether target is ErrHostNameTaken.
func (e *HostNameTakenError) Is(target error) bool { return target == ErrHostNameTaken }

func (e *HostNameTakenError) Unwrap() error { return e.Err }

// NoMatchError reports a config interface that has no Zabbix interface to
// link to after the update. It carries both sides.
type NoMatchError struct {
	Config     string
	Interface  store.Interface
	Candidates []zabbix.HostInterface // the host's interfaces after the update
}

func (e *NoMatchError) Error() string {
	var have []string
	for _, c := range e.Candidates {
		have = append(have, fmt.Sprintf("%s %s/%s:%s (id %s)", c.Type, c.IP, c.DNS, c.Port, c.InterfaceID))
	}
	return fmt.Sprintf("no Zabbix interface of host config %q matches %s interface %q (ip %q, dns %q, port %d); the host has [%s]",
		e.Config, e.Interface.Type, e.Interface.Name, e.Interface.IP, e.Interface.DNSName, e.Interface.Port, strings.Join(have, ", "))
}

// Is reports whether target is ErrNoMatch.
func (e *NoMatchError) Is(target error) bool { return target == ErrNoMatch }

// UndoError reports a failed run whose Zabbix change could not be undone:
// Err is why the run failed, UndoErr why the undo failed. HostID names the
// Zabbix host left behind.
type UndoError struct {
	HostID  string
	Action  string // what the undo tried: "delete the host", "restore the host"
	Err     error
	UndoErr error
}

func (e *UndoError) Error() string {
	return fmt.Sprintf("%v; the undo (%s) failed too, so Zabbix host %s is left changed or orphaned: check it, and delete it by hand if no host config points at it: %v",
		e.Err, e.Action, e.HostID, e.UndoErr)
}

// Is reports whether target is ErrUndoFailed.
func (e *UndoError) Is(target error) bool { return target == ErrUndoFailed }

// Unwrap returns both the cause and the undo's error.
func (e *UndoError) Unwrap() []error { return []error{e.Err, e.UndoErr} }
