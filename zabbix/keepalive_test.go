package zabbix_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestKeepAlive makes sequential calls, answered with results and with
// errors, over one TCP connection: the client reads every body to the end
// and closes it. (httpmock has no connections, so this uses a real
// loopback server.)
func TestKeepAlive(t *testing.T) {
	t.Parallel()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Method string          `json:"method"`
			ID     json.RawMessage `json:"id"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/json")
		switch req.Method {
		case "apiinfo.version":
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","result":"7.0.22","id":` + string(req.ID) + `}`))
		case "host.delete":
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","error":{"code":-32500,"message":"Application error.","data":"No permissions to referred object or it does not exist!"},"id":` + string(req.ID) + `}`))
		default:
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","result":[],"id":` + string(req.ID) + `}`))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	c, err := zabbix.New(zabbix.Config{URL: srv.URL + "/api_jsonrpc.php", Token: mockToken})
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if _, err := c.Hosts(t.Context(), zabbix.HostQuery{Names: []string{"x"}}); err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteHosts(t.Context(), "1"); err == nil {
			t.Fatal("DeleteHosts succeeded; want the error answer")
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d TCP connections for 21 sequential requests, want 1", n)
	}
}
