package zabbix_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/zabbix"
	"github.com/nbzbx/netbox-zabbix/zabbix/zabbixtest"
)

// servicesHint says how to get the real servers this test needs.
const servicesHint = "run `sudo scripts/services.sh start`, `source /var/tmp/netbox-zabbix-services/env`, " +
	"then export ZABBIX_URL=$ZABBIX6_URL ZABBIX_TOKEN=$ZABBIX6_TOKEN ZABBIX_VERSION=$ZABBIX6_VERSION " +
	"(or the ZABBIX7_ values) — scripts/test.sh does all of it"

// realEnv is the real Zabbix server the environment points at.
type realEnv struct {
	url      string
	token    zabbix.Secret
	version  zabbix.Version // 0 when ZABBIX_VERSION is unset
	user     string
	password zabbix.Secret
}

// needServer returns the server of ZABBIX_URL; without one it skips the
// test, or fails it when NBZ_INTEGRATION=1 asks for integration tests.
func needServer(t *testing.T) realEnv {
	t.Helper()
	env := realEnv{
		url:      os.Getenv("ZABBIX_URL"),
		token:    zabbix.Secret(os.Getenv("ZABBIX_TOKEN")),
		user:     os.Getenv("ZABBIX_USER"),
		password: zabbix.Secret(os.Getenv("ZABBIX_PASSWORD")),
	}
	if env.url == "" || env.token == "" {
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatalf("NBZ_INTEGRATION=1 but ZABBIX_URL or ZABBIX_TOKEN is not set: %s", servicesHint)
		}
		t.Skipf("ZABBIX_URL or ZABBIX_TOKEN is not set: %s", servicesHint)
	}
	if s := os.Getenv("ZABBIX_VERSION"); s != "" {
		v, err := zabbix.ParseVersion(s)
		if err != nil {
			t.Fatalf("ZABBIX_VERSION: %v", err)
		}
		env.version = v
	}
	return env
}

// needLogin is needServer for tests that log in with a user and password.
func needLogin(t *testing.T) realEnv {
	t.Helper()
	env := needServer(t)
	if env.user == "" || env.password == "" {
		t.Fatalf("ZABBIX_USER or ZABBIX_PASSWORD is not set: %s", servicesHint)
	}
	return env
}

