// Command quickstart provisions a NetBox device and a virtual machine into
// Zabbix on the in-memory backends, with no configuration at all:
//
//	go run ./examples/quickstart
//
// It seeds NetBox with a web server and an application VM, the store with a
// default and a specific mapping, provisions both objects, adds an SNMP
// interface to the device's host config and pushes it with
// CreateZabbixInterface, then prints the event log.
//
// The -store flag keeps the store in a database instead of in memory, so
// that a second run finds what the first one stored:
//
//	go run ./examples/quickstart -store sqlite:/tmp/quickstart.db
//	go run ./examples/quickstart -store 'postgres:postgres://user:password@localhost:5432/db?sslmode=disable'
//
// NetBox and Zabbix stay in memory and start empty on every run. On a second
// run the objects are already provisioned as far as the store knows, which
// the program reports; but the Zabbix hosts their configs point at were in
// the first run's in-memory Zabbix, which is gone, and the program says so
// and leaves Zabbix alone. A persistent store is meant to be used with a
// real Zabbix (zabbix.New), whose hosts outlive the program too.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

func main() {
	where := flag.String("store", "memory", "where to keep the store: memory, sqlite:PATH or postgres:DSN")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *where); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, where string) error {
	nb := memnetbox.New(netboxSeed())
	zbx := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	st, closeStore, err := openStore(ctx, where)
	if err != nil {
		return err
	}
	defer closeStore()

	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st})
	if err != nil {
		return err
	}
	for _, obj := range []netbox.Ref{netbox.DeviceRef(1), netbox.VMRef(1)} {
		res, err := p.ProvisionAgent(ctx, provision.Request{Object: obj, User: "quickstart"})
		if errors.Is(err, provision.ErrInterfaceExists) {
			// A persistent store remembers an earlier run.
			hc, err := st.HostConfigByObject(ctx, obj)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s is already provisioned (%s, Zabbix host %s)\n", strings.TrimPrefix(hc.Name, "z-"), hc.Name, hc.HostID)
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s (Zabbix host %s, config %s)\n", res.Message, res.HostConfig.HostID, res.HostConfig.Name)
	}

	// Add an SNMP interface to the device's host config, as an operator
	// would in NetBox, unless an earlier run did, then push it to Zabbix.
	hc, err := st.HostConfigByObject(ctx, netbox.DeviceRef(1))
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(hc.Interfaces, func(in store.Interface) bool { return in.Type == zabbix.InterfaceSNMP }) {
		hc.Interfaces = append(hc.Interfaces, store.Interface{
			Name: "web-01-snmp", Type: zabbix.InterfaceSNMP, IPAddressID: 10, IP: "192.0.2.10",
			UseIP: store.UseIP, Main: 1, Port: 161,
			SNMP: &store.SNMPInterface{Version: 2, Community: "{$SNMP_COMMUNITY}", Bulk: 1},
		})
		if hc, err = st.UpdateHostConfig(ctx, hc); err != nil {
			return err
		}
	}
	if _, ok := zbx.Host(hc.HostID); !ok {
		fmt.Fprintf(out, "Zabbix host %s of %s is not in this run's in-memory Zabbix, which starts empty while the %s store kept the earlier run's configs: "+
			"not pushing interfaces (use a persistent store with a real Zabbix)\n", hc.HostID, hc.Name, storeKind(where))
	} else {
		c, err := iface.New(iface.Config{Zabbix: zbx, Store: st})
		if err != nil {
			return err
		}
		res, err := c.CreateZabbixInterface(ctx, iface.Request{HostConfigID: hc.ID, User: "quickstart"})
		if err != nil {
			return err
		}
		fmt.Fprintln(out, res.Message)

		host, _ := zbx.Host(res.HostConfig.HostID)
		fmt.Fprintf(out, "Zabbix host %s %q has %d interfaces, tags %v\n", host.HostID, host.Host, len(host.Interfaces), host.Tags)
	}

	events, err := st.Events(ctx, eventlog.Query{})
	if err != nil {
		return err
	}
	slices.Reverse(events) // oldest first
	fmt.Fprintln(out, "Event log:")
	for _, e := range events {
		fmt.Fprintf(out, "  #%d %s by %s: %s\n", e.ID, e.Name, e.User, e.Message)
	}
	return nil
}

