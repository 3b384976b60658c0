package zabbix_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// standIn is a stand-in for a Zabbix API server, so that the examples run
// without one: it answers each JSON-RPC call (alone or in a batch) with the
// result, or the error, given for its method.
func standIn(answers map[string]any) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var raw json.RawMessage
		_ = json.NewDecoder(r.Body).Decode(&raw)
		var calls []map[string]any
		if json.Unmarshal(raw, &calls) != nil {
			var one map[string]any
			_ = json.Unmarshal(raw, &one)
			calls = []map[string]any{one}
		}
		var out []map[string]any
		for _, c := range calls {
			a := map[string]any{"jsonrpc": "2.0", "id": c["id"]}
			switch v := answers[c["method"].(string)].(type) {
			case *zabbix.APIError:
				a["error"] = map[string]any{"code": v.Code, "message": v.Message, "data": v.Data}
			default:
				a["result"] = v
			}
			out = append(out, a)
		}
		w.Header().Set("Content-Type", "application/json")
		if len(out) == 1 && raw[0] != '[' {
			_ = json.NewEncoder(w).Encode(out[0])
			return
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
}

// Create a host with an API token. The client learns the server's version
// first (apiinfo.version, without credentials) and speaks it; the create
// and the read-back of the new interface IDs are one HTTP request.
func Example() {
	srv := standIn(map[string]any{
		"apiinfo.version": "7.0.22",
		"host.create":     map[string]any{"hostids": []string{"10601"}},
		"host.get": []any{map[string]any{"hostid": "10601", "host": "web-01", "interfaces": []any{
			map[string]any{"interfaceid": "1", "hostid": "10601", "type": "1", "main": "1", "useip": "1", "ip": "192.0.2.10", "dns": "", "port": "10050", "details": []any{}},
		}}},
	})
	defer srv.Close()

	c, err := zabbix.New(zabbix.Config{URL: srv.URL + "/api_jsonrpc.php", Token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
	if err != nil {
		fmt.Println(err)
		return
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
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := c.Version(ctx)
	fmt.Println("Zabbix", v)
	fmt.Println("host", created[0].HostID, "interface", created[0].Interfaces[0].InterfaceID)
	// Output:
	// Zabbix 7.0.22
	// host 10601 interface 1
}

// Zabbix's refusals are *APIError values: errors.Is tells the category,
// errors.As gives Zabbix's code, message and data.
func ExampleAPIError() {
	srv := standIn(map[string]any{
		"apiinfo.version": "6.0.14",
		"host.create":     &zabbix.APIError{Code: -32602, Message: "Invalid params.", Data: `Host with the same name "web-01" already exists.`},
		"host.get":        []any{},
	})
	defer srv.Close()
	c, _ := zabbix.New(zabbix.Config{URL: srv.URL + "/api_jsonrpc.php", Token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})

	_, err := c.CreateHosts(context.Background(), []zabbix.Host{{Host: "web-01", GroupIDs: []string{"2"}}})
	var apiErr *zabbix.APIError
	if errors.Is(err, zabbix.ErrHostExists) && errors.As(err, &apiErr) {
		fmt.Println(apiErr.Method, apiErr.Code, apiErr.HostName())
	}
	fmt.Println(err)
	// Output:
	// host.create -32602 web-01
	// zabbix: host.create: Invalid params (-32602): Host with the same name "web-01" already exists.
}

// With a user and password the client logs in at its first call and keeps
// the session; Close logs out. Call reaches any API method.
func ExampleClient_Call() {
	srv := standIn(map[string]any{
		"apiinfo.version": "7.0.22",
		"user.login":      "0424bd59b807674191e7d77572075f33",
		"hostgroup.get":   []any{map[string]any{"groupid": "2", "name": "Linux servers"}},
		"user.logout":     true,
	})
	defer srv.Close()
	c, err := zabbix.New(zabbix.Config{URL: srv.URL + "/api_jsonrpc.php", User: "Admin", Password: "zabbix"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	defer c.Close(ctx)
	var groups []struct {
		GroupID string `json:"groupid"`
		Name    string `json:"name"`
	}
	err = c.Call(ctx, "hostgroup.get", map[string]any{"output": []string{"groupid", "name"}, "filter": map[string]any{"name": "Linux servers"}}, &groups)
	fmt.Println(groups, err)
	// Output:
	// [{2 Linux servers}] <nil>
}
