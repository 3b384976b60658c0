package provision_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func TestProvisionAgentCreatesDevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res := w.mustProvision(netbox.DeviceRef(1))

	if res.Message != "Created web-01 with Web servers mapping" {
		t.Errorf("Message = %q", res.Message)
	}
	if !res.Created || res.Mapping != "Web servers" {
		t.Errorf("Created = %v, Mapping = %q", res.Created, res.Mapping)
	}
	hc := w.config(netbox.DeviceRef(1))
	if diff := cmp.Diff(res.HostConfig, hc); diff != "" {
		t.Errorf("stored config differs from the result (-result +stored):\n%s", diff)
	}
	if hc.Name != "z-web-01" || hc.HostID == "" || len(hc.Interfaces) != 1 {
		t.Fatalf("config = %+v", hc)
	}
	in := hc.Interfaces[0]
	wantIface := store.Interface{
		ID: in.ID, Name: "web-01-agent", Type: zabbix.InterfaceAgent,
		NetBoxInterface: netbox.Ref{Type: netbox.TypeInterface, ID: 100}, IPAddressID: 10,
		IP: "192.0.2.10", UseIP: store.UseIP, Main: 1, Port: 10050,
		InterfaceID: in.InterfaceID, HostID: hc.HostID,
	}
	if diff := cmp.Diff(wantIface, in); diff != "" || in.InterfaceID == "" {
		t.Errorf("agent interface (-want +got):\n%s", diff)
	}

	host, ok := w.zbx.Host(hc.HostID)
	if !ok {
		t.Fatalf("Zabbix host %s missing", hc.HostID)
	}
	if host.Host != "web-01" || host.Name != "web-01" {
		t.Errorf("host names = %q / %q", host.Host, host.Name)
	}
	if diff := cmp.Diff([]string{groupLinux}, host.GroupIDs); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{tmplLinux}, host.TemplateIDs); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	wantTags := []zabbix.Tag{
		{Tag: "netbox_id", Value: "1"}, {Tag: "Site", Value: "DC1"}, {Tag: "Region", Value: "Europe"},
		{Tag: "Latitude", Value: "59.33"}, {Tag: "Role", Value: "Web server"}, {Tag: "Platform", Value: "Debian 12"},
	}
	if diff := cmp.Diff(wantTags, host.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	wantInv := map[string]string{"name": "web-01", "os": "Debian 12", "location": "DC1", "location_lat": "59.33"}
	if diff := cmp.Diff(wantInv, host.Inventory); diff != "" {
		t.Errorf("inventory (-want +got):\n%s", diff)
	}
	if host.MonitoredBy != zabbix.MonitoredByServer || host.ProxyID != "" {
		t.Errorf("monitoring = %d / %q, want the server", host.MonitoredBy, host.ProxyID)
	}
	if len(host.Interfaces) != 1 || host.Interfaces[0].InterfaceID != in.InterfaceID {
		t.Errorf("Zabbix interfaces = %+v, want the linked one", host.Interfaces)
	}

	evs := w.events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Name != "ProvisionAgent" || ev.Message != res.Message || ev.User != "tester" || ev.RequestID != "req-1" ||
		ev.Exception != "" || ev.Object == nil || *ev.Object != netbox.DeviceRef(1) {
		t.Errorf("event = %+v", ev)
	}
	var sent zabbix.Host
	if err := json.Unmarshal(ev.Data, &sent); err != nil || sent.Host != "web-01" || len(sent.Interfaces) != 1 {
		t.Errorf("event data = %s (%v), want the payload sent", ev.Data, err)
	}
	if res.Event == nil || res.EventErr != nil {
		t.Errorf("Result.Event = %v, EventErr = %v", res.Event, res.EventErr)
	}
	w.checkInvariants()
}

