package netbox

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"
)

// BenchmarkDecodeDevices1000 decodes a list page of 1,000 devices as NetBox
// 4.2 sends them without config_context (some 4.5 MB of JSON), the way the
// client decodes every page: one pass into generic JSON, then each result
// into an Object.
func BenchmarkDecodeDevices1000(b *testing.B) {
	raw, err := os.ReadFile("testdata/4.2/device_1.json")
	if err != nil {
		b.Fatal(err)
	}
	var tmpl map[string]any
	if err := json.Unmarshal(raw, &tmpl); err != nil {
		b.Fatal(err)
	}
	delete(tmpl, "config_context")
	results := make([]any, 1000)
	for i := range results {
		d := make(map[string]any, len(tmpl))
		for k, v := range tmpl {
			d[k] = v
		}
		d["id"], d["name"] = i+1, "dev-"+strconv.Itoa(i+1)
		results[i] = d
	}
	page, err := json.Marshal(map[string]any{"count": 1000, "next": nil, "previous": nil, "results": results})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := decodeObject(page)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range m["results"].([]any) {
			if _, err := objectFromMap(r.(map[string]any), TypeDevice); err != nil {
				b.Fatal(err)
			}
		}
	}
}
