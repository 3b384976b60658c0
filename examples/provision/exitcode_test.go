package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestClassify pins the exit status of each kind of failure.
func TestClassify(t *testing.T) {
	t.Parallel()
	agent := func(err error) error {
		return &provision.Error{Op: "ProvisionAgent", Object: netbox.DeviceRef(1), Err: err}
	}
	hostExists := &zabbix.APIError{Method: "host.create", Code: -32602, Message: "Invalid params.", Data: `Host with the same name "a" already exists.`}
	for _, tc := range []struct {
		err  error
		code int
		kind string
	}{
		{nil, exitOK, ""},
		{usagef("no command given"), exitBadInput, "usage"},
		{agent(fmt.Errorf("%w: Object.ID", provision.ErrInvalidRequest)), exitBadInput, "invalid"},
		{agent(provision.ErrExcluded), exitBadInput, "invalid"},
		{agent(provision.ErrNoPrimaryIP), exitBadInput, "invalid"},
		{agent(provision.ErrNoProxy), exitBadInput, "invalid"},
		{agent(fmt.Errorf("resolve: %w", mapping.ErrNoDefault)), exitBadInput, "invalid"},
		{agent(fmt.Errorf("resolve: %w", mapping.ErrSeveralDefaults)), exitBadInput, "invalid"},
		{agent(&provision.HostNameTakenError{Host: "a", Err: hostExists}), exitBadInput, "invalid"},
		{agent(fmt.Errorf("%w: no host", iface.ErrNotProvisioned)), exitBadInput, "invalid"},
		{agent(fmt.Errorf("%w: %w", provision.ErrObjectNotFound, &netbox.NotFoundError{Type: netbox.TypeDevice, ID: 1})), exitNotFound, "not_found"},
		{agent(fmt.Errorf("read host config 9: %w", store.ErrNotFound)), exitNotFound, "not_found"},
		{agent(provision.ErrHostMissing), exitNotFound, "not_found"},
		{agent(&netbox.HTTPError{Method: "GET", StatusCode: 503}), exitRemote, "remote"},
		{agent(&netbox.AuthError{Method: "GET", StatusCode: 403, Detail: "Invalid token"}), exitRemote, "remote"},
		{agent(&zabbix.APIError{Method: "host.get", Code: -32602, Data: "Not authorized."}), exitRemote, "remote"},
		{agent(&zabbix.HTTPError{StatusCode: 500}), exitRemote, "remote"},
		{agent(&url.Error{Op: "Post", URL: "http://zabbix", Err: syscall.ECONNREFUSED}), exitRemote, "remote"},
		{agent(context.DeadlineExceeded), exitRemote, "remote"},
		{agent(&provision.InterfaceExistsError{Config: "z-a"}), exitProvisioned, "already_provisioned"},
		{agent(&provision.UndoError{HostID: "1", Err: &zabbix.HTTPError{StatusCode: 500}, UndoErr: syscall.ECONNREFUSED}), exitOther, "undo_failed"},
		{agent(context.Canceled), exitOther, "canceled"},
		{fmt.Errorf("store postgres: %w: dial tcp: connection refused", storeflag.ErrOpen), exitStore, "store"},
		{agent(fmt.Errorf("lock device 1: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection"})), exitStore, "store"},
		{agent(fmt.Errorf("read config: %w", &pgconn.ConnectError{})), exitStore, "store"},
		{agent(errors.New("database disk image is malformed")), exitOther, "other"},
	} {
		code, kind := classify(tc.err)
		if code != tc.code || kind != tc.kind {
			t.Errorf("classify(%v) = %d %s, want %d %s", tc.err, code, kind, tc.code, tc.kind)
		}
	}
}

// TestRunInProcess calls run as main does, without a subprocess.
func TestRunInProcess(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	env := func(string) string { return "" }
	if code := run(t.Context(), []string{"agent", "--device", "1"}, env, &stdout, &stderr); code != exitBadInput {
		t.Errorf("exit %d, want %d", code, exitBadInput)
	}
	if !strings.Contains(stderr.String(), "set NETBOX_URL") || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := run(t.Context(), []string{"interface", "-h"}, env, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "usage:") {
		t.Errorf("help: exit %d, stdout %q", code, stdout.String())
	}
}
