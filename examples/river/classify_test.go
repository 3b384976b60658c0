package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func TestClassify(t *testing.T) {
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
		want action
	}{
		{"interface exists", wrap(&provision.InterfaceExistsError{Config: "z-web-01"}), done},

		{"invalid request", wrap(fmt.Errorf("%w: object type", provision.ErrInvalidRequest)), cancel},
		{"object not found", wrap(fmt.Errorf("%w: %w", provision.ErrObjectNotFound, &netbox.NotFoundError{Type: netbox.TypeDevice, ID: 42})), cancel},
		{"IP address not found", wrap(fmt.Errorf("read IP: %w", &netbox.NotFoundError{Type: netbox.TypeIPAddress, ID: 7})), cancel},
		{"excluded", wrap(provision.ErrExcluded), cancel},
		{"no primary IP", wrap(fmt.Errorf("web-01 does not have a primary IPv4 address: %w", provision.ErrNoPrimaryIP)), cancel},
		{"no default mapping", wrap(fmt.Errorf("resolve: %w", mapping.ErrNoDefault)), cancel},
		{"several defaults", wrap(mapping.ErrSeveralDefaults), cancel},
		{"no proxy", wrap(provision.ErrNoProxy), cancel},
		{"host name taken", wrap(&provision.HostNameTakenError{Host: "web-01", Err: hostExists}), cancel},
		{"not provisioned", &provision.Error{Op: "CreateZabbixInterface", Err: iface.ErrNotProvisioned}, cancel},
		{"host missing", wrap(provision.ErrHostMissing), cancel},
		{"no match", wrap(&provision.NoMatchError{Config: "z-web-01"}), cancel},
		{"host config not in the store", &provision.Error{Op: "CreateZabbixInterface", Err: fmt.Errorf("host config 9: %w", store.ErrNotFound)}, cancel},
		{"Zabbix invalid params", wrap(&zabbix.APIError{Method: "host.create", Code: -32602, Message: "Invalid params.", Data: `Invalid parameter "/1/groups/1": object does not exist.`}), cancel},
		{"Zabbix version", wrap(&zabbix.VersionError{What: "monitoring by proxy group"}), cancel},
		{"client refused to send", wrap(fmt.Errorf("%w: host.create: proxy", zabbix.ErrInvalidRequest)), cancel},
		{"NetBox 400", wrap(&netbox.HTTPError{StatusCode: 400, Status: "400 Bad Request"}), cancel},

		{"undo failed", wrap(&provision.UndoError{HostID: "10601", Err: &provision.NoMatchError{}, UndoErr: refused}), retry},
		{"connection refused", wrap(&url.Error{Op: "Post", URL: "http://zabbix/api_jsonrpc.php", Err: refused}), retry},
		{"unexpected EOF", wrap(fmt.Errorf("read body: %w", io.ErrUnexpectedEOF)), retry},
		{"timeout", wrap(fmt.Errorf("lock device 42 in the store: %w", context.DeadlineExceeded)), retry},
		{"worker stopping", wrap(context.Canceled), retry},
		{"NetBox 503", wrap(&netbox.HTTPError{StatusCode: 503, Status: "503 Service Unavailable", RetryAfter: time.Hour}), retry},
		{"NetBox 500", wrap(&netbox.HTTPError{StatusCode: 500, Status: "500 Internal Server Error"}), retry},
		{"NetBox token", wrap(&netbox.AuthError{StatusCode: 403}), retry},
		{"NetBox HTML", wrap(&netbox.HTTPError{StatusCode: 200, Reason: "body is not JSON"}), retry},
		{"Zabbix 502", wrap(&zabbix.HTTPError{StatusCode: 502, Status: "502 Bad Gateway", Reason: "not JSON"}), retry},
		{"Zabbix database", wrap(&zabbix.APIError{Code: -32500, Message: "Application error.", Data: "SQL statement execution has failed \"INSERT INTO hosts…\""}), retry},
		{"Zabbix internal", wrap(&zabbix.APIError{Code: -32603, Message: "Internal error."}), retry},
		{"Zabbix token expired", wrap(&zabbix.APIError{Code: -32602, Data: "API token expired."}), retry},
		{"read-back lost", wrap(&zabbix.ReadBackError{Method: "host.create", HostIDs: []string{"10601"}}), retry},
		{"store conflict", wrap(fmt.Errorf("create host config: %w", store.ErrConflict)), retry},
		{"deadlock", wrap(&pgconn.PgError{Code: "40P01", Message: "deadlock detected"}), retry},
		{"unknown", errors.New("something else"), retry},
	} {
		v := classify(c.err)
		if v.Action != c.want || v.Reason == "" {
			t.Errorf("%s: classify(%v) = %v %q, want %v", c.name, c.err, v.Action, v.Reason, c.want)
		}
	}
}

