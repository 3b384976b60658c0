package storetest

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// eventTime returns the creation time of a test event: minutes after a
// fixed time, so that test events are whole seconds apart and rounding in a
// backend cannot reorder them.
func eventTime(minutes int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(minutes) * time.Minute)
}

// newEvent returns an event created at eventTime(minutes) about obj (none
// when nil), with every field set.
func newEvent(minutes int, obj *netbox.Ref) eventlog.Event {
	return eventlog.Event{
		Name:      "ProvisionAgent",
		RequestID: "req-" + strconv.Itoa(minutes),
		User:      "admin",
		Object:    obj,
		Message:   "Created web-01 with default mapping",
		Data:      json.RawMessage(`{"host": "web-01", "interfaces": [{"ip": "192.0.2.1", "port": "10050"}], "tls_psk": "[redacted]"}`),
		PreData:   json.RawMessage(`{"templates":[],"nested":{"a":1,"b":[true,null]}}`),
		PostData:  json.RawMessage(`[1, 2.5, "three"]`),
		Created:   eventTime(minutes),
	}
}

// recordAll records events in order.
func recordAll(t *testing.T, s store.Store, events ...eventlog.Event) {
	t.Helper()
	for _, e := range events {
		if err := s.RecordEvent(t.Context(), e); err != nil {
			t.Fatalf("RecordEvent(%q): %v", e.RequestID, err)
		}
	}
}

// mustEvents returns the events that match q.
func mustEvents(t *testing.T, s store.Store, q eventlog.Query) []eventlog.Event {
	t.Helper()
	got, err := s.Events(t.Context(), q)
	if err != nil {
		t.Fatalf("Events(%+v): %v", q, err)
	}
	return got
}

// testEvents: every field round-trips (JSON by meaning), IDs are assigned,
// and events come back newest first whatever order they were recorded in,
// ties broken by the later-recorded first.
func testEvents(t *testing.T, s store.Store) {
	if got := mustEvents(t, s, eventlog.Query{}); len(got) != 0 {
		t.Errorf("Events of an empty store = %+v, want none", got)
	}
	dev := netbox.DeviceRef(1)
	failed := newEvent(2, nil)
	failed.Exception = "zabbix: host.create: Incorrect characters used for host name"
	failed.Data, failed.PreData, failed.PostData = nil, nil, json.RawMessage("null")
	tieFirst, tieSecond := newEvent(3, &dev), newEvent(3, &dev)
	tieFirst.Message, tieSecond.Message = "recorded first", "recorded second"
	recordAll(t, s, newEvent(1, &dev), tieFirst, failed, tieSecond, newEvent(0, &dev))

	got := mustEvents(t, s, eventlog.Query{})
	want := []eventlog.Event{tieSecond, tieFirst, failed, newEvent(1, &dev), newEvent(0, &dev)}
	diff(t, "Events(all)", want, got, asStored())
	seen := map[int64]bool{}
	for _, e := range got {
		if e.ID == 0 || seen[e.ID] {
			t.Errorf("event %q has ID %d, want a distinct non-zero ID", e.Message, e.ID)
		}
		seen[e.ID] = true
	}
}

// testEventFilters: Object, Since (inclusive), Until (exclusive) and Limit
// select events, newest first.
func testEventFilters(t *testing.T, s store.Store) {
	dev, vm := netbox.DeviceRef(1), netbox.VMRef(1)
	e := []eventlog.Event{newEvent(0, &dev), newEvent(1, &vm), newEvent(2, &dev), newEvent(3, nil), newEvent(4, &dev)}
	recordAll(t, s, e...)
	for _, tc := range []struct {
		name string
		q    eventlog.Query
		want []eventlog.Event
	}{
		{"object", eventlog.Query{Object: &dev}, []eventlog.Event{e[4], e[2], e[0]}},
		{"object of another type with the same ID", eventlog.Query{Object: &vm}, []eventlog.Event{e[1]}},
		{"since", eventlog.Query{Since: eventTime(3)}, []eventlog.Event{e[4], e[3]}},
		{"until", eventlog.Query{Until: eventTime(2)}, []eventlog.Event{e[1], e[0]}},
		{"since and until", eventlog.Query{Since: eventTime(1), Until: eventTime(3)}, []eventlog.Event{e[2], e[1]}},
		{"limit", eventlog.Query{Limit: 2}, []eventlog.Event{e[4], e[3]}},
		{"object and limit", eventlog.Query{Object: &dev, Limit: 2}, []eventlog.Event{e[4], e[2]}},
		{"limit above the count", eventlog.Query{Object: &vm, Limit: 10}, []eventlog.Event{e[1]}},
		{"nothing matches", eventlog.Query{Since: eventTime(10)}, nil},
	} {
		diff(t, "Events by "+tc.name, tc.want, mustEvents(t, s, tc.q), asStored())
	}
}
