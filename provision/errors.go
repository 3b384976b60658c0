package provision

import (
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Sentinels for the failures of the operations of this package, matched
// under errors.Is. The errors returned carry more: see Error and the typed
// errors below.
var (
	// ErrInvalidRequest: the request or the stored settings fail
	// validation; nothing was called.
	ErrInvalidRequest = flow.ErrInvalidRequest
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
	ErrHostMissing = flow.ErrHostMissing
	// ErrNoMatch: after the update, a config interface has no matching
	// Zabbix interface.
	ErrNoMatch = flow.ErrNoMatch
	// ErrUndoFailed: a failed run could not undo its Zabbix change.
	ErrUndoFailed = flow.ErrUndoFailed
	// ErrNotProvisioned: the object has no host config with a Zabbix host;
	// provision it first.
	ErrNotProvisioned = flow.ErrNotProvisioned
	// ErrHostGroupMissing: a mapping names a host group by name that
	// Zabbix does not have, and the run may not create it (the settings'
	// CreateHostGroups is off, or the operation does not create groups).
	ErrHostGroupMissing = errors.New("host group missing in Zabbix")
)

// Error is a failed operation on one NetBox object: Op names the
// operation ("ProvisionAgent", "CreateZabbixInterface", …), Object the
// object (zero when unknown), and Err is the cause — one of the sentinels
// or typed errors of this package or of package iface, a mapping error, or
// a backend's error. Every operation of this module returns its failures as
// an *Error.
type Error = flow.Error

// UndoError reports a failed run whose Zabbix change could not be undone:
// Err is why the run failed, UndoErr why the undo failed, Action what the
// undo tried, and HostID names the Zabbix host left changed or orphaned.
// It matches ErrUndoFailed and unwraps to both errors.
type UndoError = flow.UndoError

// NoMatchError reports a config interface that has no Zabbix interface to
// link to after an update: Config and Interface name it, Candidates are the
// host's interfaces. It matches ErrNoMatch.
type NoMatchError = flow.NoMatchError

// failure returns an error matching kind whose text is the formatted
// sentence.
func failure(kind error, format string, args ...any) error {
	return flow.Failure(kind, format, args...)
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
