package netbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

func readFixture(t testing.TB, v, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", v, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeDevice decodes the device as each NetBox version sends it.
func TestDecodeDevice(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			var o netbox.Object
			if err := json.Unmarshal(readFixture(t, v, "device_1.json"), &o); err != nil {
				t.Fatal(err)
			}
			if o.Type != netbox.TypeDevice || o.ID != 1 || o.Name != "web-01" {
				t.Errorf("Type, ID, Name = %q, %d, %q", o.Type, o.ID, o.Name)
			}
			if diff := cmp.Diff(netbox.Choice{Value: "active", Label: "Active"}, o.Status); diff != "" {
				t.Errorf("Status (-want +got):\n%s", diff)
			}
			for name, n := range map[string]*netbox.Nested{"site": o.Site, "role": o.Role, "platform": o.Platform, "tenant": o.Tenant, "location": o.Location} {
				if n == nil || n.ID == 0 || n.Name == "" || !strings.HasPrefix(n.URL, netboxtestHost+"/api/") {
					t.Errorf("%s = %+v, want a summary with ID, name and API URL", name, n)
				}
			}
			if o.Role.Name != "Web server" || o.Cluster != nil {
				t.Errorf("Role %q, Cluster %v", o.Role.Name, o.Cluster)
			}
			if _, ok := o.Attrs["device_role"]; ok != (v == "3.7") {
				t.Errorf("device_role in Attrs: %t; NetBox 3.7 sends it next to role, 4.x does not", ok)
			}
			if _, ok := o.Site.Attrs["description"]; ok != (v != "3.7") {
				t.Errorf("site summary has a description: %t; 4.x summaries carry one, 3.7's do not", ok)
			}
			ip := o.PrimaryIP4
			if ip == nil || ip.ID != 10 || ip.Address != "192.0.2.10/24" {
				t.Fatalf("PrimaryIP4 = %+v", ip)
			}
			wantFamily := any(json.Number("4"))
			if v != "3.7" {
				wantFamily = map[string]any{"value": json.Number("4"), "label": "IPv4"}
			}
			if diff := cmp.Diff(wantFamily, ip.Attrs["family"]); diff != "" {
				t.Errorf("primary_ip4 family (-want +got):\n%s", diff)
			}
			if got := names(o.Tags); got != "Linux,Production" {
				t.Errorf("tags %s", got)
			}
			wantCF := map[string]any{
				"rack_units": json.Number("2"), "power_draw": json.Number("350.5"), "monitored": true,
				"contacts": []any{"noc", "ops"}, "notes_url": nil, "warranty_end": "2027-03-31",
			}
			for k, w := range wantCF {
				if diff := cmp.Diff(w, o.CustomFields[k]); diff != "" {
					t.Errorf("custom field %s (-want +got):\n%s", k, diff)
				}
			}
			if tenant, _ := o.CustomFields["owner_tenant"].(map[string]any); tenant["name"] != "Acme" {
				t.Errorf("object custom field owner_tenant = %v", o.CustomFields["owner_tenant"])
			}
			for k, w := range map[string]any{"serial": "SN-0001", "position": json.Number("12.0"), "latitude": nil,
				"config_context": map[string]any{"ntp_servers": []any{"192.0.2.1", "192.0.2.2"},
					"syslog": map[string]any{"port": json.Number("514"), "server": "192.0.2.5"}}} {
				if diff := cmp.Diff(w, o.Attrs[k]); diff != "" {
					t.Errorf("Attrs[%s] (-want +got):\n%s", k, diff)
				}
			}
			for _, typed := range []string{"id", "name", "status", "site", "role", "tags", "custom_fields", "primary_ip4"} {
				if _, ok := o.Attrs[typed]; ok {
					t.Errorf("typed field %q is also in Attrs", typed)
				}
			}
			if _, ok := o.Attrs["owner"]; ok != (v == "4.5") {
				t.Errorf("owner in Attrs: %t; NetBox 4.5 adds it", ok)
			}
		})
	}
}

// netboxtestHost is the host the fixture files are written with.
const netboxtestHost = "https://netbox.example.com"

func TestDecodeVirtualMachine(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		var o netbox.Object
		if err := json.Unmarshal(readFixture(t, v, "vm_1.json"), &o); err != nil {
			t.Fatal(err)
		}
		if o.Type != netbox.TypeVirtualMachine || o.Name != "app-01" || o.Cluster.Name != "cluster-a" ||
			o.Role.Name != "Application server" || o.PrimaryIP4.ID != 20 || o.Location != nil {
			t.Errorf("%s: %+v", v, o)
		}
		if o.Attrs["vcpus"] != json.Number("4.0") {
			t.Errorf("%s: vcpus = %#v", v, o.Attrs["vcpus"])
		}
	}
}

func TestDecodeIPAddress(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		for _, tc := range []struct {
			file, dns, iface, parent string
			typ                      netbox.ObjectType
			id                       int64
		}{
			{"ip_10.json", "web-01.example.net", "eth0", "device", netbox.TypeInterface, 100},
			{"ip_20.json", "", "ens3", "virtual_machine", netbox.TypeVMInterface, 200},
		} {
			var ip netbox.IPAddress
			if err := json.Unmarshal(readFixture(t, v, tc.file), &ip); err != nil {
				t.Fatal(err)
			}
			if ip.DNSName != tc.dns || ip.AssignedObjectType != tc.typ || ip.AssignedObjectID != tc.id ||
				ip.AssignedObject == nil || ip.AssignedObject.Name != tc.iface || ip.Status.Value != "active" {
				t.Errorf("%s %s: %+v", v, tc.file, ip)
				continue
			}
			parent, _ := ip.AssignedObject.Attrs[tc.parent].(map[string]any)
			if parent["name"] == nil || parent["url"] == nil {
				t.Errorf("%s %s: assigned_object.%s = %v", v, tc.file, tc.parent, ip.AssignedObject.Attrs[tc.parent])
			}
			if a, err := ip.IP(); err != nil || !a.Is4() {
				t.Errorf("%s %s: IP() = %v, %v", v, tc.file, a, err)
			}
		}
	}
}