func TestProvisionAgentCreatesVMWithDNS(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res := w.mustProvision(netbox.VMRef(1))
	if res.Message != "Created app-01 with Default VMs mapping" {
		t.Errorf("Message = %q", res.Message)
	}
	host, _ := w.zbx.Host(res.HostConfig.HostID)
	if last := host.Tags[len(host.Tags)-1]; last != (zabbix.Tag{Tag: "Cluster", Value: "cluster-a"}) {
		t.Errorf("last tag = %v, want the VM's cluster", last)
	}
	if got := res.HostConfig.Interfaces[0].NetBoxInterface; got != (netbox.Ref{Type: netbox.TypeVMInterface, ID: 200}) {
		t.Errorf("NetBox interface = %v", got)
	}

	// db-01's address has a DNS name: the interface connects by DNS.
	res = w.mustProvision(netbox.DeviceRef(2))
	if res.Mapping != "Default devices" {
		t.Errorf("db-01 mapping = %q, want the default", res.Mapping)
	}
	in := res.HostConfig.Interfaces[0]
	if in.UseIP != store.UseDNS || in.DNSName != "db-01.example.net" || in.IP != "192.0.2.11" {
		t.Errorf("db-01 interface = %+v, want DNS with the IP kept", in)
	}
	host, _ = w.zbx.Host(res.HostConfig.HostID)
	if z := host.Interfaces[0]; z.UseIP != 0 || z.DNS != "db-01.example.net" {
		t.Errorf("Zabbix interface = %+v, want useip 0 on the DNS name", z)
	}
	w.checkInvariants()
}

func TestProvisionAgentUseIPSetting(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withSettings(func(s *store.Settings) { s.UseIP = store.UseIP; s.AgentPort = 10070 }))
	res := w.mustProvision(netbox.DeviceRef(2))
	in := res.HostConfig.Interfaces[0]
	if in.UseIP != store.UseIP || in.Port != 10070 {
		t.Errorf("interface = %+v, want useip 1 on port 10070 as the settings say", in)
	}
}

func TestProvisionAgentPSKIsSentAndNeverLeaks(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withSettings(func(s *store.Settings) {
		s.TLSConnect, s.TLSAccept = zabbix.TLSPSK, zabbix.TLSPSK
		s.TLSPSKIdentity, s.TLSPSK = "PSK 001", psk
	}))
	res := w.mustProvision(netbox.DeviceRef(1))
	p := res.Plan.Create
	if p.TLSConnect != zabbix.TLSPSK || p.TLSAccept != zabbix.TLSPSK || p.TLSPSKIdentity != "PSK 001" || p.TLSPSK.Reveal() != psk {
		t.Errorf("payload TLS = %d/%d %q, want PSK with identity and key", p.TLSConnect, p.TLSAccept, p.TLSPSKIdentity)
	}
	host, _ := w.zbx.Host(res.HostConfig.HostID)
	if host.TLSConnect != zabbix.TLSPSK || host.TLSAccept != zabbix.TLSPSK {
		t.Errorf("Zabbix host TLS = %d/%d", host.TLSConnect, host.TLSAccept)
	}

	// Make a run fail after the payload was built, so the failure event
	// carries data too.
	w.moveIP(12, "192.0.2.12/24")
	w.zbx.FailCall("UpdateHost", 1, errors.New("boom "+psk))
	_, err := w.provision(netbox.DeviceRef(1))
	if err == nil {
		t.Fatal("ProvisionAgent succeeded; want the injected failure")
	}
	for _, ev := range w.events() {
		for what, text := range map[string]string{"data": string(ev.Data), "pre_data": string(ev.PreData),
			"post_data": string(ev.PostData), "exception": ev.Exception, "message": ev.Message} {
			if strings.Contains(text, psk) {
				t.Errorf("event %d %s holds the PSK: %s", ev.ID, what, text)
			}
		}
	}
	if strings.Contains(w.logs.String(), psk) {
		t.Errorf("logs hold the PSK:\n%s", w.logs.String())
	}
	if !strings.Contains(string(w.events()[1].Data), `"tls_psk":"[redacted]"`) {
		t.Errorf("first event data %s should show the PSK field redacted", w.events()[1].Data)
	}
}

