package zabbix

import "testing"

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