// TestDecodeDeviceRoleOnly: a device that has only NetBox 3.x's
// device_role gets it as its role.
func TestDecodeDeviceRoleOnly(t *testing.T) {
	t.Parallel()
	var o netbox.Object
	err := json.Unmarshal([]byte(`{"id": 7, "url": "/api/dcim/devices/7/", "name": "x", "device_role": {"id": 2, "name": "Web server"}}`), &o)
	if err != nil {
		t.Fatal(err)
	}
	if o.Role == nil || o.Role.Name != "Web server" || o.Attrs["device_role"] != nil {
		t.Errorf("Role %+v, Attrs %v", o.Role, o.Attrs)
	}
}

// TestRoundTrip: every fixture decodes, encodes in NetBox's shape and
// decodes to the same value.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, v := range versions {
		for _, f := range []string{"device_1.json", "device_3.json", "vm_1.json"} {
			var a, b netbox.Object
			roundTrip(t, readFixture(t, v, f), &a, &b)
		}
		for _, f := range []string{"ip_10.json", "ip_20.json"} {
			var a, b netbox.IPAddress
			roundTrip(t, readFixture(t, v, f), &a, &b)
		}
	}
}

func roundTrip[T any](t *testing.T, data []byte, a, b *T) {
	t.Helper()
	if err := json.Unmarshal(data, a); err != nil {
		t.Fatal(err)
	}
	enc, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(enc, b); err != nil {
		t.Fatalf("decode the encoded value: %v\n%s", err, enc)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("round trip changed the value (-first +second):\n%s", diff)
	}
	// The encoded form keeps NetBox's field names and shapes.
	var orig, again map[string]any
	_ = json.Unmarshal(data, &orig)
	_ = json.Unmarshal(enc, &again)
	for k, v := range orig {
		if diff := cmp.Diff(v, again[k]); diff != "" {
			t.Errorf("field %q changed in the encoding (-fixture +encoded):\n%s", k, diff)
		}
	}
}

// TestMarshalShape: an object built in Go encodes in NetBox's shape.
func TestMarshalShape(t *testing.T) {
	t.Parallel()
	o := netbox.Object{Type: netbox.TypeVirtualMachine, ID: 4, Name: "vm-4",
		Status:  netbox.Choice{Value: "active", Label: "Active"},
		Cluster: &netbox.Nested{ID: 7, Name: "cluster-a"},
		Tags:    []netbox.Tag{{ID: 1, Name: "Production", Slug: "production"}},
		Attrs:   map[string]any{"serial": "S"}}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id": 4.0, "name": "vm-4", "status": map[string]any{"value": "active", "label": "Active"},
		"site": nil, "role": nil, "platform": nil, "tenant": nil, "primary_ip4": nil,
		"cluster": map[string]any{"id": 7.0, "name": "cluster-a"},
		"tags":    []any{map[string]any{"id": 1.0, "name": "Production", "slug": "production"}},
		"serial":  "S", "custom_fields": nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("encoded (-want +got):\n%s", diff)
	}
}

// TestDecodeErrors: a value of the wrong kind in a typed field is an
// error naming the field, not a panic or a silent zero.
func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for in, field := range map[string]string{
		`{"id": "1"}`:                     `"id"`,
		`{"id": 1.5}`:                     `"id"`,
		`{"name": 7}`:                     `"name"`,
		`{"site": "DC1"}`:                 `"site"`,
		`{"site": {"id": "x"}}`:           `"id"`,
		`{"status": ["active"]}`:          `"status"`,
		`{"tags": {"name": "x"}}`:         `"tags"`,
		`{"tags": ["x"]}`:                 `"tags[0]"`,
		`{"custom_fields": []}`:           `"custom_fields"`,
		`{"primary_ip4": {"address": 4}}`: `"address"`,
		`[1, 2]`:                          "want an object",
		`{"id": 1} {"id": 2}`:             "after the JSON value",
		`{"id": 1`:                        "unexpected EOF",
	} {
		var o netbox.Object
		err := o.UnmarshalJSON([]byte(in))
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Unmarshal(%s) = %v, want an error naming %s", in, err, field)
		}
	}
	var ip netbox.IPAddress
	if err := json.Unmarshal([]byte(`{"assigned_object_id": "100"}`), &ip); err == nil || !strings.Contains(err.Error(), "assigned_object_id") {
		t.Errorf("IPAddress with a text assigned_object_id: %v", err)
	}
}

// TestDecodeNull: null leaves a value as it is, as encoding/json does for
// other types.
func TestDecodeNull(t *testing.T) {
	t.Parallel()
	o := netbox.Object{ID: 3}
	n := netbox.Nested{ID: 4}
	ip := netbox.IPAddress{ID: 5}
	for _, v := range []any{&o, &n, &ip} {
		if err := json.Unmarshal([]byte("null"), v); err != nil {
			t.Fatal(err)
		}
	}
	if o.ID != 3 || n.ID != 4 || ip.ID != 5 {
		t.Errorf("null changed the values: %d %d %d", o.ID, n.ID, ip.ID)
	}
}

func names(tags []netbox.Tag) string {
	var s []string
	for _, t := range tags {
		s = append(s, t.Name)
	}
	return strings.Join(s, ",")
}
