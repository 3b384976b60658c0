//go:build realnetbox

package netbox_test

import (
	"os"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// realNetBoxHelp says how to run the suite against a real NetBox.
const realNetBoxHelp = "set NETBOX_URL (NetBox's base URL), NETBOX_TOKEN (a v1 token, or a v2 nbt_ token on NetBox 4.5+, " +
	"whose user may view devices, virtual machines, IP addresses, sites and locations) and NETBOX_FIXTURE " +
	"(a JSON file describing objects of that NetBox, in the form of testdata/fixture.json; see netboxtest.Fixture) " +
	"to run the conformance suite against a real NetBox"

// TestRealNetBox runs the conformance suite against a real NetBox given by
// NETBOX_URL, NETBOX_TOKEN and NETBOX_FIXTURE. It is built only with the
// tag realnetbox:
//
//	go test -tags realnetbox -run TestRealNetBox ./netbox/
//
// No NetBox runs where this project's CI runs; there the fixture servers of
// TestConformance stand in for NetBox 3.7, 4.2 and 4.5.
func TestRealNetBox(t *testing.T) {
	url, token, file := os.Getenv("NETBOX_URL"), os.Getenv("NETBOX_TOKEN"), os.Getenv("NETBOX_FIXTURE")
	if url == "" || token == "" || file == "" {
		t.Fatal("no NetBox is configured: " + realNetBoxHelp)
	}
	fx, err := netboxtest.LoadFixture(file)
	if err != nil {
		t.Fatal(err)
	}
	netboxtest.Run(t, func(t *testing.T) (netboxtest.Client, netboxtest.Fixture) {
		return newClient(t, url, token), fx
	})
}
