package zabbixtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testUpdateInterfaces replaces a host's interfaces: one kept by ID (and
// changed), one dropped, one added.
func testUpdateInterfaces(t *testing.T, h *harness) {
	in := h.host("ifaces", "192.0.2.130")
	in.Interfaces = append(in.Interfaces, agent("192.0.2.131", 0))
	created := h.create(t, in)[0]
	kept, dropped := byIP(t, created, "192.0.2.130"), byIP(t, created, "192.0.2.131")

	u := created.AsUpdate()
	kept.Port = "10051"
	u.Interfaces = []zabbix.HostInterface{kept, agent("192.0.2.132", 0)}
	got := h.update(t, u)

	if len(got.Interfaces) != 2 {
		t.Fatalf("after update the host has %d interfaces, want 2: %+v", len(got.Interfaces), got.Interfaces)
	}
	k := byIP(t, got, "192.0.2.130")
	if k.InterfaceID != kept.InterfaceID {
		t.Errorf("kept interface has ID %s, want it unchanged (%s)", k.InterfaceID, kept.InterfaceID)
	}
	if k.Port != "10051" {
		t.Errorf("kept interface has port %s, want 10051", k.Port)
	}
	added := byIP(t, got, "192.0.2.132")
	if added.InterfaceID == kept.InterfaceID || added.InterfaceID == dropped.InterfaceID {
		t.Errorf("added interface reuses ID %s", added.InterfaceID)
	}
	if slices.ContainsFunc(got.Interfaces, func(x zabbix.HostInterface) bool { return x.IP == "192.0.2.131" }) {
		t.Errorf("dropped interface %s is still there", dropped.InterfaceID)
	}

	t.Run("UnknownInterfaceID", func(t *testing.T) {
		// Real servers (6.0.14, 7.0.22) accept the update and leave out an
		// interface whose ID the host does not have; nothing is created.
		before := h.getOne(t, created.HostID)
		u := before.AsUpdate()
		stranger := agent("192.0.2.133", 0)
		stranger.InterfaceID = missingID
		u.Interfaces = append(u.Interfaces, stranger)
		if _, err := h.c.UpdateHost(t.Context(), u); err != nil {
			t.Fatalf("UpdateHost with an unknown interface ID: %v", err)
		}
		h.wantSame(t, before, "an update whose extra interface was left out")
	})
	t.Run("TwoMainAgents", func(t *testing.T) {
		before := h.getOne(t, created.HostID)
		u := before.AsUpdate()
		u.Interfaces = append(u.Interfaces, agent("192.0.2.134", 1))
		_, err := h.c.UpdateHost(t.Context(), u)
		wantAPIError(t, err, codeInvalidParams, `Host cannot have more than one default interface of the same type.`)
		h.wantSame(t, before, "a refused update")
	})
}

// byIP returns the host's interface on ip.
func byIP(t *testing.T, x zabbix.Host, ip string) zabbix.HostInterface {
	t.Helper()
	for _, in := range x.Interfaces {
		if in.IP == ip {
			return in
		}
	}
	t.Fatalf("host %q has no interface on %s: %+v", x.Host, ip, x.Interfaces)
	return zabbix.HostInterface{}
}

// testUpdateTemplates replaces, adds and clears linked templates.
func testUpdateTemplates(t *testing.T, h *harness) {
	t1, t2 := h.fx.TemplateID, h.fx.SecondTemplateID
	in := h.host("templates", "192.0.2.140")
	in.TemplateIDs = []string{t1}
	cur := h.create(t, in)[0]

	steps := []struct {
		name  string
		link  []string // nil: leave as is
		clear []string
		want  []string
	}{
		{"LinkSecond", []string{t1, t2}, nil, []string{t1, t2}},
		{"ReplaceWithSecond", []string{t2}, nil, []string{t2}},
		{"ClearSecond", nil, []string{t2}, nil},
		{"ClearNotLinked", nil, []string{t1}, nil},
		{"LinkAgain", []string{t1}, nil, []string{t1}},
	}
	for _, s := range steps {
		u := zabbix.HostUpdate{HostID: cur.HostID, TemplateIDs: s.link, TemplatesClear: s.clear}
		got, err := h.c.UpdateHost(t.Context(), u)
		if err != nil {
			t.Fatalf("%s: UpdateHost: %v", s.name, err)
		}
		if diff := gocmp.Diff(s.want, got.TemplateIDs, exact()...); diff != "" {
			t.Errorf("%s: templates (-want +got):\n%s", s.name, diff)
		}
		cur = h.getOne(t, cur.HostID)
		if diff := gocmp.Diff(s.want, cur.TemplateIDs, exact()...); diff != "" {
			t.Errorf("%s: templates read back (-want +got):\n%s", s.name, diff)
		}
	}
	t.Run("UnknownTemplate", func(t *testing.T) {
		u := zabbix.HostUpdate{HostID: cur.HostID, TemplateIDs: []string{missingID}}
		_, err := h.c.UpdateHost(t.Context(), u)
		wantIs(t, err, zabbix.ErrNoObject)
		h.wantSame(t, cur, "a refused update")
	})
}

