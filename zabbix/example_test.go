package zabbix_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// A client needs a Zabbix server, so this example is compiled but not
// run. With an API token:
func ExampleNew() {
	c, err := zabbix.New(zabbix.Config{
		URL:   "https://zabbix.example.com/api_jsonrpc.php",
		Token: zabbix.Secret(os.Getenv("ZABBIX_TOKEN")),
		// Optional: Debug records per request, never a secret.
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		panic(err) // a broken Config
	}
	ctx := context.Background()
	created, err := c.CreateHosts(ctx, []zabbix.Host{{
		Host:          "web-01",
		GroupIDs:      []string{"2"},
		InventoryMode: zabbix.InventoryDisabled,
		Interfaces: []zabbix.HostInterface{{
			Type: zabbix.InterfaceAgent, Main: 1, UseIP: 1, IP: "192.0.2.10", Port: "10050",
		}},
	}})
	var rb *zabbix.ReadBackError
	switch {
	case errors.Is(err, zabbix.ErrHostExists):
		fmt.Println("web-01 is taken")
	case errors.As(err, &rb):
		fmt.Println("created, but not read back:", rb.HostIDs)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(created[0].HostID, created[0].Interfaces[0].InterfaceID)
	}
}

// With a user and password the client logs in at its first call; Close
// logs out.
func ExampleClient_Close() {
	c, err := zabbix.New(zabbix.Config{
		URL:      "https://zabbix.example.com/api_jsonrpc.php",
		User:     "Admin",
		Password: zabbix.Secret(os.Getenv("ZABBIX_PASSWORD")),
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	defer c.Close(ctx)
	var groups []struct {
		GroupID string `json:"groupid"`
		Name    string `json:"name"`
	}
	err = c.Call(ctx, "hostgroup.get", map[string]any{"output": []string{"groupid", "name"}}, &groups)
	fmt.Println(groups, err)
}
