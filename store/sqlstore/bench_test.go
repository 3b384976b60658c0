package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
)

// BenchmarkCreateHostConfigs measures how many configs (one agent
// interface each) a Store writes per second: one config per call, as
// ProvisionAgent writes, and 100 per call, as a bulk import would. Each
// call is one committed transaction (on SQLite, WAL with
// synchronous=NORMAL, as the package documentation recommends).
//
//	go test -run '^$' -bench CreateHostConfigs -benchmem ./store/sqlstore
func BenchmarkCreateHostConfigs(b *testing.B) {
	for _, be := range fileBackends() {
		for _, batch := range []int{1, 100} {
			b.Run(fmt.Sprintf("%s/batch=%d", be.name, batch), func(b *testing.B) {
				db, _, _ := be.open(b)
				s := newStore(b, db, be.dialect)
				benchCreate(b, s, batch)
			})
		}
	}
}

func benchCreate(b *testing.B, s *sqlstore.Store, batch int) {
	ctx := b.Context()
	next := int64(0)
	cs := make([]store.HostConfig, batch)
	b.ReportAllocs()
	for b.Loop() {
		for i := range cs {
			next++
			cs[i] = deviceConfig(next, 1)
		}
		if _, err := s.CreateHostConfigs(ctx, cs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(next)/b.Elapsed().Seconds(), "configs/s")
}
