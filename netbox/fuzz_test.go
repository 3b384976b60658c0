package netbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// FuzzDecodeObject: any input decodes into an Object and an IPAddress
// without panicking, and whatever decodes encodes in NetBox's shape and
// decodes back to the same value. The fixtures of every version are the
// seed corpus.
func FuzzDecodeObject(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`null`, `{}`, `{"device_role": {"id": 1}, "role": null}`, `{"status": {"value": 4}}`,
		`{"url": "/api/virtualization/virtual-machines/1/", "location": {"id": 1}}`, `{"tags": [], "custom_fields": {}}`,
		`{"assigned_object": {"id": 1, "device": {"id": 2}}, "assigned_object_id": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var o netbox.Object
		if err := json.Unmarshal(data, &o); err == nil {
			var again netbox.Object
			reencode(t, &o, &again)
			_ = o.Clone()
		}
		var ip netbox.IPAddress
		if err := json.Unmarshal(data, &ip); err == nil {
			var again netbox.IPAddress
			reencode(t, &ip, &again)
		}
	})
}

func reencode[T any](t *testing.T, v, again *T) {
	t.Helper()
	enc, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %+v: %v", v, err)
	}
	if err := json.Unmarshal(enc, again); err != nil {
		t.Fatalf("decode the encoding %s: %v", enc, err)
	}
	if diff := cmp.Diff(v, again); diff != "" {
		t.Fatalf("round trip changed the value (-decoded +re-decoded):\n%s\nencoding: %s", diff, enc)
	}
}
