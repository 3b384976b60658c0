package zabbixtest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testObjectReads reads host groups, templates, proxies and proxy groups,
// all and by name.
func testObjectReads(t *testing.T, h *harness) {
	ctx := t.Context()
	groups, err := h.c.HostGroups(ctx)
	if err != nil {
		t.Fatalf("HostGroups(): %v", err)
	}
	i := slices.IndexFunc(groups, func(g zabbix.HostGroup) bool { return g.GroupID == h.fx.GroupID })
	if i < 0 {
		t.Fatalf("HostGroups() = %v lacks the fixture's group %s", groups, h.fx.GroupID)
	}
	if !slices.IsSortedFunc(groups, func(a, b zabbix.HostGroup) int { return zabbix.CompareIDs(a.GroupID, b.GroupID) }) {
		t.Errorf("HostGroups() not ordered by ID: %v", groups)
	}
	byName, err := h.c.HostGroups(ctx, groups[i].Name, "no such group "+h.token)
	if err != nil || len(byName) != 1 || byName[0] != groups[i] {
		t.Errorf("HostGroups(%q, a missing name) = %v, %v; want [%v]", groups[i].Name, byName, err, groups[i])
	}

	templates, err := h.c.Templates(ctx)
	if err != nil {
		t.Fatalf("Templates(): %v", err)
	}
	j := slices.IndexFunc(templates, func(x zabbix.Template) bool { return x.TemplateID == h.fx.TemplateID })
	if j < 0 || templates[j].Name == "" {
		t.Fatalf("Templates() lacks the fixture's template %s (or its name)", h.fx.TemplateID)
	}
	tByName, err := h.c.Templates(ctx, templates[j].Name)
	if err != nil || len(tByName) != 1 || tByName[0] != templates[j] {
		t.Errorf("Templates(%q) = %v, %v; want [%v]", templates[j].Name, tByName, err, templates[j])
	}

	if h.fx.ProxyID != "" {
		proxies, err := h.c.Proxies(ctx)
		k := slices.IndexFunc(proxies, func(p zabbix.Proxy) bool { return p.ProxyID == h.fx.ProxyID })
		if err != nil || k < 0 || proxies[k].Name == "" {
			t.Fatalf("Proxies() = %v, %v; want the fixture's proxy %s with its name", proxies, err, h.fx.ProxyID)
		}
		if got, err := h.c.Proxies(ctx, proxies[k].Name); err != nil || len(got) != 1 || got[0] != proxies[k] {
			t.Errorf("Proxies(%q) = %v, %v; want [%v]", proxies[k].Name, got, err, proxies[k])
		}
	}
	pgs, err := h.c.ProxyGroups(ctx)
	switch {
	case err != nil:
		t.Errorf("ProxyGroups(): %v", err)
	case !h.v7() && len(pgs) != 0:
		t.Errorf("ProxyGroups() before 7.0 = %v, want none", pgs)
	case h.v7() && h.fx.ProxyGroupID != "" && !slices.ContainsFunc(pgs, func(g zabbix.ProxyGroup) bool { return g.ProxyGroupID == h.fx.ProxyGroupID }):
		t.Errorf("ProxyGroups() = %v lacks the fixture's proxy group %s", pgs, h.fx.ProxyGroupID)
	}
}

// testCreateHostGroups creates host groups, nested names among them, and
// creates one of them again.
func testCreateHostGroups(t *testing.T, h *harness) {
	ctx := t.Context()
	names := []string{h.fx.Prefix + "zt groups " + h.token, h.fx.Prefix + "zt groups " + h.token + "/DC1/Web"}
	created, err := h.c.CreateHostGroups(ctx, names...)
	if err != nil {
		t.Fatalf("CreateHostGroups(%q): %v", names, err)
	}
	t.Cleanup(func() { h.deleteGroups(t, created) })
	if len(created) != 2 || created[0].Name != names[0] || created[1].Name != names[1] ||
		created[0].GroupID == "" || created[0].GroupID == created[1].GroupID {
		t.Fatalf("CreateHostGroups = %v, want the two groups with their new IDs in order", created)
	}
	read, err := h.c.HostGroups(ctx, names...)
	if diff := gocmp.Diff(created, read); err != nil || diff != "" {
		t.Errorf("HostGroups after CreateHostGroups (-created +read): %v\n%s", err, diff)
	}
	_, err = h.c.CreateHostGroups(ctx, names[0])
	wantAPIError(t, err, codeInvalidParams, fmt.Sprintf(`Host group "%s" already exists.`, names[0]))
	if _, err := h.c.CreateHostGroups(ctx, ""); err == nil {
		t.Error("CreateHostGroups(\"\") succeeded")
	}
	if got, err := h.c.CreateHostGroups(ctx); err != nil || got != nil {
		t.Errorf("CreateHostGroups() = %v, %v; want nothing", got, err)
	}
}

// deleteGroups deletes host groups a subtest created, when the backend can
// (a real server, through Call); an in-memory one is thrown away anyway.
func (h *harness) deleteGroups(t *testing.T, groups []zabbix.HostGroup) {
	caller, ok := h.c.(interface {
		Call(ctx context.Context, method string, params, result any) error
	})
	if !ok || len(groups) == 0 {
		return
	}
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.GroupID
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), cleanupTimeout)
	defer cancel()
	if err := caller.Call(ctx, "hostgroup.delete", ids, nil); err != nil {
		t.Errorf("cleanup: hostgroup.delete %v: %v", ids, err)
	}
}

// testHostsByPrefix reads hosts by the start of their technical name:
// exactly, case and all.
func testHostsByPrefix(t *testing.T, h *harness) {
	created := h.create(t, h.host("prefix-a", "192.0.2.180"), h.host("prefix-ab", "192.0.2.181"), h.host("other", "192.0.2.182"))
	prefix := strings.TrimSuffix(created[0].Host, "-"+h.token)
	prefix = prefix[:len(prefix)-len("a")] // "...prefix-"
	got, err := h.c.Hosts(t.Context(), zabbix.HostQuery{NamePrefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range got {
		names = append(names, x.Host)
	}
	if diff := gocmp.Diff([]string{created[0].Host, created[1].Host}, names); diff != "" {
		t.Errorf("Hosts(NamePrefix %q) (-want +got):\n%s", prefix, diff)
	}
	upper := strings.ToUpper(prefix)
	if got, err := h.c.Hosts(t.Context(), zabbix.HostQuery{NamePrefix: upper}); err != nil || len(got) != 0 {
		t.Errorf("Hosts(NamePrefix %q) = %d hosts, %v; want none: the prefix is exact", upper, len(got), err)
	}
	both, err := h.c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{created[2].HostID}, NamePrefix: prefix})
	if err != nil || len(both) != 3 {
		t.Errorf("Hosts(an ID and a prefix) = %d hosts, %v; want 3", len(both), err)
	}
}
