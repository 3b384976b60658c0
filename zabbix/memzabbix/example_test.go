package memzabbix_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/memzabbix"
)

func webHost() zabbix.Host {
	return zabbix.Host{
		Host:          "web-01",
		Name:          "Web server 01",
		GroupIDs:      []string{"2"}, // "Linux servers"
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces: []zabbix.HostInterface{{
			Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "10050",
		}},
	}
}

func Example() {
	ctx := context.Background()
	srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))

	created, err := srv.CreateHosts(ctx, []zabbix.Host{webHost()})
	if err != nil {
		panic(err)
	}
	h := created[0]
	fmt.Println(h.HostID, h.Host, h.Name)
	fmt.Println(h.Interfaces[0].InterfaceID, h.Interfaces[0].IP)

	// The same name again is refused as a real server refuses it.
	_, err = srv.CreateHosts(ctx, []zabbix.Host{webHost()})
	var apiErr *zabbix.APIError
	if errors.Is(err, zabbix.ErrHostExists) && errors.As(err, &apiErr) {
		fmt.Println(apiErr.HostName(), "is taken:", apiErr.Data)
	}
	// Output:
	// 10600 web-01 Web server 01
	// 2 192.0.2.10
	// web-01 is taken: Host with the same name "web-01" already exists.
}

// A 6.0 server answers in 6.0's words.
func ExampleNew_version() {
	ctx := context.Background()
	srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V6_0 + 14))

	h := webHost()
	h.GroupIDs = nil
	_, err := srv.CreateHosts(ctx, []zabbix.Host{h})
	fmt.Println(err)

	h = webHost()
	h.MonitoredBy, h.ProxyGroupID = zabbix.MonitoredByProxyGroup, "1"
	_, err = srv.CreateHosts(ctx, []zabbix.Host{h})
	fmt.Println(errors.Is(err, zabbix.ErrUnsupported), err)
	// Output:
	// zabbix: host.create: Invalid params (-32602): Host "web-01" cannot be without host group.
	// true zabbix: monitoring by proxy group needs Zabbix 7.0 or later; the server runs 6.0.14
}

// A lost answer: the host is created, but the caller sees an error, and a
// careful caller looks before it creates again.
func ExampleServer_FailCallAfterApply() {
	ctx := context.Background()
	srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	srv.FailCallAfterApply(memzabbix.MethodCreateHosts, 1, errors.New("connection reset"))

	_, err := srv.CreateHosts(ctx, []zabbix.Host{webHost()})
	fmt.Println("create:", err)

	found, _ := srv.Hosts(ctx, zabbix.HostQuery{Names: []string{"web-01"}})
	fmt.Println("found:", len(found), found[0].HostID)
	// Output:
	// create: connection reset
	// found: 1 10600
}

func ExampleServer_FailCall() {
	ctx := context.Background()
	srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	srv.FailCall(memzabbix.MethodCreateHosts, 1, errors.New("timeout"))

	_, err := srv.CreateHosts(ctx, []zabbix.Host{webHost()})
	fmt.Println(err, srv.HostCount())
	// Output:
	// timeout 1
}

func ExampleServer_Calls() {
	ctx := context.Background()
	srv := memzabbix.New(memzabbix.DefaultConfig(zabbix.V7_0))
	_, _ = srv.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10084"}})
	_ = srv.DeleteHosts(ctx, "999999")

	for _, c := range srv.Calls() {
		switch args := c.Args.(type) {
		case zabbix.HostQuery:
			fmt.Printf("%s host IDs %v: %v\n", c.Method, args.HostIDs, c.Err)
		case []string:
			fmt.Printf("%s %v: %v\n", c.Method, args, c.Err)
		}
	}
	// Output:
	// Hosts host IDs [10084]: <nil>
	// DeleteHosts [999999]: zabbix: host.delete: Application error (-32500): No permissions to referred object or it does not exist!
}
