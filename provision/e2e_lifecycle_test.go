package provision_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// lifeWorld is the life cycle against the real Zabbix: one device (and
// its spare address), a default mapping with "ICMP Ping", a "Database"
// mapping with none, and a "Linux" mapping (role 7) with "Linux by Zabbix
// agent", whose items use the agent interface.
type lifeWorld struct {
	*e2eWorld
	name  string // the device's name
	tmpl  map[string]string
	group string // the graveyard host group's name
}

func (z *e2eZabbix) lifeWorld(t *testing.T, name string, edit func(*store.Settings)) *lifeWorld {
	t.Helper()
	lw := &lifeWorld{name: name + "-" + z.run, group: "nbz-e2e graveyard " + z.run}
	z.hostName(lw.name)
	for _, suffix := range []string{"_archived", "_archived-1", "-renamed"} {
		z.hostName(lw.name + suffix)
	}
	templates, err := z.client.Templates(t.Context(), "ICMP Ping", "Zabbix agent", "Linux by Zabbix agent")
	if err != nil || len(templates) != 3 {
		t.Fatalf("Templates = %v, %v", templates, err)
	}
	lw.tmpl = make(map[string]string)
	for _, x := range templates {
		lw.tmpl[x.Name] = x.TemplateID
	}
	s := store.DefaultSettings()
	s.UseIP = store.UseIP
	s.GraveyardHostGroup = lw.group
	if edit != nil {
		edit(&s)
	}
	group := []zabbix.HostGroup{{GroupID: z.groupID}}
	st := memstore.New(memstore.Config{Seed: memstore.Seed{Settings: &s, Mappings: []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default", Default: true, HostGroups: group,
			Templates: []zabbix.Template{{TemplateID: lw.tmpl["ICMP Ping"]}}},
		{ObjectType: netbox.TypeDevice, Name: "Database", Roles: []int64{9}, HostGroups: group},
		{ObjectType: netbox.TypeDevice, Name: "Linux", Roles: []int64{7}, HostGroups: group,
			Templates: []zabbix.Template{{TemplateID: lw.tmpl["Linux by Zabbix agent"]}}},
	}}})
	nb := memnetbox.New(memnetbox.Config{
		Objects: []*netbox.Object{{Type: netbox.TypeDevice, ID: 1, Name: lw.name, Status: netbox.Choice{Value: "active"},
			Role:       &netbox.Nested{ID: 2, Name: "Web server"},
			PrimaryIP4: &netbox.NestedIP{ID: 10, Address: "192.0.2.10/24"}}},
		IPAddresses: []*netbox.IPAddress{
			{ID: 10, Address: "192.0.2.10/24", AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100},
			{ID: 11, Address: "192.0.2.11/24", AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 101},
		},
	})
	lw.e2eWorld = &e2eWorld{z: z, nb: nb, st: st, settings: s}
	if lw.p, err = provision.New(provision.Config{NetBox: nb, Zabbix: z.client, Store: st}); err != nil {
		t.Fatal(err)
	}
	if lw.c, err = iface.New(iface.Config{Zabbix: z.client, Store: st}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// After the hosts (registered earlier, so they go first).
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if gs, err := z.client.HostGroups(ctx, lw.group); err == nil && len(gs) == 1 {
			lw.z.deleteHosts(t)
			if err := z.client.Call(ctx, "hostgroup.delete", []string{gs[0].GroupID}, nil); err != nil {
				t.Errorf("cleanup: delete the graveyard group: %v", err)
			}
		}
	})
	return lw
}

// requests runs f and returns how many HTTP requests it sent to Zabbix.
func (z *e2eZabbix) requests(f func()) int {
	before := z.counter.count()
	f()
	return z.counter.count() - before
}

func (lw *lifeWorld) editDevice(t *testing.T, edit func(o *netbox.Object)) {
	t.Helper()
	o := lw.object(t, netbox.DeviceRef(1))
	edit(o)
	lw.nb.PutObject(o)
}

func (lw *lifeWorld) host(t *testing.T, id string) zabbix.Host {
	t.Helper()
	hs, err := lw.z.client.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{id}})
	if err != nil || len(hs) != 1 {
		t.Fatalf("Hosts(%s) = %v, %v", id, hs, err)
	}
	return hs[0]
}

