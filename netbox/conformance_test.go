package netbox_test

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// TestConformance runs the conformance suite against the fixture server
// acting as each NetBox version, with a v1 token, and on 4.5 with a v2
// token as well.
func TestConformance(t *testing.T) {
	fx, err := netboxtest.LoadFixture("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	type run struct{ name, version, token string }
	runs := []run{{"4.5-v2-token", "4.5", tokenV2}}
	for _, v := range versions {
		runs = append(runs, run{v, v, tokenV1})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			netboxtest.Run(t, func(t *testing.T) (netboxtest.Client, netboxtest.Fixture) {
				srv := newServer(t, r.version)
				return newClient(t, srv.URL, r.token), fx
			})
		})
	}
}