// openStore opens the store that where names ("memory", "sqlite:PATH" or
// "postgres:DSN"), seeded with storeSeed when it has no mappings yet, and
// returns it with the function that closes it.
func openStore(ctx context.Context, where string) (store.Store, func(), error) {
	if where == "memory" {
		return memstore.New(memstore.Config{Seed: storeSeed()}), func() {}, nil
	}
	st, db, err := storeflag.Open(ctx, where, nil)
	if errors.Is(err, storeflag.ErrBadSpec) {
		return nil, nil, fmt.Errorf("-store %q…: want memory, sqlite:PATH or postgres:DSN", storeflag.Kind(where))
	}
	if err != nil {
		return nil, nil, err
	}
	if err := seedOnce(ctx, st); err != nil {
		db.Close()
		return nil, nil, err
	}
	return st, func() { db.Close() }, nil
}

// seedOnce puts storeSeed's mappings into a store that has none.
func seedOnce(ctx context.Context, st store.Store) error {
	for _, t := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		if ms, err := st.Mappings(ctx, t); err != nil || len(ms) > 0 {
			return err
		}
	}
	for _, m := range storeSeed().Mappings {
		if _, err := st.PutMapping(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// storeKind is "sqlite" or "postgres" for a -store value.
func storeKind(where string) string {
	kind, _, _ := strings.Cut(where, ":")
	return kind
}

// netboxSeed is a web server (device 1) and an application VM (VM 1), each
// with a primary IPv4 address on an interface.
func netboxSeed() memnetbox.Config {
	site := &netbox.Nested{ID: 1, Name: "DC1", Slug: "dc1", Attrs: map[string]any{
		"region": map[string]any{"id": 1, "name": "Europe", "slug": "europe"},
	}}
	return memnetbox.Config{
		Objects: []*netbox.Object{
			{
				Type: netbox.TypeDevice, ID: 1, Name: "web-01",
				Status:     netbox.Choice{Value: "active", Label: "Active"},
				Site:       site,
				Role:       &netbox.Nested{ID: 2, Name: "Web server", Slug: "web-server"},
				Platform:   &netbox.Nested{ID: 3, Name: "Debian 12", Slug: "debian-12"},
				PrimaryIP4: &netbox.NestedIP{ID: 10, Address: "192.0.2.10/24"},
				Tags:       []netbox.Tag{{ID: 1, Name: "Production", Slug: "production"}},
			},
			{
				Type: netbox.TypeVirtualMachine, ID: 1, Name: "app-01",
				Status:     netbox.Choice{Value: "active", Label: "Active"},
				Site:       site,
				Cluster:    &netbox.Nested{ID: 5, Name: "cluster-a"},
				Role:       &netbox.Nested{ID: 4, Name: "Application", Slug: "application"},
				PrimaryIP4: &netbox.NestedIP{ID: 20, Address: "192.0.2.20/24"},
			},
		},
		IPAddresses: []*netbox.IPAddress{
			{ID: 10, Address: "192.0.2.10/24", AssignedObjectType: netbox.TypeInterface, AssignedObjectID: 100},
			{ID: 20, Address: "192.0.2.20/24", DNSName: "app-01.example.net", AssignedObjectType: netbox.TypeVMInterface, AssignedObjectID: 200},
		},
	}
}

// storeSeed has a default mapping per object type and a specific one for
// devices with the "Web server" role.
func storeSeed() memstore.Seed {
	linux := zabbix.Template{TemplateID: "10001", Name: "Linux by Zabbix agent"}
	return memstore.Seed{Mappings: []store.Mapping{
		{ObjectType: netbox.TypeDevice, Name: "Default devices", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}}},
		{ObjectType: netbox.TypeDevice, Name: "Web servers", Roles: []int64{2}, InterfaceType: zabbix.InterfaceAgent,
			HostGroups: []zabbix.HostGroup{{GroupID: "2", Name: "Linux servers"}}, Templates: []zabbix.Template{linux}},
		{ObjectType: netbox.TypeVirtualMachine, Name: "Default VMs", Default: true,
			HostGroups: []zabbix.HostGroup{{GroupID: "6", Name: "Virtual machines"}}, Templates: []zabbix.Template{linux}},
	}}
}
