package main

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

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
		{[]string{"reconcile", "--chunk-size", "0"}, "give 1 to 10000 objects"},
		{[]string{"reconcile", "extra"}, "usage"},
		{[]string{"reconcile"}, "set DATABASE_URL"},
		{[]string{"worker", "--reconcile-every", "10ms"}, "set NETBOX_URL"},
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