// testUpdateKeepsUnsetFields updates with only a few fields set (the rest
// is kept), then with empty lists (cleared), then merges and clears
// inventory fields.
func testUpdateKeepsUnsetFields(t *testing.T, h *harness) {
	in := h.host("keep", "192.0.2.150")
	in.Description = "before"
	in.TemplateIDs = []string{h.fx.TemplateID}
	in.Tags = []zabbix.Tag{{Tag: "env", Value: "test"}}
	in.InventoryMode = zabbix.InventoryManual
	in.Inventory = map[string]string{"os": "Debian 12", "location": "rack 1"}
	created := h.create(t, in)[0]

	after := "after"
	u := zabbix.HostUpdate{HostID: created.HostID, Description: &after, Name: "Renamed " + h.token}
	got := h.update(t, u)
	want := created.Clone()
	want.Description, want.Name = "after", u.Name
	if diff := gocmp.Diff(want, got, exact()...); diff != "" {
		t.Errorf("fields left unset must stay as they were (-want +got):\n%s", diff)
	}

	u = zabbix.HostUpdate{HostID: created.HostID, Inventory: map[string]string{"os": "Debian 13", "location": ""}}
	got = h.update(t, u)
	if diff := gocmp.Diff(map[string]string{"os": "Debian 13"}, got.Inventory); diff != "" {
		t.Errorf("inventory after setting os and clearing location (-want +got):\n%s", diff)
	}

	empty := ""
	u = zabbix.HostUpdate{HostID: created.HostID, Tags: []zabbix.Tag{}, Description: &empty}
	got = h.update(t, u)
	if len(got.Tags) != 0 || got.Description != "" {
		t.Errorf("empty Tags and Description must clear them; got tags %v, description %q", got.Tags, got.Description)
	}
	if diff := gocmp.Diff(want.Interfaces, got.Interfaces, exact()...); diff != "" {
		t.Errorf("interfaces changed (-want +got):\n%s", diff)
	}
}

// testUpdateRename changes technical names: to a free one, then to a taken
// one.
func testUpdateRename(t *testing.T, h *harness) {
	created := h.create(t, h.host("rename-a", "192.0.2.160"), h.host("rename-b", "192.0.2.161"))
	a, b := created[0], created[1]

	u := zabbix.HostUpdate{HostID: a.HostID, Host: h.name("renamed")}
	got := h.update(t, u)
	if got.Host != u.Host {
		t.Errorf("renamed host reads back as %q, want %q", got.Host, u.Host)
	}
	h.wantNone(t, a.Host)

	u = zabbix.HostUpdate{HostID: b.HostID, Host: got.Host}
	_, err := h.c.UpdateHost(t.Context(), u)
	wantIs(t, err, zabbix.ErrHostExists)
	wantAPIError(t, err, codeInvalidParams, fmt.Sprintf(`Host with the same name "%s" already exists.`, got.Host))
	h.wantSame(t, b, "a refused rename")
}

// testUpdateMissingHost updates a host that does not exist.
func testUpdateMissingHost(t *testing.T, h *harness) {
	in := h.host("ghost", "192.0.2.170")
	in.HostID = missingID
	_, err := h.c.UpdateHost(t.Context(), in.AsUpdate())
	wantIs(t, err, zabbix.ErrNoObject)
	code := codeInvalidParams // 6.x answers host.update of an unknown host with -32602
	if h.v7() {
		code = codeApplication
	}
	wantAPIError(t, err, code, `No permissions to referred object or it does not exist!`)
	h.wantNone(t, in.Host)
}

// testInterfaceInUse removes, then moves, the agent interface the items of
// a linked template use: removing it is refused and changes nothing;
// moving it (same ID, new address) is fine.
func testInterfaceInUse(t *testing.T, h *harness) {
	in := h.host("in-use", "192.0.2.190")
	in.TemplateIDs = []string{h.fx.ItemsTemplateID}
	created := h.create(t, in)[0]
	bound := created.Interfaces[0]
	other := agent("192.0.2.191", 1)
	_, err := h.c.UpdateHost(t.Context(), zabbix.HostUpdate{HostID: created.HostID, Interfaces: []zabbix.HostInterface{other}})
	wantIs(t, err, zabbix.ErrInterfaceInUse)
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != codeInvalidParams || !strings.HasPrefix(apiErr.Data, `Interface is linked to item "`) ||
		!strings.HasSuffix(apiErr.Data, fmt.Sprintf(`" on "%s".`, created.Host)) {
		t.Errorf("error = %v; want -32602 Interface is linked to item \"…\" on \"%s\".", err, created.Host)
	}
	h.wantSame(t, created, "a refused removal of an interface in use")

	moved := bound
	moved.IP = "192.0.2.192"
	got := h.update(t, zabbix.HostUpdate{HostID: created.HostID, Interfaces: []zabbix.HostInterface{moved}})
	if len(got.Interfaces) != 1 || got.Interfaces[0].InterfaceID != bound.InterfaceID || got.Interfaces[0].IP != "192.0.2.192" {
		t.Errorf("after moving the interface in use: %+v", got.Interfaces)
	}
}