func TestProvisionAgentMonitoring(t *testing.T) {
	t.Parallel()
	t.Run("proxy from the mapping", func(t *testing.T) {
		w := newWorld(t, withSettings(func(s *store.Settings) { s.MonitoredBy = zabbix.MonitoredByProxy }))
		res := w.mustProvision(netbox.DeviceRef(1))
		host, _ := w.zbx.Host(res.HostConfig.HostID)
		if host.MonitoredBy != zabbix.MonitoredByProxy || host.ProxyID != proxyID || res.HostConfig.Proxy == nil {
			t.Errorf("host monitoring = %d/%q, config proxy %v", host.MonitoredBy, host.ProxyID, res.HostConfig.Proxy)
		}
	})
	t.Run("proxy missing from the mapping", func(t *testing.T) {
		w := newWorld(t, withSettings(func(s *store.Settings) { s.MonitoredBy = zabbix.MonitoredByProxy }))
		_, err := w.provision(netbox.DeviceRef(2)) // the default mapping has no proxy
		if !errors.Is(err, provision.ErrNoProxy) {
			t.Fatalf("err = %v, want ErrNoProxy", err)
		}
		mustContain(t, "error", err.Error(), `"db-01"`, `"Default devices"`)
		if w.zbx.HostCount() != 1 || len(w.configs()) != 0 {
			t.Error("a failed run left a host or a config")
		}
	})
	t.Run("proxy group on Zabbix 6.0", func(t *testing.T) {
		ms := defaultMappings()
		ms[1].ProxyGroup = &zabbix.ProxyGroup{ProxyGroupID: "1", Name: "group-1"}
		w := newWorld(t, withVersion(zabbix.V6_0), withMappings(ms...),
			withSettings(func(s *store.Settings) { s.MonitoredBy = zabbix.MonitoredByProxyGroup }))
		_, err := w.provision(netbox.DeviceRef(1))
		var ve *zabbix.VersionError
		if !errors.Is(err, zabbix.ErrUnsupported) || !errors.As(err, &ve) {
			t.Fatalf("err = %v, want a *zabbix.VersionError", err)
		}
		w.checkInvariants()
	})
}

func TestProvisionAgentHostName(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.nb.PutObject(&netbox.Object{Type: netbox.TypeDevice, ID: 7, Status: netbox.Choice{Value: "active"}, Name: "café/01",
		PrimaryIP4: &netbox.NestedIP{ID: 12, Address: "192.0.2.12/24"}})
	res := w.mustProvision(netbox.DeviceRef(7))
	if h := res.Plan.Create; !strings.HasPrefix(h.Host, "caf__01-") || h.Name != "café/01" {
		t.Errorf("host / visible name = %q / %q, want caf__01-<hash> / café/01", h.Host, h.Name)
	}
	if res.Message != "Created café/01 with Default devices mapping" {
		t.Errorf("Message = %q", res.Message)
	}
}

func TestProvisionAgentBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		ref      netbox.Ref
		settings func(*store.Settings)
		mappings []store.Mapping
		want     error
		text     []string
		noCalls  bool // rejected before any backend call
	}{
		{name: "unknown type", ref: netbox.Ref{Type: "dcim.cable", ID: 1}, want: provision.ErrInvalidRequest, text: []string{"cannot be provisioned"}, noCalls: true},
		{name: "zero ID", ref: netbox.DeviceRef(0), want: provision.ErrInvalidRequest, noCalls: true},
		{name: "negative ID", ref: netbox.VMRef(-4), want: provision.ErrInvalidRequest, noCalls: true},
		{name: "missing device", ref: netbox.DeviceRef(99), want: netbox.ErrNotFound, text: []string{"device 99 not found"}},
		{name: "missing VM", ref: netbox.VMRef(99), want: provision.ErrObjectNotFound},
		{name: "no primary IP", ref: netbox.DeviceRef(3), want: provision.ErrNoPrimaryIP, text: []string{"no-ip-01 does not have a primary IPv4 address"}},
		{name: "excluded", ref: netbox.DeviceRef(1), want: provision.ErrExcluded, text: []string{"web-01", "exclude_from_zabbix"},
			settings: func(s *store.Settings) { s.ExcludeCustomFieldEnabled = true }},
		{name: "no default mapping", ref: netbox.DeviceRef(2), want: mapping.ErrNoDefault, text: []string{`"db-01"`},
			mappings: defaultMappings()[1:]},
		{name: "several defaults", ref: netbox.DeviceRef(2), want: mapping.ErrSeveralDefaults, text: []string{`"db-01"`},
			mappings: append(defaultMappings(), store.Mapping{ObjectType: netbox.TypeDevice, Name: "Second default", Default: true})},
		{name: "invalid stored settings", ref: netbox.DeviceRef(1), want: provision.ErrInvalidRequest, text: []string{"settings"},
			settings: func(s *store.Settings) { s.AgentPort = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var opts []worldOption
			if tt.settings != nil {
				opts = append(opts, withSettings(tt.settings))
			}
			if tt.mappings != nil {
				opts = append(opts, withMappings(tt.mappings...))
			}
			w := newWorld(t, opts...)
			if tt.name == "excluded" {
				objs, _ := w.nb.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1}})
				objs[0].CustomFields = map[string]any{"exclude_from_zabbix": true}
				w.nb.PutObject(objs[0])
			}
			_, err := w.provision(tt.ref)
			var pe *provision.Error
			if !errors.Is(err, tt.want) || !errors.As(err, &pe) {
				t.Fatalf("err = %v, want %v as a *provision.Error", err, tt.want)
			}
			if pe.Op != "ProvisionAgent" || pe.Object != tt.ref {
				t.Errorf("Error Op/Object = %q/%v", pe.Op, pe.Object)
			}
			mustContain(t, "error", err.Error(), tt.text...)
			if tt.noCalls && (len(w.nb.Calls()) != 0 || len(w.zbx.Calls()) != 0) {
				t.Errorf("backends were called: NetBox %v, Zabbix %v", w.nb.Calls(), w.zbx.Calls())
			}
			if w.zbx.HostCount() != 1 || len(w.configs()) != 0 {
				t.Error("a rejected run left a host or a config")
			}
			evs := w.events()
			if len(evs) != 1 || evs[0].Exception != err.Error() {
				t.Errorf("events = %+v, want one with the exception", evs)
			}
		})
	}
}

// TestProvisionAgentTwice is the plugin's first defect: it always
// fails when the object already has a host. Here a second address adds a
// second interface, and the same address again is refused clearly.
func TestProvisionAgentTwice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.mustProvision(netbox.DeviceRef(1))
	hostID := first.HostConfig.HostID

	_, err := w.provision(netbox.DeviceRef(1))
	var ie *provision.InterfaceExistsError
	if !errors.Is(err, provision.ErrInterfaceExists) || !errors.As(err, &ie) {
		t.Fatalf("second run = %v, want ErrInterfaceExists", err)
	}
	if ie.Existing.Name != "web-01-agent" || ie.Config != "z-web-01" {
		t.Errorf("InterfaceExistsError = %+v", ie)
	}
	mustContain(t, "error", err.Error(), "192.0.2.10", "10050")
	for _, c := range w.zbx.Calls()[1:] {
		if c.Method != "Hosts" {
			t.Errorf("refused run called Zabbix %s", c.Method)
		}
	}

	w.moveIP(12, "192.0.2.12/24")
	res := w.mustProvision(netbox.DeviceRef(1))
	if res.Message != "Updated web-01 with new interface web-01-agent-2 in Zabbix" {
		t.Errorf("Message = %q", res.Message)
	}
	if res.Created || res.HostConfig.HostID != hostID || len(res.HostConfig.Interfaces) != 2 {
		t.Fatalf("result = %+v", res)
	}
	host, _ := w.zbx.Host(hostID)
	if len(host.Interfaces) != 2 {
		t.Fatalf("Zabbix host has %d interfaces, want 2", len(host.Interfaces))
	}
	mains := 0
	for _, in := range res.HostConfig.Interfaces {
		if !in.Linked() {
			t.Errorf("interface %q not linked", in.Name)
		}
		mains += in.Main
	}
	if mains != 1 {
		t.Errorf("%d main agent interfaces, want 1", mains)
	}
	if before := res.Plan.Current; before.HostID != hostID || len(before.Interfaces) != 1 || len(res.After.Interfaces) != 2 {
		t.Errorf("Before/After = %d/%d interfaces", len(before.Interfaces), len(res.After.Interfaces))
	}
	w.checkInvariants()
}