// TestFinish checks what a worker returns to River for each class.
func TestFinish(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	job := &rivertype.JobRow{ID: 7, Kind: kindProvisionAgent, Attempt: 1, MaxAttempts: 25}
	ctx := t.Context()

	if err := finish(ctx, log, job, time.Now(), output{Message: "Created web-01"}, nil); err != nil {
		t.Errorf("success: %v, want nil", err)
	}
	if err := finish(ctx, log, job, time.Now(), output{}, &provision.InterfaceExistsError{}); err != nil {
		t.Errorf("interface exists: %v, want nil (completed)", err)
	}
	bad := &provision.Error{Op: "ProvisionAgent", Err: provision.ErrNoPrimaryIP}
	var jc *river.JobCancelError
	if err := finish(ctx, log, job, time.Now(), output{}, bad); !errors.As(err, &jc) || !errors.Is(err, provision.ErrNoPrimaryIP) {
		t.Errorf("bad input: %v, want a JobCancelError wrapping the error", err)
	}
	remote := &netbox.HTTPError{StatusCode: 503}
	if err := finish(ctx, log, job, time.Now(), output{}, remote); err != remote {
		t.Errorf("remote failure: %v, want the error itself", err)
	}
	if !strings.Contains(logs.String(), "job cancelled: bad input") || !strings.Contains(logs.String(), "River retries it") {
		t.Errorf("logs:\n%s", logs.String())
	}
}

// TestUniqueArgs checks that only the object counts for uniqueness.
func TestUniqueArgs(t *testing.T) {
	t.Parallel()
	o := ProvisionAgentArgs{}.InsertOpts().UniqueOpts
	if !o.ByArgs || len(o.ByState) != 5 {
		t.Errorf("unique opts %+v", o)
	}
	for _, s := range o.ByState {
		if s == rivertype.JobStateCompleted || s == rivertype.JobStateCancelled || s == rivertype.JobStateDiscarded {
			t.Errorf("a finished job (%s) would block enqueuing the object again", s)
		}
	}
}

// TestCommandLine checks the command-line errors that need no database.
func TestCommandLine(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": "", "POSTGRES_DSN": ""}
	for _, c := range []struct {
		args []string
		want string // in the error, or "usage" for errUsage
	}{
		{nil, "usage"},
		{[]string{"nope"}, "usage"},
		{[]string{"enqueue"}, "usage"},
		{[]string{"enqueue", "agent", "--bogus"}, "usage"},
		{[]string{"enqueue", "agent"}, "one of --device ID or --vm ID"},
		{[]string{"enqueue", "agent", "--device", "1", "--vm", "2"}, "one of --device ID or --vm ID"},
		{[]string{"enqueue", "interface"}, "give --config ID"},
		{[]string{"enqueue", "agent", "--device", "1", "--at", "2030-01-01T00:00:00Z", "--every", "1m"}, "do not go together"},
		{[]string{"enqueue", "agent", "--device", "1", "--at", "tomorrow"}, "--at"},
		{[]string{"enqueue", "agent", "--device", "1", "--every", "10ms"}, "shortest interval"},
		{[]string{"enqueue", "agent", "--device", "1"}, "set DATABASE_URL"},
		{[]string{"worker"}, "set NETBOX_URL, NETBOX_TOKEN, ZABBIX_URL, ZABBIX_TOKEN"},
		{[]string{"unschedule", "interface"}, "give --config ID"},
	} {
		var out, errs bytes.Buffer
		err := run(t.Context(), c.args, func(k string) string { return env[k] }, &out, &errs)
		switch {
		case c.want == "usage" && !errors.Is(err, errUsage):
			t.Errorf("river %v: %v, want a usage error", c.args, err)
		case c.want != "usage" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("river %v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}
