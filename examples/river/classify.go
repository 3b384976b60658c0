package main

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

// action is what a worker does with a failed run.
type action int

const (
	// retry: a remote or passing failure. The worker returns the error and
	// River tries again later, with its exponential backoff, until the
	// job's MaxAttempts.
	retry action = iota
	// cancel: bad input. The same job would fail the same way, so the
	// worker returns river.JobCancel: the job is cancelled at once, the
	// error stays in its errors and the reason in its output.
	cancel
	// done: the object is already as the job asks. The job completes, with
	// the reason in its output.
	done
)

func (a action) String() string {
	switch a {
	case cancel:
		return "cancelled"
	case done:
		return "unchanged"
	}
	return "retry"
}

// verdict is what classify says about an error: the action and why.
type verdict struct {
	Action action
	Reason string
}

// classify decides whether a failed ProvisionAgent or CreateZabbixInterface
// is worth retrying. The order matters: an error can match several
// categories (a *provision.HostNameTakenError wraps Zabbix's refusal; an
// *provision.UndoError wraps both the failure and the undo's).
func classify(err error) verdict {
	v := func(a action, reason string) verdict { return verdict{Action: a, Reason: reason} }
	switch {
	case err == nil:
		return v(done, "")

	// The object already has what the job asks for.
	case errors.Is(err, provision.ErrInterfaceExists):
		return v(done, "already provisioned: the host config has this agent interface")

	// A failed undo leaves a Zabbix host the store does not know; a retry
	// takes it over (ProvisionAgent adopts the host carrying the object's
	// tag) or, if the failure was bad input, fails again and undoes.
	case errors.Is(err, provision.ErrUndoFailed):
		return v(retry, "the undo failed after a failure: a retry recovers the host it left (the error names it)")

	// Bad input: nothing changes until someone changes NetBox, the store
	// or the request.
	case errors.Is(err, provision.ErrInvalidRequest):
		return v(cancel, "invalid request or stored settings")
	case errors.Is(err, provision.ErrObjectNotFound), errors.Is(err, netbox.ErrNotFound):
		return v(cancel, "the object is not in NetBox")
	case errors.Is(err, provision.ErrExcluded):
		return v(cancel, "the object is excluded from Zabbix by its custom field")
	case errors.Is(err, provision.ErrNoPrimaryIP):
		return v(cancel, "the object has no primary IPv4 address")
	case errors.Is(err, mapping.ErrNoDefault), errors.Is(err, mapping.ErrSeveralDefaults):
		return v(cancel, "no mapping applies: add a default mapping (or remove the extra one)")
	case errors.Is(err, provision.ErrNoProxy):
		return v(cancel, "the settings monitor by proxy and the mapping names none")
	case errors.Is(err, provision.ErrHostNameTaken):
		return v(cancel, "another Zabbix host has this name")
	case errors.Is(err, iface.ErrNotProvisioned):
		return v(cancel, "the host config has no Zabbix host yet: provision the object first")
	case errors.Is(err, provision.ErrHostMissing):
		return v(cancel, "the host config's Zabbix host was deleted")
	case errors.Is(err, provision.ErrNoMatch):
		return v(cancel, "Zabbix has no interface matching the config's (the change was undone)")
	case errors.Is(err, store.ErrNotFound):
		return v(cancel, "no such record in the store")
	case errors.Is(err, zabbix.ErrInvalidRequest), errors.Is(err, zabbix.ErrUnsupported):
		return v(cancel, "the Zabbix server cannot do this request")

	// Remote or passing failures.
	case errors.Is(err, context.DeadlineExceeded):
		return v(retry, "timed out (a slow server, or a store lock held by another run)")
	case errors.Is(err, context.Canceled):
		return v(retry, "interrupted (the worker is stopping)")
	case errors.Is(err, store.ErrConflict):
		return v(retry, "a concurrent write won the race: a retry reads its result")
	case errors.Is(err, netbox.ErrUnavailable):
		return v(retry, "NetBox is unavailable (429, 502, 503 or 504)")
	case errors.Is(err, netbox.ErrUnauthorized), errors.Is(err, zabbix.ErrNotAuthorized),
		errors.Is(err, zabbix.ErrTokenExpired), errors.Is(err, zabbix.ErrSessionTerminated):
		return v(retry, "credentials refused: the worker's configuration, not the job, needs fixing")
	case errors.Is(err, netbox.ErrBadResponse), errors.Is(err, zabbix.ErrBadResponse):
		return v(retry, "the server's answer was not an API response (a proxy, a crash, a 5xx)")
	case isReadBack(err):
		return v(retry, "Zabbix made the change but its answer was lost: a retry finds the host")
	case isPostgres(err):
		return v(retry, "database error")
	case isNetwork(err):
		return v(retry, "network error")
	}

	var nh *netbox.HTTPError
	if errors.As(err, &nh) {
		if nh.StatusCode >= 500 || nh.StatusCode == http.StatusRequestTimeout || nh.StatusCode == http.StatusTooManyRequests {
			return v(retry, "NetBox answered "+nh.Status)
		}
		return v(cancel, "NetBox refused the request: "+nh.Status)
	}
	var ae *zabbix.APIError
	if errors.As(err, &ae) {
		if transientZabbix(ae) {
			return v(retry, "Zabbix had an internal or database error")
		}
		return v(cancel, "Zabbix refused the request")
	}
	return v(retry, "unclassified error: retried until the job's attempts run out")
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
