package eventlog

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/nbzbx/netbox-zabbix/internal/redact"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Event records one run of an operation.
type Event struct {
	ID        int64       // assigned by the sink that stores it; 0 before
	Name      string      // the operation, e.g. "ProvisionAgent"
	RequestID string      // the caller's request or job ID
	User      string      // who asked
	Object    *netbox.Ref // the NetBox object the run was about, if known
	Message   string      // the result message, or a summary of the failure
	// Data is the payload sent to Zabbix; PreData and PostData are the
	// state before and after the change. All are JSON, with secrets redacted.
	Data      json.RawMessage
	PreData   json.RawMessage
	PostData  json.RawMessage
	Exception string    // the error text for a failed run; "" on success
	Created   time.Time // when the run ended
}

// Failed reports whether the event records a failed run.
func (e Event) Failed() bool { return e.Exception != "" }

// Clone returns a deep copy of e.
func (e Event) Clone() Event {
	c := e
	if e.Object != nil {
		o := *e.Object
		c.Object = &o
	}
	c.Data = bytes.Clone(e.Data)
	c.PreData = bytes.Clone(e.PreData)
	c.PostData = bytes.Clone(e.PostData)
	return c
}

// JSON encodes v for an event's Data, PreData or PostData. Secrets held in
// zabbix.Secret values encode as "[redacted]". A nil v gives nil.
func JSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"unencodable": err.Error()})
	}
	return b
}

// Redact replaces every occurrence of each non-empty secret in text with
// "[redacted]". A secret that contains another is replaced whole, whatever
// the order of secrets; see internal/redact, the module's one scrubber.
func Redact(text string, secrets ...string) string {
	return redact.String(text, secrets...)
}

// Sink receives events.
type Sink interface {
	RecordEvent(ctx context.Context, e Event) error
}

// Query selects events. Zero fields do not filter.
type Query struct {
	Object *netbox.Ref // only events about this object
	Since  time.Time   // only events created at or after Since
	Until  time.Time   // only events created before Until
	Limit  int         // at most Limit events, newest first; 0 means all
}

// match reports whether e passes q's filters (not Limit).
func (q Query) match(e Event) bool {
	if q.Object != nil && (e.Object == nil || *e.Object != *q.Object) {
		return false
	}
	if !q.Since.IsZero() && e.Created.Before(q.Since) {
		return false
	}
	if !q.Until.IsZero() && !e.Created.Before(q.Until) {
		return false
	}
	return true
}

// sortNewestFirst orders events newest first, ties by descending ID, and
// applies limit (0 = no limit).
func sortNewestFirst(events []Event, limit int) []Event {
	slices.SortStableFunc(events, func(a, b Event) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		switch {
		case a.ID > b.ID:
			return -1
		case a.ID < b.ID:
			return 1
		}
		return 0
	})
	if limit > 0 && len(events) > limit {
		events = events[:limit]
	}
	return events
}
