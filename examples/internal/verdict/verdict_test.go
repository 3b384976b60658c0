package verdict_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func TestOf(t *testing.T) {
	t.Parallel()
	// wrap is how the library returns failures: an *Error naming the
	// operation and the object around the cause.
	wrap := func(err error) error {
		return &provision.Error{Op: "ProvisionAgent", Object: netbox.DeviceRef(42), Err: err}
	}
	hostExists := &zabbix.APIError{Method: "host.create", Code: -32602, Message: "Invalid params.", Data: `Host with the same name "web-01" already exists.`}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, c := range []struct {
		name string
		err  error
		want verdict.Action
	}{
		{"interface exists", wrap(&provision.InterfaceExistsError{Config: "z-web-01"}), verdict.Done},

		{"invalid request", wrap(fmt.Errorf("%w: object type", provision.ErrInvalidRequest)), verdict.Cancel},
		{"object not found", wrap(fmt.Errorf("%w: %w", provision.ErrObjectNotFound, &netbox.NotFoundError{Type: netbox.TypeDevice, ID: 42})), verdict.Cancel},
		{"IP address not found", wrap(fmt.Errorf("read IP: %w", &netbox.NotFoundError{Type: netbox.TypeIPAddress, ID: 7})), verdict.Cancel},
		{"excluded", wrap(provision.ErrExcluded), verdict.Cancel},
		{"no primary IP", wrap(fmt.Errorf("web-01 does not have a primary IPv4 address: %w", provision.ErrNoPrimaryIP)), verdict.Cancel},
		{"no default mapping", wrap(fmt.Errorf("resolve: %w", mapping.ErrNoDefault)), verdict.Cancel},
		{"several defaults", wrap(mapping.ErrSeveralDefaults), verdict.Cancel},
		{"no proxy", wrap(provision.ErrNoProxy), verdict.Cancel},
		{"host group placeholder", wrap(&mapping.GroupNameError{Mapping: "Web", Pattern: "{tenant}", Placeholder: "{tenant}"}), verdict.Cancel},
		{"host group pattern", wrap(fmt.Errorf("mapping %q: %w %q", "Web", mapping.ErrHostGroupPattern, "{x")), verdict.Cancel},
		{"host group missing", wrap(fmt.Errorf("mapping: %w", provision.ErrHostGroupMissing)), verdict.Cancel},
		{"host name taken", wrap(&provision.HostNameTakenError{Host: "web-01", Err: hostExists}), verdict.Cancel},
		{"not provisioned", &provision.Error{Op: "CreateZabbixInterface", Err: iface.ErrNotProvisioned}, verdict.Cancel},
		{"host missing", wrap(provision.ErrHostMissing), verdict.Cancel},
		{"no match", wrap(&provision.NoMatchError{Config: "z-web-01"}), verdict.Cancel},
		{"host config not in the store", &provision.Error{Op: "CreateZabbixInterface", Err: fmt.Errorf("host config 9: %w", store.ErrNotFound)}, verdict.Cancel},
		{"Zabbix invalid params", wrap(&zabbix.APIError{Method: "host.create", Code: -32602, Message: "Invalid params.", Data: `Invalid parameter "/1/groups/1": object does not exist.`}), verdict.Cancel},
		{"Zabbix version", wrap(&zabbix.VersionError{What: "monitoring by proxy group"}), verdict.Cancel},
		{"client refused to send", wrap(fmt.Errorf("%w: host.create: proxy", zabbix.ErrInvalidRequest)), verdict.Cancel},
		{"NetBox 400", wrap(&netbox.HTTPError{StatusCode: 400, Status: "400 Bad Request"}), verdict.Cancel},

		{"undo failed", wrap(&provision.UndoError{HostID: "10601", Err: &provision.NoMatchError{}, UndoErr: refused}), verdict.Retry},
		{"connection refused", wrap(&url.Error{Op: "Post", URL: "http://zabbix/api_jsonrpc.php", Err: refused}), verdict.Retry},
		{"unexpected EOF", wrap(fmt.Errorf("read body: %w", io.ErrUnexpectedEOF)), verdict.Retry},
		{"timeout", wrap(fmt.Errorf("lock device 42 in the store: %w", context.DeadlineExceeded)), verdict.Retry},
		{"worker stopping", wrap(context.Canceled), verdict.Retry},
		{"NetBox 503", wrap(&netbox.HTTPError{StatusCode: 503, Status: "503 Service Unavailable", RetryAfter: time.Hour}), verdict.Retry},
		{"NetBox 500", wrap(&netbox.HTTPError{StatusCode: 500, Status: "500 Internal Server Error"}), verdict.Retry},
		{"NetBox token", wrap(&netbox.AuthError{StatusCode: 403}), verdict.Retry},
		{"NetBox HTML", wrap(&netbox.HTTPError{StatusCode: 200, Reason: "body is not JSON"}), verdict.Retry},
		{"Zabbix 502", wrap(&zabbix.HTTPError{StatusCode: 502, Status: "502 Bad Gateway", Reason: "not JSON"}), verdict.Retry},
		{"Zabbix database", wrap(&zabbix.APIError{Code: -32500, Message: "Application error.", Data: "SQL statement execution has failed \"INSERT INTO hosts…\""}), verdict.Retry},
		{"Zabbix internal", wrap(&zabbix.APIError{Code: -32603, Message: "Internal error."}), verdict.Retry},
		{"Zabbix token expired", wrap(&zabbix.APIError{Code: -32602, Data: "API token expired."}), verdict.Retry},
		{"read-back lost", wrap(&zabbix.ReadBackError{Method: "host.create", HostIDs: []string{"10601"}}), verdict.Retry},
		{"store conflict", wrap(fmt.Errorf("create host config: %w", store.ErrConflict)), verdict.Retry},
		{"deadlock", wrap(&pgconn.PgError{Code: "40P01", Message: "deadlock detected"}), verdict.Retry},
		// A first host.create on a new database, rolled
		// back; the client's resends did not get through.
		{"Zabbix 6.0 DBEXECUTE_ERROR", wrap(&zabbix.APIError{Method: "host.create", Code: -32500, Message: "Application error.", Data: "DBEXECUTE_ERROR"}), verdict.Retry},
		{"Zabbix 7.0 database error", wrap(&zabbix.APIError{Method: "host.create", Code: -32500, Message: "Application error.", Data: "Database error occurred."}), verdict.Retry},
		{"Zabbix PSK identity reused", wrap(&zabbix.APIError{Method: "host.create", Code: -32602, Data: `Invalid parameter "/1/tls_psk": another tls_psk value is already associated with given tls_psk_identity.`}), verdict.Cancel},
		{"unknown", errors.New("something else"), verdict.Retry},
	} {
		v := verdict.Of(c.err)
		if v.Action != c.want || v.Reason == "" {
			t.Errorf("%s: Of(%v) = %v %q, want %v", c.name, c.err, v.Action, v.Reason, c.want)
		}
	}
}
