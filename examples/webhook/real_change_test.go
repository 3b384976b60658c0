package main

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// These tests follow changes for real: NetBox fixtures over HTTP, the
// Zabbix server of ZABBIX_URL, an SQLite store file.

// graveyard saves settings with a graveyard host group of the test's own,
// in delete mode mode, and returns the group's name; the group is deleted
// when the test ends, after the test's hosts.
func (w *realWorld) graveyard(t *testing.T, mode store.DeleteMode) string {
	t.Helper()
	s := store.DefaultSettings()
	s.DeleteMode, s.GraveyardHostGroup = mode, "nbz graveyard "+w.z.Prefix
	if err := w.st.PutSettings(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		gs, err := w.z.Client.HostGroups(ctx, s.GraveyardHostGroup)
		if err != nil || len(gs) != 1 {
			return // never made: a hard delete, or a failed test
		}
		w.z.DeleteHosts(t) // a host may not be left without a group
		if err := w.z.Client.Call(ctx, "hostgroup.delete", []string{gs[0].GroupID}, nil); err != nil {
			t.Errorf("cleanup: delete host group %q: %v", s.GraveyardHostGroup, err)
		}
	})
	return s.GraveyardHostGroup
}

// provisionOne delivers "created" for device 1 and waits for its host.
func (w *realWorld) provisionOne(t *testing.T, url string, s *server) store.HostConfig {
	t.Helper()
	if code, _, b := deliver(t, url, netboxBody("4.2", "created", netbox.DeviceRef(1), stamp(1), "r1"), testSecret); code != http.StatusAccepted {
		t.Fatalf("created: %d %s", code, b)
	}
	waitFor(t, 30*time.Second, "the device's host", func() bool { return idle(s) && w.linked(t) == 1 })
	return configs(t, w.st)[0]
}

// TestDeletedSoft: a signed "deleted" delivery of a provisioned device
// soft-deletes its host, as the default settings ask: renamed with the
// suffix, disabled, moved to the graveyard host group, without the
// object's tag; the host config is gone.
func TestDeletedSoft(t *testing.T) {
	w := newRealWorld(t, 1)
	group := w.graveyard(t, store.DeleteSoft)
	s, url := startServer(t, testConfig(), w.p.HandleChange)
	hc := w.provisionOne(t, url, s)

	code, _, b := deliver(t, url, netboxBody("4.5", "deleted", netbox.DeviceRef(1), stamp(2), "r2"), testSecret)
	if code != http.StatusAccepted {
		t.Fatalf("deleted: %d %s, want 202", code, b)
	}
	waitFor(t, 30*time.Second, "the delete", func() bool { return idle(s) && len(configs(t, w.st)) == 0 })
	gs, err := w.z.Client.HostGroups(t.Context(), group)
	if err != nil || len(gs) != 1 {
		t.Fatalf("graveyard group %q: %v, %v", group, gs, err)
	}
	hosts := w.z.Hosts(t)
	if len(hosts) != 1 {
		t.Fatalf("%d hosts, want the archived one", len(hosts))
	}
	h := hosts[0]
	if want := w.z.Prefix + "-1_archived"; h.HostID != hc.HostID || h.Host != want || h.Status != zabbix.StatusNotMonitored ||
		!slices.Equal(h.GroupIDs, []string{gs[0].GroupID}) || hasTag(h, "netbox_id") {
		t.Errorf("host %s: %q status %d groups %v tags %v; want %s %q disabled in %s only, without netbox_id",
			h.HostID, h.Host, h.Status, h.GroupIDs, h.Tags, hc.HostID, want, gs[0].GroupID)
	}
	if c := s.pool.counts.snapshot(); c["deleted"] != 1 || c["failed"] != 0 {
		t.Errorf("counts %v", c)
	}
}

// TestDeletedHard: with the settings' delete mode hard, the host is
// deleted.
func TestDeletedHard(t *testing.T) {
	w := newRealWorld(t, 1)
	w.graveyard(t, store.DeleteHard)
	s, url := startServer(t, testConfig(), w.p.HandleChange)
	w.provisionOne(t, url, s)

	if code, _, b := deliver(t, url, netboxBody("3.7", "deleted", netbox.DeviceRef(1), stamp(2), "r2"), testSecret); code != http.StatusAccepted {
		t.Fatalf("deleted: %d %s, want 202", code, b)
	}
	waitFor(t, 30*time.Second, "the delete", func() bool { return idle(s) && len(configs(t, w.st)) == 0 })
	if hosts := w.z.Hosts(t); len(hosts) != 0 {
		t.Errorf("hosts %+v left, want none", hosts)
	}
	if c := s.pool.counts.snapshot(); c["deleted"] != 1 || c["failed"] != 0 {
		t.Errorf("counts %v", c)
	}
}

// TestIPAddressUpdatesOwner: an "updated" delivery of an IP address runs
// an update of the device its interface belongs to: the new DNS name of
// the address reaches the host's interface.
func TestIPAddressUpdatesOwner(t *testing.T) {
	w := newRealWorld(t, 1)
	s, url := startServer(t, testConfig(), w.p.HandleChange)
	hc := w.provisionOne(t, url, s)
	const ipID = 1001 // device 1's primary address (testenv.StartNetBox)
	dns := w.z.Prefix + "-renamed.example.net"
	w.nb.Set(netbox.Ref{Type: netbox.TypeIPAddress, ID: ipID}, map[string]any{"dns_name": dns})

	if code, _, b := deliver(t, url, ipBody("4.2", "updated", ipID, netbox.DeviceRef(1), stamp(2), "r2"), testSecret); code != http.StatusAccepted {
		t.Fatalf("IP address updated: %d %s, want 202", code, b)
	}
	waitFor(t, 30*time.Second, "the update", func() bool { return idle(s) })
	hosts := w.z.Hosts(t)
	if len(hosts) != 1 || hosts[0].HostID != hc.HostID || len(hosts[0].Interfaces) != 1 || hosts[0].Interfaces[0].DNS != dns {
		t.Errorf("hosts %+v, want %s with one interface named %s", hosts, hc.HostID, dns)
	}
	if c := s.pool.counts.snapshot(); c["updated"] != 1 || c["failed"] != 0 {
		t.Errorf("counts %v", c)
	}
}
