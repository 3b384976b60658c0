//go:build freshzabbix

package zabbix_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// This file is built only with -tags freshzabbix: scripts/test.sh runs it
// right after cloning each Zabbix database from its pristine copy
// (services.sh reset-zabbix), for a brand-new database is what it needs.
// A plain `go test ./...` neither runs nor skips it.

// freshWriters is how many clients write at the same moment.
const freshWriters = 24

// TestFreshDatabaseRace provokes the race of a brand-new Zabbix database:
// concurrent first host.create calls each allocate the first IDs of tables hosts, interface, hosts_groups, host_tag and
// hostmacro; with no row in table ids yet, they race to insert it,
// PostgreSQL refuses the losers' duplicate key, and Zabbix rolls their
// calls back (6.0: "DBEXECUTE_ERROR"; 7.0: "Database error occurred.").
// Host groups are created at the same moment too (their own ids row). The
// client resends rolled-back calls; every host and group must be created,
// exactly once. The resends are counted from the client's Warn records.
func TestFreshDatabaseRace(t *testing.T) {
	env := needServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	check := env.client(t, zabbix.Config{})
	requirePristine(ctx, t, check)

	prefix := "fresh-" + randomHex(3)
	resends := &countWarnings{msg: "zabbix: call rolled back on a database error; sending it again"}
	clients := make([]*zabbix.Client, freshWriters)
	for i := range clients {
		clients[i] = env.client(t, zabbix.Config{Logger: slog.New(resends)})
		if _, err := clients[i].Version(ctx); err != nil { // probe first: only the writes race
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { deletePrefixed(t, check, prefix) })

	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, freshWriters)
	for i, c := range clients {
		wg.Go(func() {
			<-start
			if i%4 == 3 { // every fourth writer creates a host group instead
				errs[i] = c.Call(ctx, "hostgroup.create", map[string]any{"name": fmt.Sprintf("%s-group-%02d", prefix, i)}, nil)
				return
			}
			_, errs[i] = c.CreateHosts(ctx, []zabbix.Host{freshHost(fmt.Sprintf("%s-%02d", prefix, i), i)})
		})
	}
	close(start)
	wg.Wait()
	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
			t.Errorf("writer %d: %v", i, err)
		}
	}

	var hosts []struct{ Host string }
	if err := check.Call(ctx, "host.get", map[string]any{"output": []string{"host"},
		"search": map[string]any{"host": prefix + "-"}, "startSearch": true}, &hosts); err != nil {
		t.Fatal(err)
	}
	var groups []struct{ Name string }
	if err := check.Call(ctx, "hostgroup.get", map[string]any{"output": []string{"name"},
		"search": map[string]any{"name": prefix + "-group-"}, "startSearch": true}, &groups); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, h := range hosts {
		seen[h.Host]++
	}
	for _, g := range groups {
		seen[g.Name]++
	}
	for i := range freshWriters {
		name := fmt.Sprintf("%s-%02d", prefix, i)
		if i%4 == 3 {
			name = fmt.Sprintf("%s-group-%02d", prefix, i)
		}
		if seen[name] != 1 {
			t.Errorf("%s exists %d times, want once", name, seen[name])
		}
	}
	t.Logf("fresh database: %d writers at once, %d hosts and %d host groups created, %d failed, %d resends after a rollback",
		freshWriters, len(hosts), len(groups), failed, resends.n.Load())
	fmt.Printf("FRESH-RACE zabbix=%s writers=%d failed=%d resends=%d\n", env.url, freshWriters, failed, resends.n.Load())
}

// freshHost is a host heavy in objects that take IDs of their own: two
// interfaces, two groups, tags and a macro.
func freshHost(name string, i int) zabbix.Host {
	return zabbix.Host{
		Host: name, GroupIDs: []string{"2", "4"}, InventoryMode: zabbix.InventoryManual,
		Inventory: map[string]string{"location": "rack " + name},
		Tags:      []zabbix.Tag{{Tag: "netbox_id", Value: fmt.Sprint(i)}, {Tag: "race", Value: "fresh"}},
		Interfaces: []zabbix.HostInterface{
			{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: fmt.Sprintf("192.0.2.%d", i+1), Port: "10050"},
			{Type: zabbix.InterfaceSNMP, Main: 1, UseIP: 1, IP: fmt.Sprintf("192.0.2.%d", i+1), Port: "161",
				Details: &zabbix.SNMPDetails{Version: 2, Bulk: 1, Community: "public"}},
		},
		TLSConnect: zabbix.TLSNone, TLSAccept: zabbix.TLSNone,
	}
}

// requirePristine fails unless the server's database looks just cloned:
// only the "Zabbix server" host, so that the first IDs are still to be
// allocated.
func requirePristine(ctx context.Context, t *testing.T, c *zabbix.Client) {
	t.Helper()
	var hosts []struct{ Host string }
	if err := c.Call(ctx, "host.get", map[string]any{"output": []string{"host"}}, &hosts); err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 1 || hosts[0].Host != "Zabbix server" {
		t.Fatalf("the database is not fresh (%d hosts): run `scripts/services.sh reset-zabbix V` first, as scripts/test.sh does", len(hosts))
	}
}