// TestE2EUpdateZabbixHost: against the real Zabbix, an update follows a
// rename, a new primary address (the same interface moves), another
// mapping and another status, and leaves a template and a tag added by
// hand; it costs at most two requests, and one when nothing changed.
func TestE2EUpdateZabbixHost(t *testing.T) {
	z := e2eNeedZabbix(t)
	lw := z.lifeWorld(t, "e2e-upd", nil)
	ctx := t.Context()
	req := provision.Request{Object: netbox.DeviceRef(1), User: "e2e"}
	res, err := lw.p.ProvisionAgent(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	hostID, ifaceID := res.HostConfig.HostID, res.HostConfig.Interfaces[0].InterfaceID

	var upd provision.Result
	if n := z.requests(func() { upd, err = lw.p.UpdateZabbixHost(ctx, req) }); err != nil || n != 1 || upd.Plan.Action != provision.ActionNone {
		t.Errorf("update of an unchanged host: %v, %d requests, %+v; want nothing to do in 1 request", err, n, upd.Plan)
	}
	// Added by hand in Zabbix.
	h := lw.host(t, hostID)
	if _, err := z.client.UpdateHost(ctx, zabbix.HostUpdate{HostID: hostID,
		TemplateIDs: append(slices.Clone(h.TemplateIDs), lw.tmpl["Zabbix agent"]),
		Tags:        append(slices.Clone(h.Tags), zabbix.Tag{Tag: "owner", Value: "ops"})}); err != nil {
		t.Fatal(err)
	}
	lw.editDevice(t, func(o *netbox.Object) {
		o.Name = lw.name + "-renamed"
		o.PrimaryIP4 = &netbox.NestedIP{ID: 11, Address: "192.0.2.11/24"}
		o.Role = &netbox.Nested{ID: 9, Name: "Database"}
		o.Status = netbox.Choice{Value: "offline"}
	})
	if n := z.requests(func() { upd, err = lw.p.UpdateZabbixHost(ctx, req) }); err != nil || n > 2 {
		t.Fatalf("update: %v in %d requests; want at most 2", err, n)
	}
	t.Logf("%s: %v", upd.Message, upd.Plan.Changes)
	h = lw.host(t, hostID)
	if h.Host != lw.name+"-renamed" || h.Status != zabbix.StatusNotMonitored {
		t.Errorf("host %q status %d; want renamed and not monitored", h.Host, h.Status)
	}
	if len(h.Interfaces) != 1 || h.Interfaces[0].InterfaceID != ifaceID || h.Interfaces[0].IP != "192.0.2.11" {
		t.Errorf("interfaces %+v; want interface %s moved to 192.0.2.11", h.Interfaces, ifaceID)
	}
	if !slices.Equal(h.TemplateIDs, []string{lw.tmpl["Zabbix agent"]}) {
		t.Errorf("templates %v; want only the hand-added Zabbix agent (ICMP Ping cleared)", h.TemplateIDs)
	}
	if !slices.Contains(h.Tags, zabbix.Tag{Tag: "owner", Value: "ops"}) || !slices.Contains(h.Tags, zabbix.Tag{Tag: "netbox_id", Value: "1"}) {
		t.Errorf("tags %v; want the hand-added owner=ops and the default tag", h.Tags)
	}
	var v provision.Validation
	if n := z.requests(func() { v, err = lw.p.ValidateHost(ctx, req) }); err != nil || n != 1 || v.State != provision.StateInSync {
		t.Errorf("ValidateHost: %+v, %v in %d requests; want in sync in 1", v, err, n)
	}
}

// TestE2EInterfaceInUse: the real Zabbix refuses to remove the agent
// interface the items of "Linux by Zabbix agent" use; nothing changes.
func TestE2EInterfaceInUse(t *testing.T) {
	z := e2eNeedZabbix(t)
	lw := z.lifeWorld(t, "e2e-inuse", nil)
	lw.editDevice(t, func(o *netbox.Object) { o.Role = &netbox.Nested{ID: 7, Name: "Linux"} })
	res, err := lw.p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
	if err != nil {
		t.Fatal(err)
	}
	before := lw.host(t, res.HostConfig.HostID)
	replacement := store.Interface{Name: "other", Type: zabbix.InterfaceAgent, IP: "192.0.2.11", UseIP: 1, Main: 1, Port: 10050}
	_, err = lw.c.UpdateZabbixInterface(t.Context(), iface.UpdateRequest{HostConfigID: res.HostConfig.ID, Interfaces: []store.Interface{replacement}})
	var inUse *iface.InterfaceInUseError
	if !errors.As(err, &inUse) || !slices.Equal(inUse.Interfaces, []string{lw.name + "-agent"}) {
		t.Fatalf("err = %v; want an InterfaceInUseError naming %s-agent", err, lw.name)
	}
	t.Logf("refused: %v", err)
	after := lw.host(t, res.HostConfig.HostID)
	if len(after.Interfaces) != 1 || after.Interfaces[0] != before.Interfaces[0] {
		t.Errorf("interfaces changed: %+v", after.Interfaces)
	}
}

// TestE2EDeleteSoftTwice: soft-deleting the host of one name twice
// archives the second as <name>_archived-1; both are disabled, in the
// graveyard group, without the default tag. A delete costs two requests
// once the graveyard group is known; a hard delete two.
func TestE2EDeleteSoftTwice(t *testing.T) {
	z := e2eNeedZabbix(t)
	lw := z.lifeWorld(t, "e2e-del", nil)
	ctx := t.Context()
	req := provision.Request{Object: netbox.DeviceRef(1)}
	var ids []string
	for i := range 2 {
		res, err := lw.p.ProvisionAgent(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.HostConfig.HostID)
		var del provision.Result
		n := z.requests(func() { del, err = lw.p.DeleteZabbixHost(ctx, req) })
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s (%d requests)", del.Message, n)
		if i == 1 && n != 2 {
			t.Errorf("second soft delete: %d requests, want 2", n)
		}
	}
	gs, err := z.client.HostGroups(ctx, lw.group)
	if err != nil || len(gs) != 1 {
		t.Fatalf("graveyard group: %v, %v", gs, err)
	}
	for i, want := range []string{lw.name + "_archived", lw.name + "_archived-1"} {
		h := lw.host(t, ids[i])
		if h.Host != want || h.Status != zabbix.StatusNotMonitored || !slices.Equal(h.GroupIDs, []string{gs[0].GroupID}) ||
			slices.ContainsFunc(h.Tags, func(t zabbix.Tag) bool { return t.Tag == "netbox_id" }) {
			t.Errorf("archived host %s: %q status %d groups %v tags %v; want %q", ids[i], h.Host, h.Status, h.GroupIDs, h.Tags, want)
		}
	}
	if cs, _ := lw.st.FindHostConfigs(ctx, store.HostConfigFilter{}); len(cs) != 0 {
		t.Errorf("%d configs left", len(cs))
	}

	hard := z.lifeWorld(t, "e2e-hard", func(s *store.Settings) { s.DeleteMode = store.DeleteHard })
	res, err := hard.p.ProvisionAgent(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if n := z.requests(func() { _, err = hard.p.DeleteZabbixHost(ctx, req) }); err != nil || n != 2 {
		t.Errorf("hard delete: %v in %d requests; want 2", err, n)
	}
	if hs, _ := z.client.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{res.HostConfig.HostID}}); len(hs) != 0 {
		t.Error("the hard-deleted host is still there")
	}
}

