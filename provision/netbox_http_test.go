package provision_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

// The NetBox fixtures (netbox/testdata/<version>/) hold device 1 "web-01"
// (role "Web server", site DC1 in region Stockholm, location "Room 1",
// primary IPv4 10 on interface eth0 with a DNS name) and VM 1 "app-01"
// (cluster-a, primary IPv4 20 on VM interface ens3, no DNS name), shaped as
// NetBox 3.7, 4.2 and 4.5 send them.
const nbhttpToken = "0123456789abcdef0123456789abcdef01234567"

var nbhttpVersions = []string{"3.7", "4.2", "4.5"}

// TestProvisionAgentOverNetBoxHTTP provisions the fixtures' device and VM
// through the REST client, for each NetBox version, and checks that
// Zabbix gets the same host as when memnetbox holds the same objects. It
// counts the requests NetBox receives: with the default tag and inventory
// mappings, the object and its primary IP (2), the site for site.region,
// site.latitude and site.longitude (+1) and, for the device, its location
// for location.site.latitude (+1).
func TestProvisionAgentOverNetBoxHTTP(t *testing.T) {
	t.Parallel()
	for _, v := range nbhttpVersions {
		for _, tc := range []struct {
			ref          netbox.Ref
			wantRequests int
		}{{netbox.DeviceRef(1), 4}, {netbox.VMRef(1), 3}} {
			t.Run(v+"/"+tc.ref.String(), func(t *testing.T) {
				t.Parallel()
				srv := nbhttpServer(t, v)
				viaHTTP := nbhttpProvision(t, nbhttpClient(t, srv.URL), tc.ref, memstore.Seed{})
				if n := srv.Count(); n != tc.wantRequests {
					t.Errorf("NetBox received %d requests, want %d:\n%q", n, tc.wantRequests, srv.Requests())
				}
				t.Logf("NetBox %s, %s, default mappings: %d requests", v, tc.ref, srv.Count())
				viaMem := nbhttpProvision(t, memnetbox.New(nbhttpSeed(v)), tc.ref, memstore.Seed{})
				if diff := cmp.Diff(viaMem, viaHTTP); diff != "" {
					t.Errorf("Zabbix host (-memnetbox +HTTP NetBox %s):\n%s", v, diff)
				}
				nbhttpCheckHost(t, tc.ref, viaHTTP)
			})
		}
	}
}

// TestProvisionAgentOverNetBoxHTTPWithoutExpansion: when every tag and
// inventory path is answered by NetBox's nested summaries, ProvisionAgent
// costs NetBox two requests: the object and its primary IP address.
func TestProvisionAgentOverNetBoxHTTPWithoutExpansion(t *testing.T) {
	t.Parallel()
	seed := memstore.Seed{
		TagMappings: []store.TagMapping{
			nbhttpSummaryTags(netbox.TypeDevice), nbhttpSummaryTags(netbox.TypeVirtualMachine),
		},
		InventoryMappings: []store.InventoryMapping{
			nbhttpSummaryInventory(netbox.TypeDevice), nbhttpSummaryInventory(netbox.TypeVirtualMachine),
		},
	}
	for _, v := range nbhttpVersions {
		for _, ref := range []netbox.Ref{netbox.DeviceRef(1), netbox.VMRef(1)} {
			t.Run(v+"/"+ref.String(), func(t *testing.T) {
				t.Parallel()
				srv := nbhttpServer(t, v)
				viaHTTP := nbhttpProvision(t, nbhttpClient(t, srv.URL), ref, seed)
				if n := srv.Count(); n != 2 {
					t.Errorf("NetBox received %d requests, want 2:\n%q", n, srv.Requests())
				}
				viaMem := nbhttpProvision(t, memnetbox.New(nbhttpSeed(v)), ref, seed)
				if diff := cmp.Diff(viaMem, viaHTTP); diff != "" {
					t.Errorf("Zabbix host (-memnetbox +HTTP NetBox %s):\n%s", v, diff)
				}
				if !nbhttpHasTag(viaHTTP.Stored.Tags, "Production", "Production") || !nbhttpHasTag(viaHTTP.Stored.Tags, "Site", "DC1") {
					t.Errorf("tags %v lack the NetBox tag or the site", viaHTTP.Stored.Tags)
				}
			})
		}
	}
}

