package zabbixtest

import (
	"cmp"
	"errors"
	"slices"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testUpdateHosts sends one batch of host.update: two applied, one for a
// host that does not exist and one naming a template that does not exist,
// both refused, each on its own; the refused ones change nothing.
func testUpdateHosts(t *testing.T, h *harness) {
	hosts := h.create(t, h.host("batch-a", "192.0.2.140"), h.host("batch-b", "192.0.2.141"), h.host("batch-c", "192.0.2.142"))
	tag := []zabbix.Tag{{Tag: "batch", Value: h.token}}
	ua, uc := hosts[0].AsUpdate(), hosts[2].AsUpdate()
	ua.Tags, uc.Tags = tag, tag
	missing := zabbix.HostUpdate{HostID: missingID, Tags: tag}
	bad := hosts[1].AsUpdate()
	bad.Tags, bad.TemplateIDs = tag, []string{missingID}
	errs, err := h.c.UpdateHosts(t.Context(), []zabbix.HostUpdate{ua, missing, bad, uc})
	if err != nil {
		t.Fatalf("UpdateHosts: %v", err)
	}
	if len(errs) != 4 {
		t.Fatalf("UpdateHosts returned %d errors for 4 updates", len(errs))
	}
	if errs[0] != nil || errs[3] != nil {
		t.Errorf("valid updates refused: %v, %v", errs[0], errs[3])
	}
	var apiErr *zabbix.APIError
	for _, i := range []int{1, 2} {
		if !errors.As(errs[i], &apiErr) || !errors.Is(errs[i], zabbix.ErrNoObject) {
			t.Errorf("update %d: %v, want an *APIError matching ErrNoObject", i, errs[i])
		}
	}
	got := h.get(t, hosts[0].HostID, hosts[1].HostID, hosts[2].HostID)
	for i, want := range [][]zabbix.Tag{tag, nil, tag} {
		if !slices.Equal(got[i].Tags, want) {
			t.Errorf("host %s has tags %v after the batch, want %v", got[i].Host, got[i].Tags, want)
		}
	}
	if len(got[1].TemplateIDs) != 0 {
		t.Errorf("the refused update linked templates %v", got[1].TemplateIDs)
	}

	if errs, err := h.c.UpdateHosts(t.Context(), nil); err != nil || errs != nil {
		t.Errorf("UpdateHosts(none) = %v, %v; want nothing", errs, err)
	}
}

// testHostsByTag reads hosts by the name of a tag they carry, whole and
// brief.
func testHostsByTag(t *testing.T, h *harness) {
	name := "zt_tag_" + h.token
	a, b, c := h.host("tag-a", "192.0.2.150"), h.host("tag-b", "192.0.2.151"), h.host("tag-c", "192.0.2.152")
	a.Tags = []zabbix.Tag{{Tag: name, Value: "1"}}
	b.Tags = []zabbix.Tag{{Tag: name, Value: ""}, {Tag: "other", Value: "x"}}
	c.Tags = []zabbix.Tag{{Tag: name + "x", Value: "1"}}
	created := h.create(t, a, b, c)

	whole, err := h.c.Hosts(t.Context(), zabbix.HostQuery{Tag: name})
	if err != nil {
		t.Fatalf("Hosts(Tag %q): %v", name, err)
	}
	if len(whole) != 2 || whole[0].HostID != created[0].HostID || whole[1].HostID != created[1].HostID {
		t.Fatalf("Hosts(Tag %q) = %d hosts, want %s and %s", name, len(whole), created[0].Host, created[1].Host)
	}
	if len(whole[0].Interfaces) != 1 || len(whole[0].GroupIDs) != 1 {
		t.Errorf("a whole read lacks interfaces or groups: %+v", whole[0])
	}

	brief, err := h.c.Hosts(t.Context(), zabbix.HostQuery{Tag: name, Brief: true})
	if err != nil || len(brief) != 2 {
		t.Fatalf("Hosts(Tag %q, Brief) = %d hosts, %v; want 2", name, len(brief), err)
	}
	want := zabbix.Host{HostID: created[1].HostID, Host: created[1].Host, Name: created[1].Host,
		Status: zabbix.StatusMonitored, Tags: slices.Clone(b.Tags)}
	got := brief[1]
	slices.SortFunc(got.Tags, compareTags)
	slices.SortFunc(want.Tags, compareTags)
	if got.HostID != want.HostID || got.Host != want.Host || got.Name != want.Name || got.Status != want.Status ||
		!slices.Equal(got.Tags, want.Tags) || got.Interfaces != nil || got.GroupIDs != nil || got.Inventory != nil {
		t.Errorf("Hosts(Brief) = %+v, want %+v", got, want)
	}
}

func compareTags(a, b zabbix.Tag) int {
	return cmp.Or(cmp.Compare(a.Tag, b.Tag), cmp.Compare(a.Value, b.Value))
}

// testHostsToAdopt reads hosts the ways adopting existing hosts needs: by
// tag value, visible name and agent interface address, in one query whose
// parts are ORed.
func testHostsToAdopt(t *testing.T, h *harness) {
	tag := "zt_adopt_" + h.token
	a, b, c, d := h.host("adopt-a", h.addr(160)), h.host("adopt-b", h.addr(161)), h.host("adopt-c", h.addr(162)), h.host("adopt-d", h.addr(163))
	a.Tags = []zabbix.Tag{{Tag: tag, Value: "7"}}
	b.Tags = []zabbix.Tag{{Tag: tag, Value: "8"}} // another value: not asked for
	c.Name = "Visible " + h.token
	created := h.create(t, a, b, c, d)

	q := zabbix.HostQuery{Tag: tag, TagValues: []string{"7", "9"}, VisibleNames: []string{c.Name, "nobody " + h.token},
		AgentIPs: []string{h.addr(163), h.addr(250)}}
	got, err := h.c.Hosts(t.Context(), q)
	if err != nil {
		t.Fatalf("Hosts(%+v): %v", q, err)
	}
	var ids []string
	for _, x := range got {
		ids = append(ids, x.HostID)
	}
	want := []string{created[0].HostID, created[2].HostID, created[3].HostID}
	if !slices.Equal(ids, want) {
		t.Errorf("Hosts = %v, want %v (a by tag value, c by visible name, d by address)", ids, want)
	}
	for _, x := range got {
		if len(x.Interfaces) != 1 || len(x.GroupIDs) == 0 {
			t.Errorf("host %s read without its interfaces or groups: %+v", x.Host, x)
		}
	}
	if got, err := h.c.Hosts(t.Context(), zabbix.HostQuery{AgentIPs: []string{h.addr(250)}}); err != nil || len(got) != 0 {
		t.Errorf("Hosts by an address no host has = %v, %v", got, err)
	}
}
