package zabbixtest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testDuplicateName creates a host whose technical name is taken.
func testDuplicateName(t *testing.T, h *harness) {
	first := h.create(t, h.host("dup", "192.0.2.31"))[0]
	again := h.host("dup", "192.0.2.32")
	_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{again})
	wantIs(t, err, zabbix.ErrHostExists)
	apiErr := wantAPIError(t, err, codeInvalidParams, fmt.Sprintf(`Host with the same name "%s" already exists.`, again.Host))
	if got := apiErr.HostName(); got != again.Host {
		t.Errorf("APIError.HostName() = %q, want %q", got, again.Host)
	}
	if got := h.getOne(t, first.HostID); got.Interfaces[0].IP != "192.0.2.31" {
		t.Errorf("the existing host changed: interface IP %s, want 192.0.2.31", got.Interfaces[0].IP)
	}
}

// testDuplicateInRequest creates two hosts with one name in one call:
// nothing is created.
func testDuplicateInRequest(t *testing.T, h *harness) {
	a, b := h.host("a", "192.0.2.41"), h.host("b", "192.0.2.42")
	a2 := h.host("a", "192.0.2.43")
	_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{a, b, a2})
	wantIs(t, err, zabbix.ErrHostExists)
	apiErr := wantAPIError(t, err, codeInvalidParams,
		fmt.Sprintf(`Duplicate host. Host with the same host name "%s" already exists in data.`, a.Host))
	if got := apiErr.HostName(); got != a.Host {
		t.Errorf("APIError.HostName() = %q, want %q", got, a.Host)
	}
	h.wantNone(t, a.Host, b.Host)
}

// testVisibleNameTaken creates a host whose visible name another host has:
// refused, but not as a taken host name.
func testVisibleNameTaken(t *testing.T, h *harness) {
	first := h.host("vis1", "192.0.2.51")
	first.Name = "Visible " + h.token
	h.create(t, first)
	second := h.host("vis2", "192.0.2.52")
	second.Name = first.Name
	_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{second})
	wantAPIError(t, err, codeInvalidParams, fmt.Sprintf(`Host with the same visible name "%s" already exists.`, first.Name))
	if errors.Is(err, zabbix.ErrHostExists) {
		t.Errorf("a taken visible name matches ErrHostExists; only the technical name should")
	}
	h.wantNone(t, second.Host)
}

// testCreateIsAtomic creates a valid and an invalid host in one call:
// neither is created.
func testCreateIsAtomic(t *testing.T, h *harness) {
	good := h.host("good", "192.0.2.61")
	bad := h.host("bad", "192.0.2.62")
	bad.Interfaces = append(bad.Interfaces, agent("192.0.2.63", 1)) // two main agent interfaces
	if _, err := h.c.CreateHosts(t.Context(), []zabbix.Host{good, bad}); err == nil {
		t.Fatal("CreateHosts with an invalid host succeeded")
	}
	h.wantNone(t, good.Host, bad.Host)
}

// testUnknownGroup refers to a host group that does not exist, in the
// second host of a request.
func testUnknownGroup(t *testing.T, h *harness) {
	good := h.host("good", "192.0.2.71")
	bad := h.host("nogroup", "192.0.2.72")
	bad.GroupIDs = []string{missingID}
	_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{good, bad})
	wantIs(t, err, zabbix.ErrNoObject)
	want := `No permissions to referred object or it does not exist!`
	if h.v7() {
		want = `Invalid parameter "/2/groups/1": object does not exist, or you have no permissions to it.`
	}
	wantAPIError(t, err, codeApplication, want)
	h.wantNone(t, good.Host, bad.Host)
}

// testUnknownTemplate links a template that does not exist.
func testUnknownTemplate(t *testing.T, h *harness) {
	in := h.host("notemplate", "192.0.2.73")
	in.TemplateIDs = []string{missingID}
	_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
	wantIs(t, err, zabbix.ErrNoObject)
	want := `No permissions to referred object or it does not exist!`
	if h.v7() {
		want = `Invalid parameter "/1/templates/1": object does not exist, or you have no permissions to it.`
	}
	wantAPIError(t, err, codeApplication, want)
	h.wantNone(t, in.Host)
}

// testMissingGroups creates a host without host groups.
func testMissingGroups(t *testing.T, h *harness) {
	in := h.host("nogroups", "192.0.2.74")
	in.GroupIDs = nil
	_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
	want := fmt.Sprintf(`Host "%s" cannot be without host group.`, in.Host)
	if h.v7() {
		want = `Invalid parameter "/1": the parameter "groups" is missing.`
	}
	wantAPIError(t, err, codeInvalidParams, want)
	h.wantNone(t, in.Host)
}

// testBadHostName creates hosts whose technical names break Zabbix's
// grammar (ASCII letters, digits, space, '.', '-', '_').
func testBadHostName(t *testing.T, h *harness) {
	for _, name := range []string{h.track("café-" + h.token), h.track("a/b-" + h.token), ""} {
		t.Run(fmt.Sprintf("%q", name), func(t *testing.T) {
			in := h.host("unused", "192.0.2.75")
			in.Host = name
			_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
			wantAPIError(t, err, codeInvalidParams, fmt.Sprintf(`Incorrect characters used for host name "%s".`, name))
			if name != "" {
				h.wantNone(t, name)
			}
		})
	}
}

// testInventoryRules sets inventory the server refuses.
func testInventoryRules(t *testing.T, h *harness) {
	tests := []struct {
		name string
		mode zabbix.InventoryMode
		inv  map[string]string
		code int
		data string
	}{
		{"UnknownField", zabbix.InventoryManual, map[string]string{"nosuchfield": "x"},
			codeInvalidParams, `Incorrect inventory field "nosuchfield".`},
		{"UnknownMode", 5, nil,
			codeApplication, `Incorrect value for field "inventory_mode": value must be one of -1, 0, 1.`},
		{"FieldsWhileDisabled", zabbix.InventoryDisabled, map[string]string{"os": "Linux"},
			codeInvalidParams, `Cannot set inventory fields for disabled inventory.`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := h.host("inv-"+tc.name, "192.0.2.76")
			in.InventoryMode, in.Inventory = tc.mode, tc.inv
			_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
			wantAPIError(t, err, tc.code, tc.data)
			h.wantNone(t, in.Host)
		})
	}
}