// nbhttpHost is what a ProvisionAgent run leaves in Zabbix, without the
// IDs Zabbix assigns.
type nbhttpHost struct {
	Payload zabbix.Host // what was sent
	Stored  zabbix.Host // what Zabbix holds afterwards
	Message string
}

// nbhttpProvision provisions ref from nb into a fresh memzabbix (7.0) and
// memstore seeded with the mappings and seed.
func nbhttpProvision(t *testing.T, nb provision.NetBoxClient, ref netbox.Ref, seed memstore.Seed) nbhttpHost {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
	seed.Mappings = []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}}},
		{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2}, InterfaceType: zabbix.InterfaceAgent,
			HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}},
			Templates:  []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}}},
		{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: "6", Name: "Virtual machines"}}},
	}
	st := memstore.New(memstore.Config{Now: now, Seed: seed})
	zbx := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.ProvisionAgent(t.Context(), provision.Request{Object: ref, User: "tester", RequestID: "req-1"})
	if err != nil {
		t.Fatalf("ProvisionAgent(%v): %v", ref, err)
	}
	stored, ok := zbx.Host(res.HostConfig.HostID)
	if !ok {
		t.Fatalf("Zabbix has no host %s", res.HostConfig.HostID)
	}
	return nbhttpHost{Payload: nbhttpWithoutIDs(*res.Plan.Create), Stored: nbhttpWithoutIDs(stored), Message: res.Message}
}

func nbhttpWithoutIDs(h zabbix.Host) zabbix.Host {
	h = h.Clone()
	h.HostID = ""
	for i := range h.Interfaces {
		h.Interfaces[i].InterfaceID, h.Interfaces[i].HostID = "", ""
	}
	return h
}