// TestProvisionAgentConcurrent runs ProvisionAgent for one object from many
// goroutines at once: one host and one config result, and every other run
// reports the interface as already there.
func TestProvisionAgentConcurrent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const n = 12
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = w.provision(netbox.DeviceRef(1))
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, provision.ErrInterfaceExists):
			t.Errorf("run failed with %v, want success or ErrInterfaceExists", err)
		}
	}
	if ok != 1 || w.zbx.HostCount() != 2 || len(w.configs()) != 1 {
		t.Errorf("%d successes, %d Zabbix hosts, %d configs; want 1, 2 (with the seed), 1", ok, w.zbx.HostCount(), len(w.configs()))
	}
	w.checkInvariants()
}

func TestProvisionAgentHostNameTaken(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// A host made outside the library, with the same name.
	other, err := w.zbx.CreateHosts(t.Context(), []zabbix.Host{{Host: "web-01", GroupIDs: []string{groupLinux},
		Interfaces: []zabbix.HostInterface{{Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "198.51.100.1", Port: "10050"}}}})
	if err != nil {
		t.Fatal(err)
	}
	before := w.zbx.AllHosts()

	_, err = w.provision(netbox.DeviceRef(1))
	var te *provision.HostNameTakenError
	if !errors.Is(err, provision.ErrHostNameTaken) || !errors.As(err, &te) || !errors.Is(err, zabbix.ErrHostExists) {
		t.Fatalf("err = %v, want ErrHostNameTaken wrapping zabbix.ErrHostExists", err)
	}
	if te.Host != "web-01" || te.HostID != other[0].HostID {
		t.Errorf("HostNameTakenError = %+v, want host web-01 id %s", te, other[0].HostID)
	}
	if diff := cmp.Diff(before, w.zbx.AllHosts()); diff != "" {
		t.Errorf("Zabbix changed (-before +after):\n%s", diff)
	}
	if len(w.configs()) != 0 {
		t.Error("a config was stored")
	}
}

// TestProvisionAgentAdoptsOrphan: a run dies after host.create (here: the
// store write and the undo both fail, leaving the host behind). Running
// ProvisionAgent again takes the host over: one host, one config.
func TestProvisionAgentAdoptsOrphan(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.st.FailCall("CreateHostConfigs", 1, errInjected)
	w.zbx.FailCall("DeleteHosts", 1, errors.New("connection reset"))
	_, err := w.provision(netbox.DeviceRef(1))
	var ue *provision.UndoError
	if !errors.Is(err, provision.ErrUndoFailed) || !errors.As(err, &ue) || !errors.Is(err, errInjected) {
		t.Fatalf("err = %v, want an UndoError wrapping the store failure", err)
	}
	if _, ok := w.zbx.Host(ue.HostID); !ok {
		t.Fatalf("UndoError names host %q, which does not exist", ue.HostID)
	}
	mustContain(t, "error", err.Error(), ue.HostID, "delete it by hand")

	res := w.mustProvision(netbox.DeviceRef(1))
	if !res.Adopted || !res.Created || res.HostConfig.HostID != ue.HostID {
		t.Errorf("second run = %+v, want the orphan %s adopted", res, ue.HostID)
	}
	mustContain(t, "message", res.Message, "Created web-01 with Web servers mapping", ue.HostID)
	if w.zbx.HostCount() != 2 || len(w.configs()) != 1 {
		t.Errorf("%d hosts, %d configs; want 2 (with the seed), 1", w.zbx.HostCount(), len(w.configs()))
	}
	host, _ := w.zbx.Host(ue.HostID)
	if len(host.Interfaces) != 1 || host.Interfaces[0].InterfaceID != res.HostConfig.Interfaces[0].InterfaceID {
		t.Errorf("adopted host interfaces %+v, config %+v", host.Interfaces, res.HostConfig.Interfaces)
	}
	w.checkInvariants()
}