// TestE2EProvisionSNMP: SNMPv2c and SNMPv3 interfaces from the settings'
// defaults, as each server version takes them; the community and the
// passphrases never reach an event.
func TestE2EProvisionSNMP(t *testing.T) {
	z := e2eNeedZabbix(t)
	const community, auth, priv = "e2e-community-secret", "e2e-auth-secret", "e2e-priv-secret"
	for _, tc := range []struct {
		name string
		edit func(*store.Settings)
	}{
		{"v2c", func(s *store.Settings) { s.SNMP.Version, s.SNMP.Community = 2, community }},
		{"v3", func(s *store.Settings) {
			s.SNMP.Version, s.SNMP.SecurityName, s.SNMP.SecurityLevel = 3, "monitor", 2
			s.SNMP.AuthProtocol, s.SNMP.AuthPassphrase, s.SNMP.PrivProtocol, s.SNMP.PrivPassphrase = 1, auth, 1, priv
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lw := z.lifeWorld(t, "e2e-snmp"+tc.name, tc.edit)
			res, err := lw.p.ProvisionSNMP(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
			if err != nil {
				t.Fatal(err)
			}
			h := lw.host(t, res.HostConfig.HostID)
			if len(h.Interfaces) != 1 || h.Interfaces[0].Type != zabbix.InterfaceSNMP || h.Interfaces[0].Details == nil {
				t.Fatalf("interfaces %+v", h.Interfaces)
			}
			d := *h.Interfaces[0].Details
			t.Logf("%s details read back: version %d bulk %d max_repetitions %d security %q/%d", tc.name, d.Version, d.Bulk, d.MaxRepetitions, d.SecurityName, d.SecurityLevel)
			switch tc.name {
			case "v2c":
				if d.Version != 2 || d.Community.Reveal() != community {
					t.Errorf("details %+v", d)
				}
			case "v3":
				if d.Version != 3 || d.SecurityName != "monitor" || d.SecurityLevel != 2 || d.AuthProtocol != 1 || d.PrivProtocol != 1 {
					t.Errorf("details %+v", d)
				}
			}
			if z.version.AtLeast(zabbix.V6_4) && d.MaxRepetitions != 10 {
				t.Errorf("max_repetitions %d, want 10 from 6.4", d.MaxRepetitions)
			}
			// In step right after: the details read back match what was sent.
			v, err := lw.p.ValidateHost(t.Context(), provision.Request{Object: netbox.DeviceRef(1)})
			if err != nil || v.State != provision.StateInSync {
				t.Errorf("ValidateHost after ProvisionSNMP: %+v, %v", v.Plan, err)
			}
			evs, _ := lw.st.Events(t.Context(), eventlog.Query{})
			for _, e := range evs {
				for _, secret := range []string{community, auth, priv} {
					if strings.Contains(string(e.Data)+string(e.PostData)+e.Exception, secret) {
						t.Errorf("event %s holds a secret", e.Name)
					}
				}
			}
		})
	}
}
