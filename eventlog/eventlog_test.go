package eventlog_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func TestMemoryQuery(t *testing.T) {
	t.Parallel()
	var m eventlog.Memory
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	dev, vm := netbox.DeviceRef(1), netbox.VMRef(1)
	for i, obj := range []*netbox.Ref{&dev, &vm, &dev, nil} {
		if err := m.RecordEvent(t.Context(), eventlog.Event{Name: fmt.Sprint(i), Object: obj, Created: t0.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	names := func(q eventlog.Query) string {
		evs, err := m.Events(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, e := range evs {
			s += e.Name
		}
		return s
	}
	for _, tt := range []struct {
		q    eventlog.Query
		want string
	}{
		{eventlog.Query{}, "3210"},
		{eventlog.Query{Object: &dev}, "20"},
		{eventlog.Query{Object: &vm}, "1"},
		{eventlog.Query{Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}, "21"},
		{eventlog.Query{Limit: 2}, "32"},
	} {
		if got := names(tt.q); got != tt.want {
			t.Errorf("Events(%+v) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestMemoryCopiesAndIDs(t *testing.T) {
	t.Parallel()
	var m eventlog.Memory
	ref := netbox.DeviceRef(1)
	e := eventlog.Event{Name: "x", Object: &ref, Data: []byte(`{"a":1}`)}
	if err := m.RecordEvent(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	e.Data[2], ref.ID = 'b', 99
	evs, _ := m.Events(t.Context(), eventlog.Query{})
	if evs[0].ID != 1 || string(evs[0].Data) != `{"a":1}` || evs[0].Object.ID != 1 {
		t.Errorf("stored event %+v changed with the caller's copy", evs[0])
	}
	evs[0].Data[2] = 'c'
	again, _ := m.Events(t.Context(), eventlog.Query{})
	if string(again[0].Data) != `{"a":1}` {
		t.Error("changing a returned event changed the stored one")
	}
}

func TestMemoryConcurrentAndCanceled(t *testing.T) {
	t.Parallel()
	var m eventlog.Memory
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				_ = m.RecordEvent(context.Background(), eventlog.Event{Name: "e"})
				_, _ = m.Events(context.Background(), eventlog.Query{Limit: 1})
			}
		})
	}
	wg.Wait()
	evs, _ := m.Events(t.Context(), eventlog.Query{})
	if len(evs) != 400 {
		t.Errorf("%d events, want 400", len(evs))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := m.RecordEvent(ctx, eventlog.Event{}); !errors.Is(err, context.Canceled) {
		t.Errorf("RecordEvent on a canceled context = %v", err)
	}
}

func TestJSONRedactsSecrets(t *testing.T) {
	t.Parallel()
	h := zabbix.Host{Host: "h", TLSPSKIdentity: "id", TLSPSK: "00112233445566778899aabbccddeeff"}
	got := string(eventlog.JSON(h))
	if want := `"tls_psk":"[redacted]"`; !contains(got, want) || contains(got, "00112233") {
		t.Errorf("JSON = %s, want the PSK redacted", got)
	}
	if eventlog.JSON(nil) != nil {
		t.Error("JSON(nil) is not nil")
	}
	if got := string(eventlog.JSON(make(chan int))); !contains(got, "unencodable") {
		t.Errorf("JSON(chan) = %s", got)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	got := eventlog.Redact(`SQL failed "INSERT ... 'sekrit-psk' ... 'pass'"`, "sekrit-psk", "", "pass")
	if want := `SQL failed "INSERT ... '[redacted]' ... '[redacted]'"`; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
}

// TestRedactOverlapping: a secret that contains another is replaced whole,
// whatever the order the secrets come in (replacing "abcd" first
// used to leave "EFGH" visible).
func TestRedactOverlapping(t *testing.T) {
	t.Parallel()
	for _, secrets := range [][]string{{"abcd", "abcdEFGH"}, {"abcdEFGH", "abcd"}} {
		got := eventlog.Redact("psk abcdEFGH", secrets...)
		if want := "psk [redacted]"; got != want {
			t.Errorf("Redact(%q) = %q, want %q", secrets, got, want)
		}
	}
	if got := eventlog.Redact("pw red", "red", "act"); got != "pw [redacted]" {
		t.Errorf(`Redact("pw red", "red", "act") = %q, want "pw [redacted]"`, got)
	}
}

func TestEventFailed(t *testing.T) {
	t.Parallel()
	if (eventlog.Event{}).Failed() || !(eventlog.Event{Exception: "x"}).Failed() {
		t.Error("Failed reports the wrong thing")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
