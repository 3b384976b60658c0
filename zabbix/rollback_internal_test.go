package zabbix

import (
	"testing"
	"time"
)

// TestRolledBackOnlyWithReadsBeside: a request is resent only when its
// first call was rolled back on a database error and every other call only
// reads: in a batch each call is its own transaction, so a second write
// that succeeded must not be sent twice.
func TestRolledBackOnlyWithReadsBeside(t *testing.T) {
	t.Parallel()
	dbErr := &APIError{Method: "host.create", Code: -32500, Message: "Application error.", Data: "DBEXECUTE_ERROR"}
	other := &APIError{Method: "host.create", Code: -32602, Message: "Invalid params.", Data: "Host with the same name \"x\" already exists."}
	for _, tc := range []struct {
		name  string
		calls []*call
		want  bool
	}{
		{"single write", []*call{{method: "host.create", err: dbErr}}, true},
		{"write and its read-back", []*call{{method: "host.create", err: dbErr}, {method: "host.get"}}, true},
		{"write and another write", []*call{{method: "host.update", err: dbErr}, {method: "host.update"}}, false},
		{"other refusal", []*call{{method: "host.create", err: other}, {method: "host.get"}}, false},
		{"second call rolled back", []*call{{method: "host.create"}, {method: "host.get", err: dbErr}}, false},
		{"no calls", nil, false},
	} {
		if got := rolledBack(tc.calls); got != tc.want {
			t.Errorf("%s: rolledBack = %t, want %t", tc.name, got, tc.want)
		}
	}
}

// TestDatabaseWaitIsCapped: the wait before each resend stays below its
// doubling ceiling, which stops doubling at databaseMaxShift, so that the
// whole budget of resends is bounded (at most 9.5 s with the defaults).
func TestDatabaseWaitIsCapped(t *testing.T) {
	t.Parallel()
	c := &Client{dbBackoff: databaseBackoff}
	var budget time.Duration
	for attempt := 1; attempt < databaseAttempts; attempt++ {
		ceiling := databaseBackoff << min(attempt-1, databaseMaxShift)
		budget += ceiling
		for range 200 {
			if w := c.databaseWait(attempt); w < 0 || w > ceiling {
				t.Fatalf("attempt %d: wait %s, want within [0, %s]", attempt, w, ceiling)
			}
		}
	}
	if budget != 9500*time.Millisecond {
		t.Errorf("the waits of all resends add up to at most %s, want 9.5s (as README and the constants' comment say)", budget)
	}
}
