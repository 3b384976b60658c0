// Package verdict decides what the example programs do with a failed
// ProvisionAgent or CreateZabbixInterface: retry it later (a remote or
// passing failure), give up at once (bad input: the same run would fail the
// same way), or count it done (the object already is as asked). The River
// program and the webhook receiver share it, so that they agree.
package verdict

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Action is what to do with a failed run.
type Action int

const (
	// Retry: a remote or passing failure. Run it again later, with
	// backoff (River: return the error; the webhook: retry in the
	// receiver).
	Retry Action = iota
	// Cancel: bad input. The same run would fail the same way: give up at
	// once and keep the reason (River: river.JobCancel).
	Cancel
	// Done: the object is already as asked; nothing to do.
	Done
)

// String is the word the River program records in a job's output:
// "retry", "cancelled" or "unchanged".
func (a Action) String() string {
	switch a {
	case Cancel:
		return "cancelled"
	case Done:
		return "unchanged"
	}
	return "retry"
}

// Verdict is what Of says about an error: the action and why.
type Verdict struct {
	Action Action
	Reason string
}

// Of decides whether a failed ProvisionAgent or CreateZabbixInterface is
// worth retrying. The order matters: an error can match several categories
// (a *provision.HostNameTakenError wraps Zabbix's refusal; an
// *provision.UndoError wraps both the failure and the undo's). A nil error
// is Done.
func Of(err error) Verdict {
	v := func(a Action, reason string) Verdict { return Verdict{Action: a, Reason: reason} }
	switch {
	case err == nil:
		return v(Done, "")

	// The object already has what the job asks for.
	case errors.Is(err, provision.ErrInterfaceExists):
		return v(Done, "already provisioned: the host config has this agent interface")

	// A failed undo leaves a Zabbix host the store does not know; a retry
	// takes it over (ProvisionAgent adopts the host carrying the object's
	// tag) or, if the failure was bad input, fails again and undoes.
	case errors.Is(err, provision.ErrUndoFailed):
		return v(Retry, "the undo failed after a failure: a retry recovers the host it left (the error names it)")

	// Zabbix rolled the call back on a database error, and the client's
	// own resends did not get through: transient, never bad input, even
	// though it is a -32500 refusal.
	case errors.Is(err, zabbix.ErrDatabase):
		return v(Retry, "Zabbix rolled the call back on a database error (concurrent writers, a busy or restarting database)")

	// Bad input: nothing changes until someone changes NetBox, the store
	// or the request.
	case errors.Is(err, provision.ErrInvalidRequest):
		return v(Cancel, "invalid request or stored settings")
	case errors.Is(err, provision.ErrObjectNotFound), errors.Is(err, netbox.ErrNotFound):
		return v(Cancel, "the object is not in NetBox")
	case errors.Is(err, provision.ErrExcluded):
		return v(Cancel, "the object is excluded from Zabbix by its custom field")
	case errors.Is(err, provision.ErrNoPrimaryIP):
		return v(Cancel, "the object has no primary IPv4 address")
	case errors.Is(err, mapping.ErrNoDefault), errors.Is(err, mapping.ErrSeveralDefaults):
		return v(Cancel, "no mapping applies: add a default mapping (or remove the extra one)")
	case errors.Is(err, provision.ErrNoProxy):
		return v(Cancel, "the settings monitor by proxy and the mapping names none")
	case errors.Is(err, mapping.ErrHostGroupName), errors.Is(err, mapping.ErrHostGroupPattern):
		return v(Cancel, "the mapping's host group names cannot be made for the object: fix NetBox or the mapping")
	case errors.Is(err, provision.ErrHostGroupMissing):
		return v(Cancel, "the mapping names a host group Zabbix lacks: create it, or let the settings create host groups")
	case errors.Is(err, provision.ErrHostNameTaken):
		return v(Cancel, "another Zabbix host has this name")
	case errors.Is(err, iface.ErrNotProvisioned):
		return v(Cancel, "the host config has no Zabbix host yet: provision the object first")
	case errors.Is(err, provision.ErrHostMissing):
		return v(Cancel, "the host config's Zabbix host was deleted")
	case errors.Is(err, provision.ErrNoMatch):
		return v(Cancel, "Zabbix has no interface matching the config's (the change was undone)")
	case errors.Is(err, store.ErrNotFound):
		return v(Cancel, "no such record in the store")
	case errors.Is(err, zabbix.ErrPSKConflict):
		return v(Cancel, "the PSK identity is another host's with another key: use a new identity, or change the key on every host that uses it")
	case errors.Is(err, zabbix.ErrInvalidRequest), errors.Is(err, zabbix.ErrUnsupported):
		return v(Cancel, "the Zabbix server cannot do this request")

	// Remote or passing failures.
	case errors.Is(err, context.DeadlineExceeded):
		return v(Retry, "timed out (a slow server, or a store lock held by another run)")
	case errors.Is(err, context.Canceled):
		return v(Retry, "interrupted (the worker is stopping)")
	case errors.Is(err, store.ErrConflict):
		return v(Retry, "a concurrent write won the race: a retry reads its result")
	case errors.Is(err, netbox.ErrUnavailable):
		return v(Retry, "NetBox is unavailable (429, 502, 503 or 504)")
	case errors.Is(err, netbox.ErrUnauthorized), errors.Is(err, zabbix.ErrNotAuthorized),
		errors.Is(err, zabbix.ErrTokenExpired), errors.Is(err, zabbix.ErrSessionTerminated):
		return v(Retry, "credentials refused: the worker's configuration, not the job, needs fixing")
	case errors.Is(err, netbox.ErrBadResponse), errors.Is(err, zabbix.ErrBadResponse):
		return v(Retry, "the server's answer was not an API response (a proxy, a crash, a 5xx)")
	case isReadBack(err):
		return v(Retry, "Zabbix made the change but its answer was lost: a retry finds the host")
	case isPostgres(err):
		return v(Retry, "database error")
	case isNetwork(err):
		return v(Retry, "network error")
	}

	var nh *netbox.HTTPError
	if errors.As(err, &nh) {
		if nh.StatusCode >= 500 || nh.StatusCode == http.StatusRequestTimeout || nh.StatusCode == http.StatusTooManyRequests {
			return v(Retry, "NetBox answered "+nh.Status)
		}
		return v(Cancel, "NetBox refused the request: "+nh.Status)
	}
	var ae *zabbix.APIError
	if errors.As(err, &ae) {
		if transientZabbix(ae) {
			return v(Retry, "Zabbix had an internal or database error")
		}
		return v(Cancel, "Zabbix refused the request")
	}
	return v(Retry, "unclassified error: retried until the job's attempts run out")
}

// transientZabbix reports whether Zabbix's refusal is its own passing
// trouble (its database, an internal error) rather than a verdict on the
// request, which would be the same next time.
func transientZabbix(e *zabbix.APIError) bool {
	if e.Code == -32603 { // JSON-RPC "Internal error."
		return true
	}
	d := strings.ToLower(e.Data)
	for _, s := range []string{"sql statement execution has failed", "database error", "error connecting to database",
		"deadlock", "could not serialize", "lock wait timeout", "connection to database", "too many connections"} {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

func isReadBack(err error) bool {
	var rb *zabbix.ReadBackError
	return errors.As(err, &rb)
}

func isPostgres(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) || pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}

func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}
