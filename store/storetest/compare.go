package storetest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// timeTolerance is how far a stored time may drift from the one given or
// returned before: backends may round times when they persist them.
const timeTolerance = time.Second

// equal is how the suite compares records: nil and empty slices are the
// same, times within timeTolerance are the same, secrets compare (and show
// in diffs) by their real value, and JSON compares by meaning, not bytes.
func equal() cmp.Options {
	return cmp.Options{
		cmpopts.EquateEmpty(),
		cmpopts.EquateApproxTime(timeTolerance),
		cmp.Transformer("Reveal", zabbix.Secret.Reveal),
		cmp.FilterValues(func(x, y json.RawMessage) bool {
			return len(x) > 0 || len(y) > 0 // both empty: EquateEmpty decides
		}, cmp.Transformer("JSON", decodeJSON)),
	}
}

// asStored compares what was given to a store with what it returned: the
// IDs and timestamps the store assigns are left out.
func asStored() cmp.Options {
	return cmp.Options{
		equal(),
		cmpopts.IgnoreFields(store.Mapping{}, "ID"),
		cmpopts.IgnoreFields(store.HostConfig{}, "ID", "Created", "Updated"),
		cmpopts.IgnoreFields(store.Interface{}, "ID"),
		cmpopts.IgnoreFields(eventlog.Event{}, "ID"),
	}
}

// decodeJSON decodes raw for comparison; JSON null and no JSON at all both
// give nil, and text that is not JSON is compared as text.
func decodeJSON(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "invalid JSON: " + string(raw)
	}
	return v
}

// diff fails t when got differs from want under opts.
func diff(t *testing.T, what string, want, got any, opts cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// checkErr fails t unless err matches target under errors.Is and its text
// contains every one of keys.
func checkErr(t *testing.T, op string, err, target error, keys ...string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want one matching %q", op, err, target)
		return
	}
	for _, k := range keys {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("%s: error %q does not name the key %q", op, err, k)
		}
	}
}
