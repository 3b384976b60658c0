package eventlog_test

import (
	"context"
	"fmt"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Keep events in memory and read back those of one object, newest first.
// Every store.Store is a Sink too, and answers the same Query.
func ExampleMemory() {
	ctx := context.Background()
	var log eventlog.Memory
	dev := netbox.DeviceRef(42)
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	_ = log.RecordEvent(ctx, eventlog.Event{Name: "ProvisionAgent", Object: &dev, Message: "Created web-01 with default mapping",
		Data: eventlog.JSON(map[string]string{"host": "web-01"}), Created: t0})
	_ = log.RecordEvent(ctx, eventlog.Event{Name: "CreateZabbixInterface", Object: &dev, Message: "CreateZabbixInterface failed for web-01",
		Exception: "no matching Zabbix interface", Created: t0.Add(time.Minute)})
	other := netbox.DeviceRef(7)
	_ = log.RecordEvent(ctx, eventlog.Event{Name: "ProvisionAgent", Object: &other, Created: t0})

	events, _ := log.Events(ctx, eventlog.Query{Object: &dev})
	for _, e := range events {
		fmt.Printf("%d %s failed=%t data=%s\n", e.ID, e.Name, e.Failed(), e.Data)
	}
	// Output:
	// 2 CreateZabbixInterface failed=true data=
	// 1 ProvisionAgent failed=false data={"host":"web-01"}
}

// Redact takes secrets out of a text before it goes into an event or a
// log.
func ExampleRedact() {
	fmt.Println(eventlog.Redact(`Incorrect value for field "tls_psk": 1f87b595 is too short`, "1f87b595"))
	// Output:
	// Incorrect value for field "tls_psk": [redacted] is too short
}
