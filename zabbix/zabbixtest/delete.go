package zabbixtest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testDelete deletes one host, then two in one call.
func testDelete(t *testing.T, h *harness) {
	created := h.create(t,
		h.host("del-a", "192.0.2.180"), h.host("del-b", "192.0.2.181"),
		h.host("del-c", "192.0.2.182"), h.host("del-d", "192.0.2.183"))
	ids := make([]string, len(created))
	for i, x := range created {
		ids[i] = x.HostID
	}
	if err := h.c.DeleteHosts(t.Context(), ids[0]); err != nil {
		t.Fatalf("DeleteHosts(%s): %v", ids[0], err)
	}
	h.wantIDs(t, ids, ids[1:]...)
	if err := h.c.DeleteHosts(t.Context(), ids[1], ids[2]); err != nil {
		t.Fatalf("DeleteHosts(%s, %s): %v", ids[1], ids[2], err)
	}
	h.wantIDs(t, ids, ids[3])
}

// testDeleteMissing deletes a host that does not exist, alone and with one
// that does: the call fails and nothing is deleted.
func testDeleteMissing(t *testing.T, h *harness) {
	x := h.create(t, h.host("del-keep", "192.0.2.190"))[0]
	for _, ids := range [][]string{{missingID}, {x.HostID, missingID}} {
		err := h.c.DeleteHosts(t.Context(), ids...)
		wantIs(t, err, zabbix.ErrNoObject)
		wantAPIError(t, err, codeApplication, `No permissions to referred object or it does not exist!`)
	}
	h.wantIDs(t, []string{x.HostID}, x.HostID)

	if err := h.c.DeleteHosts(t.Context(), x.HostID); err != nil {
		t.Fatalf("DeleteHosts(%s): %v", x.HostID, err)
	}
	err := h.c.DeleteHosts(t.Context(), x.HostID)
	wantIs(t, err, zabbix.ErrNoObject)
}

// wantIDs fails the test unless, of the hosts ids, exactly want exist.
func (h *harness) wantIDs(t *testing.T, ids []string, want ...string) {
	t.Helper()
	got := h.get(t, ids...)
	have := make(map[string]bool)
	for _, x := range got {
		have[x.HostID] = true
	}
	for _, id := range want {
		if !have[id] {
			t.Errorf("host %s is gone, want it kept", id)
		}
		delete(have, id)
	}
	for id := range have {
		t.Errorf("host %s still exists, want it deleted", id)
	}
}
