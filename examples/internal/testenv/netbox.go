// Package testenv is what the example programs' tests share: an HTTP NetBox
// serving recorded NetBox 4.2 answers, and the real Zabbix server of
// ZABBIX_URL with the hosts one test makes.
package testenv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// The NetBox the tests talk to over HTTP: netboxtest's server answering
// from NetBox 4.2 fixture files written for the run, so that every Zabbix
// host name is unique to it.
const (
	NetBoxToken = "0123456789abcdef0123456789abcdef01234567"
	DeviceNoIP  = 900    // a device without a primary IPv4 address
	VMID        = 1      // the virtual machine
	MissingID   = 999999 // neither device nor VM nor host config
)

// fixtureDir is the library's recorded NetBox 4.2 answers, from the
// directory of an example program's tests.
func fixtureDir() string { return filepath.Join("..", "..", "netbox", "testdata", "4.2") }

// StartNetBox serves devices 1..n named "<prefix>-<i>", each with its own
// primary IPv4 address (with a DNS name) on an interface, device
// DeviceNoIP "<prefix>-noip" without one, and VM VMID "<prefix>-vm".
func StartNetBox(t *testing.T, prefix string, n int) *netboxtest.Server {
	t.Helper()
	dir := t.TempDir()
	device, ip := readFixture(t, "device_1.json"), readFixture(t, "ip_10.json")
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("%s-%d", prefix, i)
		ipID, ifaceID := int64(1000+i), int64(100000+i)
		addr := fmt.Sprintf("10.77.%d.%d/16", i/256, i%256)

		d := renamed(device, "dcim/devices", int64(i), name)
		d["primary_ip4"] = nestedIP(ipID, addr)
		d["primary_ip"] = nestedIP(ipID, addr)
		d["primary_ip6"] = nil
		writeFixture(t, dir, fmt.Sprintf("device_%d.json", i), d)

		a := clone(ip)
		a["id"], a["url"], a["display_url"] = ipID, apiURL("ipam/ip-addresses", ipID), uiURL("ipam/ip-addresses", ipID)
		a["display"], a["address"], a["dns_name"] = addr, addr, name+".example.net"
		a["assigned_object_id"] = ifaceID
		iface := a["assigned_object"].(map[string]any)
		iface["id"], iface["url"] = ifaceID, apiURL("dcim/interfaces", ifaceID)
		iface["device"] = map[string]any{"id": i, "url": apiURL("dcim/devices", int64(i)), "display": name, "name": name, "description": ""}
		writeFixture(t, dir, fmt.Sprintf("ip_%d.json", ipID), a)
	}
	writeFixture(t, dir, fmt.Sprintf("device_%d.json", DeviceNoIP), renamed(readFixture(t, "device_3.json"), "dcim/devices", DeviceNoIP, prefix+"-noip"))
	writeFixture(t, dir, fmt.Sprintf("vm_%d.json", VMID), renamed(readFixture(t, "vm_1.json"), "virtualization/virtual-machines", VMID, prefix+"-vm"))
	for _, f := range []string{"ip_20.json", "site_1.json", "location_4.json"} {
		writeFixture(t, dir, f, readFixture(t, f))
	}
	return netboxtest.NewServer(t, netboxtest.ServerConfig{Dir: dir, Version: "4.2", Tokens: []string{NetBoxToken}})
}

// renamed is a copy of a device or VM fixture with another ID and name.
func renamed(obj map[string]any, path string, id int64, name string) map[string]any {
	o := clone(obj)
	o["id"], o["url"], o["display_url"] = id, apiURL(path, id), uiURL(path, id)
	o["name"], o["display"] = name, name
	return o
}

func nestedIP(id int64, addr string) map[string]any {
	return map[string]any{"id": id, "url": apiURL("ipam/ip-addresses", id), "display": addr,
		"family": map[string]any{"value": 4, "label": "IPv4"}, "address": addr, "description": ""}
}

func apiURL(path string, id int64) string {
	return fmt.Sprintf("%s/api/%s/%d/", netboxtest.FixtureHost, path, id)
}

func uiURL(path string, id int64) string {
	return fmt.Sprintf("%s/%s/%d/", netboxtest.FixtureHost, path, id)
}

func readFixture(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, b)
}

func clone(m map[string]any) map[string]any {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	var c map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		panic(err)
	}
	return c
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeFixture(t *testing.T, dir, name string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
