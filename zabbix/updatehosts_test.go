package zabbix_test

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestUpdateHostsBatch: one request carries every host.update; each call
// gets its own answer; a call Zabbix rolled back on a database error is
// sent again alone, and the others are not.
func TestUpdateHostsBatch(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	var mu sync.Mutex
	sent := map[string]int{}
	m.on("host.update", func(c mockCall) (any, *rpcError) {
		var p struct{ HostID string }
		if err := json.Unmarshal(c.Params, &p); err != nil {
			return nil, errApplication(err.Error())
		}
		mu.Lock()
		sent[p.HostID]++
		n := sent[p.HostID]
		mu.Unlock()
		switch {
		case p.HostID == "2" && n == 1:
			return nil, dbError("Database error occurred.")
		case p.HostID == "3":
			return nil, errApplication("No permissions to referred object or it does not exist!")
		}
		return map[string]any{"hostids": []string{p.HostID}}, nil
	})
	c := m.client(zabbix.Config{})
	zabbix.SetDatabaseBackoff(c, time.Millisecond)
	var us []zabbix.HostUpdate
	for _, id := range []string{"1", "2", "3"} {
		us = append(us, zabbix.HostUpdate{HostID: id, Tags: []zabbix.Tag{{Tag: "t", Value: id}}})
	}
	errs, err := c.UpdateHosts(t.Context(), us)
	if err != nil || len(errs) != 3 {
		t.Fatalf("UpdateHosts = %v, %v", errs, err)
	}
	if errs[0] != nil || errs[1] != nil || !errors.Is(errs[2], zabbix.ErrNoObject) {
		t.Errorf("errors %v; want nil, nil (after a resend) and ErrNoObject", errs)
	}
	if sent["1"] != 1 || sent["2"] != 2 || sent["3"] != 1 {
		t.Errorf("calls sent per host %v; want host 2 twice, the others once", sent)
	}
	if n := m.calls("host.update"); n != 2 {
		t.Errorf("%d requests of host.update, want 2 (the batch, then host 2 alone)", n)
	}
}

// TestUpdateHostsInvalid: an update without a host ID sends nothing.
func TestUpdateHostsInvalid(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	c := m.client(zabbix.Config{})
	_, err := c.UpdateHosts(t.Context(), []zabbix.HostUpdate{{HostID: "1"}, {Host: "web-01"}})
	if !errors.Is(err, zabbix.ErrInvalidRequest) {
		t.Errorf("UpdateHosts = %v, want ErrInvalidRequest", err)
	}
	if n := m.calls("host.update"); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
