package zabbix

import (
	"encoding/json"
	"maps"
	"testing"
)

// TestReadInventory: the flat-object fast path and the general path read
// the same fields, and both drop empty ones, hostid and inventory_mode.
func TestReadInventory(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want readInventory
	}{
		{`{"hostid":"10084","inventory_mode":"1","os":"Debian 12","tag":"","name":"web-01"}`, readInventory{"os": "Debian 12", "name": "web-01"}},
		{` { "os" : "Debian" , "notes" : "" } `, readInventory{"os": "Debian"}},
		{`{"notes":"line\nnext","os":"x"}`, readInventory{"notes": "line\nnext", "os": "x"}},
		{`{"location_lat":59.33,"os":"x"}`, readInventory{"location_lat": "59.33", "os": "x"}},
		{`{"os":null,"name":"a"}`, readInventory{"name": "a"}},
		{`{}`, readInventory{}},
		{`[]`, nil},
	} {
		var got readInventory
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !maps.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("%s: %v, want %v", tc.in, got, tc.want)
		}
	}
}