// nbhttpCheckHost checks what the fixtures must give, beyond the two
// backends agreeing: values that only the full site and location have.
func nbhttpCheckHost(t *testing.T, ref netbox.Ref, got nbhttpHost) {
	t.Helper()
	h := got.Stored
	for _, tag := range [][2]string{{"netbox_id", "1"}, {"Site", "DC1"}, {"Region", "Stockholm"},
		{"Latitude", "59.4032"}, {"Longitude", "17.9442"}, {"Platform", "Debian 12"}} {
		if !nbhttpHasTag(h.Tags, tag[0], tag[1]) {
			t.Errorf("no tag %s=%s in %v", tag[0], tag[1], h.Tags)
		}
	}
	wantInv := map[string]string{"name": "app-01", "os": "Debian 12", "location": "DC1", "location_lat": "59.4032", "location_lon": "17.9442"}
	wantIface := zabbix.HostInterface{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.20", Port: "10050"}
	if ref.Type == netbox.TypeDevice {
		wantInv["name"], wantInv["location"] = "web-01", "Room 1"
		wantIface.IP, wantIface.DNS, wantIface.UseIP = "192.0.2.10", "web-01.example.net", 0
		if len(h.TemplateIDs) != 1 || h.TemplateIDs[0] != "10001" {
			t.Errorf("templates %v, want the Web servers mapping's", h.TemplateIDs)
		}
	} else if !nbhttpHasTag(h.Tags, "Cluster", "cluster-a") {
		t.Errorf("no Cluster tag in %v", h.Tags)
	}
	if diff := cmp.Diff(wantInv, h.Inventory); diff != "" {
		t.Errorf("inventory (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]zabbix.HostInterface{wantIface}, h.Interfaces); diff != "" {
		t.Errorf("interfaces (-want +got):\n%s", diff)
	}
}

func nbhttpHasTag(tags []zabbix.Tag, name, value string) bool {
	for _, t := range tags {
		if t.Tag == name && t.Value == value {
			return true
		}
	}
	return false
}

// nbhttpSummaryTags selects only fields NetBox's summaries answer, and the
// NetBox tag "production".
func nbhttpSummaryTags(t netbox.ObjectType) store.TagMapping {
	return store.TagMapping{ObjectType: t, Tags: []string{"production"}, Fields: []store.TagField{
		{Name: "Site", Path: "site.name", Enabled: true},
		{Name: "Role", Path: "role.name", Enabled: true},
		{Name: "Platform", Path: "platform.name", Enabled: true},
		{Name: "Serial", Path: "serial", Enabled: true},
	}}
}

func nbhttpSummaryInventory(t netbox.ObjectType) store.InventoryMapping {
	return store.InventoryMapping{ObjectType: t, Fields: []store.InventoryField{
		{Property: "name", Paths: []string{"name"}, Enabled: true},
		{Property: "os", Paths: []string{"platform.name"}, Enabled: true},
		{Property: "location", Paths: []string{"location.name", "site.name"}, Enabled: true},
	}}
}

func nbhttpServer(t *testing.T, v string) *netboxtest.Server {
	return netboxtest.NewServer(t, netboxtest.ServerConfig{Dir: "../netbox/testdata/" + v, Tokens: []string{nbhttpToken}})
}

func nbhttpClient(t *testing.T, url string) *netbox.Client {
	t.Helper()
	c, err := netbox.New(netbox.Config{URL: url, Token: nbhttpToken})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// nbhttpSeed holds the fixtures' objects of NetBox version v as a caller
// would seed memnetbox by hand: summaries with API paths as URLs, and the
// full site and location as related objects. Virtual machines have a
// serial from NetBox 4.1 on.
func nbhttpSeed(v string) memnetbox.Config {
	vmAttrs := map[string]any{"serial": "VM-0001"}
	if v == "3.7" {
		vmAttrs = nil
	}
	site := func() *netbox.Nested {
		return &netbox.Nested{ID: 1, URL: "/api/dcim/sites/1/", Name: "DC1", Slug: "dc1"}
	}
	platform := func() *netbox.Nested {
		return &netbox.Nested{ID: 3, URL: "/api/dcim/platforms/3/", Name: "Debian 12", Slug: "debian-12"}
	}
	production := netbox.Tag{ID: 1, Name: "Production", Slug: "production"}
	return memnetbox.Config{
		Objects: []*netbox.Object{
			{Type: netbox.TypeDevice, ID: 1, Name: "web-01", Status: netbox.Choice{Value: "active", Label: "Active"},
				Site: site(), Platform: platform(),
				Role:       &netbox.Nested{ID: 2, URL: "/api/dcim/device-roles/2/", Name: "Web server", Slug: "web-server"},
				Location:   &netbox.Nested{ID: 4, URL: "/api/dcim/locations/4/", Name: "Room 1", Slug: "room-1"},
				PrimaryIP4: &netbox.NestedIP{ID: 10, URL: "/api/ipam/ip-addresses/10/", Address: "192.0.2.10/24"},
				Tags:       []netbox.Tag{{ID: 2, Name: "Linux", Slug: "linux"}, production},
				Attrs:      map[string]any{"serial": "SN-0001"}},
			{Type: netbox.TypeVirtualMachine, ID: 1, Name: "app-01", Status: netbox.Choice{Value: "active", Label: "Active"},
				Site: site(), Platform: platform(),
				Role:       &netbox.Nested{ID: 8, URL: "/api/dcim/device-roles/8/", Name: "Application server"},
				Cluster:    &netbox.Nested{ID: 7, URL: "/api/virtualization/clusters/7/", Name: "cluster-a"},
				PrimaryIP4: &netbox.NestedIP{ID: 20, URL: "/api/ipam/ip-addresses/20/", Address: "192.0.2.20/24"},
				Tags:       []netbox.Tag{production},
				Attrs:      vmAttrs},
		},
		IPAddresses: []*netbox.IPAddress{
			{ID: 10, Address: "192.0.2.10/24", DNSName: "web-01.example.net",
				AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100},
			{ID: 20, Address: "192.0.2.20/24", AssignedObjectType: netbox.TypeVMInterface, AssignedObjectID: 200},
		},
		Related: map[string]map[string]any{
			"/api/dcim/sites/1/": {"id": 1, "name": "DC1", "slug": "dc1", "latitude": 59.4032, "longitude": 17.9442,
				"region": map[string]any{"id": 3, "url": "/api/dcim/regions/3/", "name": "Stockholm", "slug": "stockholm"}},
			"/api/dcim/locations/4/": {"id": 4, "name": "Room 1", "slug": "room-1",
				"site": map[string]any{"id": 1, "url": "/api/dcim/sites/1/", "name": "DC1"}},
		},
	}
}
