package main

import (
	"context"
	"errors"
	"net"
	"net/url"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/nbzbx/netbox-zabbix/examples/internal/mappingfile"
	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Exit statuses; see the package documentation.
const (
	exitOK          = 0
	exitOther       = 1
	exitBadInput    = 2
	exitNotFound    = 3
	exitRemote      = 4
	exitProvisioned = 5
	exitStore       = 6
	exitNotInSync   = 7
	exitSomeFailed  = 8
)

// classify returns the exit status of err and a word for it, the "kind"
// of the JSON error. The order matters: an undo that failed is reported
// as such whatever caused it, and a host name taken by another host is
// bad input although Zabbix's refusal is an API error underneath.
func classify(err error) (int, string) {
	var (
		usage   *usageError
		fileErr *mappingfile.Error
	)
	switch {
	case err == nil:
		return exitOK, ""
	case errors.As(err, &usage):
		return exitBadInput, "usage"
	case errors.Is(err, storeflag.ErrOpen):
		return exitStore, "store"
	case errors.Is(err, provision.ErrUndoFailed):
		return exitOther, "undo_failed"
	case errors.Is(err, context.Canceled):
		return exitOther, "canceled"
	case errors.Is(err, provision.ErrInterfaceExists), errors.Is(err, provision.ErrAlreadyProvisioned):
		return exitProvisioned, "already_provisioned"
	case errors.Is(err, provision.ErrObjectNotFound), errors.Is(err, provision.ErrNoHostToImport),
		errors.Is(err, store.ErrNotFound),
		errors.Is(err, provision.ErrHostMissing),
		errors.Is(err, netbox.ErrNotFound):
		return exitNotFound, "not_found"
	case errors.Is(err, provision.ErrInvalidRequest),
		errors.Is(err, provision.ErrExcluded),
		errors.Is(err, provision.ErrNoPrimaryIP),
		errors.Is(err, provision.ErrNoProxy),
		errors.Is(err, provision.ErrHostNameTaken),
		errors.Is(err, mapping.ErrNoDefault),
		errors.Is(err, mapping.ErrSeveralDefaults),
		errors.Is(err, provision.ErrNotProvisioned),
		errors.Is(err, iface.ErrInterfaceInUse),
		errors.Is(err, zabbix.ErrInvalidRequest),
		errors.Is(err, netbox.ErrBadQuery),
		errors.Is(err, provision.ErrAmbiguousImport),
		errors.Is(err, mapping.ErrInvalidSpec), errors.Is(err, mapping.ErrUnknownName),
		errors.Is(err, mappingfile.ErrRead), errors.As(err, &fileErr):
		return exitBadInput, "invalid"
	case storeFailed(err):
		return exitStore, "store"
	case remote(err):
		return exitRemote, "remote"
	}
	return exitOther, "other"
}

// remote reports whether err is NetBox or Zabbix failing: unreachable,
// too slow, refusing the credentials, or answering with an error.
func remote(err error) bool {
	var (
		nbHTTP  *netbox.HTTPError
		nbAuth  *netbox.AuthError
		zbxAPI  *zabbix.APIError
		zbxHTTP *zabbix.HTTPError
		urlErr  *url.Error
		netErr  net.Error
	)
	return errors.As(err, &nbHTTP) || errors.As(err, &nbAuth) ||
		errors.Is(err, netbox.ErrUnauthorized) || errors.Is(err, netbox.ErrUnavailable) || errors.Is(err, netbox.ErrBadResponse) ||
		errors.As(err, &zbxAPI) || errors.As(err, &zbxHTTP) ||
		errors.Is(err, zabbix.ErrBadResponse) || errors.Is(err, zabbix.ErrUnsupported) ||
		errors.As(err, &urlErr) || errors.As(err, &netErr) ||
		errors.Is(err, context.DeadlineExceeded)
}

// storeFailed reports whether err is the store's database failing during
// the run: PostgreSQL unreachable or refusing a statement, SQLite refusing
// one. The HTTP clients' network errors come wrapped in *url.Error and are
// not among them.
func storeFailed(err error) bool {
	var (
		pgErr   *pgconn.PgError
		connErr *pgconn.ConnectError
		lite    *sqlite.Error
	)
	return errors.As(err, &pgErr) || errors.As(err, &connErr) || errors.As(err, &lite)
}