func (env realEnv) client(t *testing.T, cfg zabbix.Config) *zabbix.Client {
	t.Helper()
	cfg.URL = env.url
	if cfg.User == "" && cfg.Token == "" {
		cfg.Token = env.token
	}
	c, err := zabbix.New(cfg)
	if err != nil {
		t.Fatalf("zabbix.New: %v", err)
	}
	return c
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// TestIntegrationConformance runs the conformance suite against the real
// server, with a host group, two fast templates, a proxy and (7.x) a proxy
// group made for the run and deleted after it.
func TestIntegrationConformance(t *testing.T) {
	env := needServer(t)
	c := env.client(t, zabbix.Config{})
	fx := realFixture(t, c, env)
	var backend zabbixtest.Client = c
	if fx.Version.AtLeast(zabbix.V7_0) {
		backend = &serialWrites{Client: c}
	}
	zabbixtest.Run(t, func(t *testing.T) (zabbixtest.Client, zabbixtest.Fixture) {
		return backend, fx
	})
}

// serialWrites passes the suite's calls to the client, one write at a
// time. Zabbix 7.0 keeps one row per set of host groups (table hgset),
// shared by every host with that set; measured on 7.0.22, two concurrent
// writes of hosts in the same groups can fail with `SQL statement
// execution has failed "DELETE FROM hgset WHERE hgsetid=21"` (a foreign
// key violation in PostgreSQL: host.delete removes a set that a
// concurrent host.create has just used; the transaction is rolled back).
// Every host of the suite is in the fixture's one group, so its parallel
// subtests would fail now and then on the server's race, not the client's.
type serialWrites struct {
	*zabbix.Client
	mu sync.Mutex
}

func (s *serialWrites) CreateHosts(ctx context.Context, hosts []zabbix.Host) ([]zabbix.Host, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Client.CreateHosts(ctx, hosts)
}

func (s *serialWrites) UpdateHost(ctx context.Context, h zabbix.HostUpdate) (zabbix.Host, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Client.UpdateHost(ctx, h)
}

func (s *serialWrites) DeleteHosts(ctx context.Context, ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Client.DeleteHosts(ctx, ids...)
}

// realFixture creates what the suite needs on the server and registers
// its removal, which runs after every subtest's own cleanup.
func realFixture(t *testing.T, c *zabbix.Client, env realEnv) zabbixtest.Fixture {
	t.Helper()
	ctx := t.Context()
	v, err := c.Version(ctx)
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	if env.version != 0 && v != env.version {
		t.Fatalf("server version %s, ZABBIX_VERSION says %s", v, env.version)
	}
	run := randomHex(3)
	fx := zabbixtest.Fixture{Version: v, Prefix: "nbzit-" + run + "-"}
	fx.GroupID = createObject(t, c, "hostgroup", map[string]any{"name": "nbz-it " + run}, "groupids")
	templates := templateIDs(t, c, "ICMP Ping", "Zabbix agent", "Linux by Zabbix agent")
	fx.TemplateID, fx.SecondTemplateID = templates["ICMP Ping"], templates["Zabbix agent"]
	fx.ItemsTemplateID = templates["Linux by Zabbix agent"]
	if v.HasProxyGroups() {
		fx.ProxyGroupID = createObject(t, c, "proxygroup",
			map[string]any{"name": "nbz-it-pg " + run, "failover_delay": "1m", "min_online": "1"}, "proxy_groupids")
		fx.ProxyID = createObject(t, c, "proxy", map[string]any{"name": "nbz-it-proxy-" + run, "operating_mode": 0}, "proxyids")
	} else {
		fx.ProxyID = createObject(t, c, "proxy", map[string]any{"host": "nbz-it-proxy-" + run, "status": 5}, "proxyids")
	}
	return fx
}

// createObject calls <api>.create and registers <api>.delete of the new
// object; it returns the object's ID.
func createObject(t *testing.T, c *zabbix.Client, api string, params map[string]any, key string) string {
	t.Helper()
	var res map[string][]string
	if err := c.Call(t.Context(), api+".create", params, &res); err != nil {
		t.Fatalf("%s.create: %v", api, err)
	}
	if len(res[key]) != 1 {
		t.Fatalf("%s.create returned %v", api, res)
	}
	id := res[key][0]
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := c.Call(ctx, api+".delete", []string{id}, nil); err != nil {
			t.Errorf("cleanup: %s.delete %s: %v", api, id, err)
		}
	})
	return id
}

// templateIDs looks templates up by technical name, never by ID: IDs
// differ between versions.
func templateIDs(t *testing.T, c *zabbix.Client, names ...string) map[string]string {
	t.Helper()
	var res []struct {
		TemplateID string `json:"templateid"`
		Host       string `json:"host"`
	}
	params := map[string]any{"output": []string{"templateid", "host"}, "filter": map[string]any{"host": names}}
	if err := c.Call(t.Context(), "template.get", params, &res); err != nil {
		t.Fatalf("template.get: %v", err)
	}
	ids := make(map[string]string)
	for _, r := range res {
		ids[r.Host] = r.TemplateID
	}
	for _, n := range names {
		if ids[n] == "" {
			t.Fatalf("the server has no template %q", n)
		}
	}
	return ids
}

// TestIntegrationVersion probes the version once, without credentials.
func TestIntegrationVersion(t *testing.T) {
	t.Parallel()
	env := needServer(t)
	rec := &recorder{}
	c := env.client(t, zabbix.Config{HTTPClient: &http.Client{Transport: rec}})
	for range 3 {
		v, err := c.Version(t.Context())
		if err != nil {
			t.Fatalf("Version: %v", err)
		}
		if env.version != 0 && v != env.version {
			t.Errorf("Version = %s, ZABBIX_VERSION says %s", v, env.version)
		}
	}
	reqs := rec.all()
	if len(reqs) != 1 {
		t.Fatalf("%d requests for three Version calls, want one probe", len(reqs))
	}
	if reqs[0].method != "apiinfo.version" || reqs[0].hasAuth || reqs[0].header.Get("Authorization") != "" {
		t.Errorf("probe = %s with auth field %v, Authorization %q; want apiinfo.version without credentials",
			reqs[0].method, reqs[0].hasAuth, reqs[0].header.Get("Authorization"))
	}
}

