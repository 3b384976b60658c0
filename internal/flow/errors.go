package flow

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Sentinels of the failures every operation shares. Package provision
// re-exports them under the same names.
var (
	// ErrInvalidRequest: the request or the stored settings fail
	// validation; nothing was called.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrHostMissing: the host config's Zabbix host does not exist.
	ErrHostMissing = errors.New("host missing in Zabbix")
	// ErrNoMatch: after an update, a config interface has no matching
	// Zabbix interface.
	ErrNoMatch = errors.New("no matching Zabbix interface")
	// ErrUndoFailed: a failed run could not undo its Zabbix change.
	ErrUndoFailed = errors.New("undo failed")
	// ErrNotProvisioned: the object has no host config with a Zabbix host;
	// provision it first.
	ErrNotProvisioned = errors.New("not provisioned")
)

// Error is a failed operation on one NetBox object. Err is the cause: a
// sentinel or typed error of the operation's package, a mapping error, or
// a backend's error.
type Error struct {
	Op     string     // the operation, e.g. "ProvisionAgent"
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

// Failure returns an error matching kind whose text is the formatted
// sentence.
func Failure(kind error, format string, args ...any) error {
	return &detailError{kind: kind, text: fmt.Sprintf(format, args...)}
}

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
