package zabbix_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// collideUpdates is how many host.update calls the long batch holds.
const collideUpdates = 60

// TestIntegrationCreateDuringUpdateBatch provokes the collision of a
// host.create with a long batch of host.update calls that run at the same
// time, each adding new tags and a new template link. On 6.0 the two
// take the IDs of those rows in opposite orders and deadlock on table
// ids; PostgreSQL aborts one call after its deadlock_timeout and Zabbix
// rolls it back ("Your database is not working properly. …"). The client
// resends what was rolled back: every update and every create must be
// applied, and each host must exist exactly once. (7.0 takes the IDs in
// one order and does not deadlock; the test must pass there too.)
func TestIntegrationCreateDuringUpdateBatch(t *testing.T) {
	env := needServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	check := env.client(t, zabbix.Config{})
	v, err := check.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prefix := "collide-" + randomHex(3)
	groupAPI := "hostgroup" // 6.0 keeps templates in host groups
	if v.AtLeast(zabbix.V6_2) {
		groupAPI = "templategroup"
	}
	gid := createObject(t, check, groupAPI, map[string]any{"name": prefix + " templates"}, "groupids")
	var templates [2]string
	for i := range templates { // empty templates: linking them is quick, and still takes an ID
		templates[i] = createObject(t, check, "template", map[string]any{
			"host": fmt.Sprintf("%s template %d", prefix, i), "groups": []map[string]string{{"groupid": gid}}}, "templateids")
	}
	t.Cleanup(func() { deletePrefixed(t, check, prefix) }) // runs before the templates' cleanup

	batch := make([]zabbix.Host, collideUpdates)
	for i := range batch {
		batch[i] = collideHost(fmt.Sprintf("%s-batch-%03d", prefix, i), i)
	}
	created, err := check.CreateHosts(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	updates := make([]zabbix.HostUpdate, len(created))
	for i, h := range created {
		updates[i] = zabbix.HostUpdate{HostID: h.HostID, TemplateIDs: []string{templates[i%2]},
			Tags: []zabbix.Tag{{Tag: "netbox_id", Value: fmt.Sprint(i)}, {Tag: "updated", Value: "yes"}}}
	}

	resends := &countWarnings{msg: "zabbix: call"} // "call rolled back …" and "calls rolled back …"
	writer := env.client(t, zabbix.Config{Logger: slog.New(resends)})
	batcher := env.client(t, zabbix.Config{Logger: slog.New(resends)})
	var (
		done    atomic.Bool
		wg      sync.WaitGroup
		creates int
		failed  []error
	)
	wg.Go(func() {
		for i := 0; !done.Load(); i++ {
			h := collideHost(fmt.Sprintf("%s-single-%03d", prefix, i), i)
			h.TemplateIDs = []string{templates[0]}
			if _, err := writer.CreateHosts(ctx, []zabbix.Host{h}); err != nil {
				failed = append(failed, fmt.Errorf("create %s: %w", h.Host, err))
			}
			creates++
			time.Sleep(50 * time.Millisecond)
		}
	})
	start := time.Now()
	errs, err := batcher.UpdateHosts(ctx, updates)
	took := time.Since(start)
	done.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("UpdateHosts: %v", err)
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("update of %s: %v", created[i].Host, err)
		}
	}
	for _, err := range failed {
		t.Error(err)
	}
	if creates == 0 {
		t.Fatal("no host.create ran during the batch: the test provoked nothing")
	}

	var hosts []struct {
		Host            string
		ParentTemplates []struct{ TemplateID string } `json:"parentTemplates"`
	}
	if err := check.Call(ctx, "host.get", map[string]any{"output": []string{"host"}, "selectParentTemplates": []string{"templateid"},
		"search": map[string]any{"host": prefix + "-"}, "startSearch": true}, &hosts); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, h := range hosts {
		seen[h.Host]++
		if len(h.ParentTemplates) != 1 {
			t.Errorf("%s has %d templates, want 1", h.Host, len(h.ParentTemplates))
		}
	}
	for _, h := range created {
		if seen[h.Host] != 1 {
			t.Errorf("%s exists %d times, want once", h.Host, seen[h.Host])
		}
	}
	if want := len(created) + creates; len(hosts) != want {
		t.Errorf("%d hosts of the test, want %d (%d updated, %d created one by one)", len(hosts), want, len(created), creates)
	}
	t.Logf("Zabbix %s: %d updates in one batch took %s while %d host.create ran; %d resends after a rollback",
		v, len(updates), took.Round(time.Millisecond), creates, resends.n.Load())
}

// collideHost is a host with an agent interface and a tag.
func collideHost(name string, i int) zabbix.Host {
	return zabbix.Host{
		Host: name, GroupIDs: []string{"2"},
		Tags: []zabbix.Tag{{Tag: "netbox_id", Value: fmt.Sprint(i)}},
		Interfaces: []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1,
			IP: fmt.Sprintf("192.0.2.%d", i%250+1), Port: "10050"}},
		TLSConnect: zabbix.TLSNone, TLSAccept: zabbix.TLSNone,
	}
}