// TestIntegrationSession logs in with a user and password, survives its
// session being ended by someone else (one re-login), and logs out.
func TestIntegrationSession(t *testing.T) {
	t.Parallel()
	env := needLogin(t)
	rec := &recorder{}
	c := env.client(t, zabbix.Config{User: env.user, Password: env.password, HTTPClient: &http.Client{Transport: rec}})
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	ctx := t.Context()
	if _, err := c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10084"}}); err != nil {
		t.Fatalf("Hosts: %v", err)
	}
	if n := rec.count("user.login"); n != 1 {
		t.Fatalf("%d logins, want 1", n)
	}
	// End the session from outside: a second client whose "token" is the
	// session ID logs it out.
	killer := env.client(t, zabbix.Config{Token: zabbix.Secret(zabbix.SessionID(c))})
	if err := killer.Call(ctx, "user.logout", []string{}, nil); err != nil {
		t.Fatalf("user.logout of the session from another client: %v", err)
	}
	hosts, err := c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10084"}})
	if err != nil {
		t.Fatalf("Hosts after the session was ended: %v", err)
	}
	if len(hosts) != 1 {
		t.Errorf("Hosts returned %d hosts, want the Zabbix server host", len(hosts))
	}
	if n := rec.count("user.login"); n != 2 {
		t.Errorf("%d logins, want 2 (one re-login)", n)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// A call after Close logs in again.
	if _, err := c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10084"}}); err != nil {
		t.Fatalf("Hosts after Close: %v", err)
	}
	if n := rec.count("user.login"); n != 3 {
		t.Errorf("%d logins, want 3", n)
	}
	for _, r := range rec.all() {
		if r.method == "user.login" || r.method == "apiinfo.version" {
			if r.hasAuth || r.header.Get("Authorization") != "" {
				t.Errorf("%s sent with credentials", r.method)
			}
		}
	}
}

// TestIntegrationTokenAuthErrors checks the sentinels of a bad token.
func TestIntegrationTokenAuthErrors(t *testing.T) {
	t.Parallel()
	env := needServer(t)
	c := env.client(t, zabbix.Config{})
	bad, err := zabbix.New(zabbix.Config{URL: env.url, Token: zabbix.Secret(randomHex(32))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10084"}})
	if !errors.Is(err, zabbix.ErrNotAuthorized) {
		t.Errorf("unknown token: error = %v, want ErrNotAuthorized", err)
	}
	if _, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10084"}}); err != nil {
		t.Errorf("good token: %v", err)
	}
}

// TestIntegrationKeepAlive counts the TCP connections of sequential calls.
// PHP's built-in server (the one scripts/services.sh runs) answers every
// request with "Connection: close", so the client is put behind a Go
// reverse proxy, which keeps connections alive: the client must reuse one
// connection for every call, which it can only do when it reads and closes
// every body.
func TestIntegrationKeepAlive(t *testing.T) {
	t.Parallel()
	env := needServer(t)
	target, err := url.Parse(env.url)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)

	const calls = 10
	for _, tc := range []struct {
		name string
		url  string
		want int // connections; 0: only report
	}{{"ViaKeepAliveProxy", front.URL + target.Path, 1}, {"Direct", env.url, 0}} {
		var dials atomic.Int32
		tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}}
		t.Cleanup(tr.CloseIdleConnections)
		c, err := zabbix.New(zabbix.Config{URL: tc.url, Token: env.token, HTTPClient: &http.Client{Transport: tr}})
		if err != nil {
			t.Fatal(err)
		}
		for range calls {
			if _, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10084"}}); err != nil {
				t.Fatalf("%s: Hosts: %v", tc.name, err)
			}
		}
		got := int(dials.Load())
		t.Logf("%s: %d TCP connections for a version probe and %d calls", tc.name, got, calls)
		if tc.want != 0 && got != tc.want {
			t.Errorf("%s: %d TCP connections, want %d", tc.name, got, tc.want)
		}
	}
}