// TestProvisionAgentLostAnswer: host.create succeeds but its answer is
// lost. The run finds the host it made by name and default tag and takes it
// over; when the create did not happen, the run reports the failure and
// leaves nothing behind.
func TestProvisionAgentLostAnswer(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.zbx.FailCallAfterApply("CreateHosts", 1, errors.New("read: connection reset by peer"))
	res, err := w.provision(netbox.DeviceRef(1))
	if err != nil {
		t.Fatalf("ProvisionAgent = %v; want the lost answer recovered", err)
	}
	mustContain(t, "message", res.Message, "Created web-01 with Web servers mapping", "answer was lost")
	if w.zbx.HostCount() != 2 || len(w.configs()) != 1 || !res.HostConfig.Interfaces[0].Linked() {
		t.Errorf("%d hosts, %d configs, config %+v", w.zbx.HostCount(), len(w.configs()), res.HostConfig)
	}
	w.checkInvariants()

	w2 := newWorld(t)
	w2.zbx.FailCall("CreateHosts", 1, errors.New("read: connection reset by peer"))
	if _, err := w2.provision(netbox.DeviceRef(1)); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("ProvisionAgent = %v; want the failure reported", err)
	}
	if w2.zbx.HostCount() != 1 || len(w2.configs()) != 0 {
		t.Error("a failed create left a host or a config")
	}
}

func TestProvisionAgentReusesConfigWithoutHost(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	saved, err := w.st.CreateHostConfigs(t.Context(), []store.HostConfig{{Name: "z-web-01", Object: netbox.DeviceRef(1),
		Description: "made by an operator"}})
	if err != nil {
		t.Fatal(err)
	}
	res := w.mustProvision(netbox.DeviceRef(1))
	if res.HostConfig.ID != saved[0].ID || res.HostConfig.HostID == "" || res.HostConfig.Description != "made by an operator" {
		t.Errorf("config = %+v, want the stored one given a host", res.HostConfig)
	}
	if host, _ := w.zbx.Host(res.HostConfig.HostID); host.Description != "made by an operator" {
		t.Errorf("host description = %q", host.Description)
	}
	w.checkInvariants()
}

func TestProvisionAgentEventLogOff(t *testing.T) {
	t.Parallel()
	w := newWorld(t, withSettings(func(s *store.Settings) { s.EventLogEnabled = false }))
	res := w.mustProvision(netbox.DeviceRef(1))
	if res.Event != nil || len(w.events()) != 0 {
		t.Errorf("event recorded with the event log off: %v", res.Event)
	}
}

func TestProvisionAgentEventFailureDoesNotFailRun(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.st.FailCall("RecordEvent", 1, errInjected)
	res, err := w.provision(netbox.DeviceRef(1))
	if err != nil {
		t.Fatalf("ProvisionAgent = %v; a failed event must not fail the run", err)
	}
	if !errors.Is(res.EventErr, errInjected) || res.Event != nil {
		t.Errorf("EventErr = %v, Event = %v", res.EventErr, res.Event)
	}
	mustContain(t, "logs", w.logs.String(), "event not recorded")
	w.checkInvariants()
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	if _, err := provision.New(provision.Config{}); err == nil {
		t.Fatal("New with no backends succeeded")
	}
}

// TestProvisionAgentExclusionValues: the exclusion field counts as set for
// true, a text and a non-zero number, as NetBox's JSON gives them.
func TestProvisionAgentExclusionValues(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		value    any
		excluded bool
	}{
		{true, true}, {false, false}, {nil, false}, {"yes", true}, {"", false},
		{json.Number("1"), true}, {json.Number("0"), false}, {[]any{"x"}, true}, {[]any{}, false},
	} {
		w := newWorld(t, withSettings(func(s *store.Settings) { s.ExcludeCustomFieldEnabled = true }))
		objs, _ := w.nb.Objects(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: []int64{1}})
		objs[0].CustomFields = map[string]any{"exclude_from_zabbix": tt.value}
		w.nb.PutObject(objs[0])
		_, err := w.provision(netbox.DeviceRef(1))
		if got := errors.Is(err, provision.ErrExcluded); got != tt.excluded {
			t.Errorf("exclusion field %#v: excluded = %v (err %v), want %v", tt.value, got, err, tt.excluded)
		}
	}
}
