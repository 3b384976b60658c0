package provision_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// These tests kill a process in the middle of ProvisionAgent against the
// real Zabbix (ZABBIX_URL) and an SQLite store file, then run the same call
// again in another process, and check the invariants of docs/behaviour.md: exactly one Zabbix host,
// linked to one host config.

// The environment of a crashing child process.
const (
	crashEnvPoint = "NBZ_CRASH_POINT" // when the child kills itself
	crashEnvDB    = "NBZ_CRASH_DB"    // the SQLite file
	crashEnvName  = "NBZ_CRASH_NAME"  // the device's name
	crashEnvIP    = "NBZ_CRASH_IP"    // the ID of the device's primary address (10 or 11)
)

// Kill points: just before host.create is sent, right after its answer
// arrives, right after host.update's answer arrives.
const (
	killBeforeCreate = "before-create"
	killAfterCreate  = "after-create"
	killAfterUpdate  = "after-update"
)

func TestMain(m *testing.M) {
	switch {
	case os.Getenv(crashEnvPoint) != "":
		os.Exit(crashChild())
	case os.Getenv(mpEnvWorld) != "":
		os.Exit(mpChild())
	}
	os.Exit(m.Run())
}

// crashWorld is the device and store a crash test and its children share.
type crashWorld struct {
	db, name string
	groupID  string
}

func (cw crashWorld) seed(ipID int64) memnetbox.Config {
	addr := func(id int64) string { return fmt.Sprintf("198.51.100.%d/24", id) }
	return memnetbox.Config{
		Objects: []*netbox.Object{{Type: netbox.TypeDevice, ID: 1, Name: cw.name, Status: netbox.Choice{Value: "active"},
			PrimaryIP4: &netbox.NestedIP{ID: ipID, Address: addr(ipID)}}},
		IPAddresses: []*netbox.IPAddress{{ID: 10, Address: addr(10)}, {ID: 11, Address: addr(11)}},
	}
}

func openCrashStore(ctx context.Context, path string) (*sqlstore.Store, *sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, nil, err
	}
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.SQLite})
	return st, db, err
}

// provisioner is ProvisionAgent over the store file, the seed and the
// Zabbix client.
func (cw crashWorld) provisioner(ctx context.Context, ipID int64, z provision.ZabbixClient) (*provision.Provisioner, *sqlstore.Store, func(), error) {
	st, db, err := openCrashStore(ctx, cw.db)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := provision.New(provision.Config{NetBox: memnetbox.New(cw.seed(ipID)), Zabbix: z, Store: st})
	return p, st, func() { db.Close() }, err
}

// killer is a transport that kills its own process at the kill point.
type killer struct {
	point string
	next  http.RoundTripper
}

func (k killer) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	create, update := bytes.Contains(body, []byte(`"host.create"`)), bytes.Contains(body, []byte(`"host.update"`))
	if k.point == killBeforeCreate && create {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	resp, err := k.next.RoundTrip(req)
	if err == nil && (k.point == killAfterCreate && create || k.point == killAfterUpdate && update) {
		_, _ = io.ReadAll(resp.Body) // the answer arrived
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	return resp, err
}

// crashChild runs ProvisionAgent until it kills itself; it returns only
// when the kill point never came.
func crashChild() int {
	ctx := context.Background()
	z, err := zabbix.New(zabbix.Config{URL: os.Getenv("ZABBIX_URL"), Token: zabbix.Secret(os.Getenv("ZABBIX_TOKEN")),
		HTTPClient: &http.Client{Timeout: time.Minute, Transport: killer{point: os.Getenv(crashEnvPoint), next: http.DefaultTransport}}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	ipID := int64(10)
	if os.Getenv(crashEnvIP) == "11" {
		ipID = 11
	}
	cw := crashWorld{db: os.Getenv(crashEnvDB), name: os.Getenv(crashEnvName)}
	p, _, done, err := cw.provisioner(ctx, ipID, z)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer done()
	_, err = p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(1), User: "crash-child"})
	fmt.Fprintln(os.Stderr, "the kill point never came; ProvisionAgent returned", err)
	return 4
}

// runChild runs a child that must die by SIGKILL at point.
func (cw crashWorld) runChild(t *testing.T, point string, ipID int64) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnvPoint+"="+point, crashEnvDB+"="+cw.db, crashEnvName+"="+cw.name,
		fmt.Sprintf("%s=%d", crashEnvIP, ipID))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child at %s ended with %v, want SIGKILL; stderr:\n%s", point, err, stderr.String())
	}
}

// TestCrashThenRetry kills ProvisionAgent at each point around its Zabbix
// writes, then runs it again in this process.
func TestCrashThenRetry(t *testing.T) {
	z := e2eNeedZabbix(t)
	for _, tc := range []struct {
		point    string
		update   bool // provision first, then crash on the update path
		wantIfcs int
	}{
		{point: killBeforeCreate, wantIfcs: 1},
		{point: killAfterCreate, wantIfcs: 1},
		{point: killAfterUpdate, update: true, wantIfcs: 2},
	} {
		t.Run(tc.point, func(t *testing.T) {
			ctx := t.Context()
			cw := crashWorld{db: t.TempDir() + "/store.db", name: "crash-" + z.run + "-" + tc.point, groupID: z.groupID}
			name := z.hostName(cw.name)
			st, db, err := openCrashStore(ctx, cw.db)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := st.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "crash", Default: true,
				HostGroups: []zabbix.HostGroup{{GroupID: z.groupID}}}); err != nil {
				t.Fatal(err)
			}
			ipID := int64(10)
			if tc.update {
				p, _, done, err := cw.provisioner(ctx, 10, z.client)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(1)}); err != nil {
					t.Fatal(err)
				}
				done()
				ipID = 11 // the device moved: the next run adds an interface
			}

			cw.runChild(t, tc.point, ipID)
			hosts := crashHosts(t, z, name)
			t.Logf("after the kill: %d hosts named %s, %d configs", len(hosts), name, len(crashConfigs(t, st)))

			p, _, done, err := cw.provisioner(ctx, ipID, z.client)
			if err != nil {
				t.Fatal(err)
			}
			defer done()
			res, err := p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(1), User: "retry"})
			if err != nil {
				t.Fatalf("ProvisionAgent after the crash: %v", err)
			}
			t.Logf("retry: %s", res.Message)
			hosts = crashHosts(t, z, name)
			configs := crashConfigs(t, st)
			if len(hosts) != 1 || len(configs) != 1 || configs[0].HostID != hosts[0].HostID {
				t.Fatalf("%d hosts, %d configs (%+v); want one host linked to one config", len(hosts), len(configs), configs)
			}
			if len(hosts[0].Interfaces) != tc.wantIfcs || len(configs[0].Interfaces) != tc.wantIfcs {
				t.Errorf("host has %d interfaces, config %d; want %d", len(hosts[0].Interfaces), len(configs[0].Interfaces), tc.wantIfcs)
			}
			for _, in := range configs[0].Interfaces {
				found := false
				for _, zi := range hosts[0].Interfaces {
					found = found || zi.InterfaceID == in.InterfaceID
				}
				if !found {
					t.Errorf("config interface %q is linked to %q, which the host does not have", in.Name, in.InterfaceID)
				}
			}
			if tc.point == killAfterCreate && !strings.Contains(res.Message, "took over") {
				t.Errorf("message %q: the host left by the killed run should have been taken over", res.Message)
			}
		})
	}
}

func crashHosts(t *testing.T, z *e2eZabbix, name string) []zabbix.Host {
	t.Helper()
	hosts, err := z.client.Hosts(t.Context(), zabbix.HostQuery{Names: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	return hosts
}

func crashConfigs(t *testing.T, st *sqlstore.Store) []store.HostConfig {
	t.Helper()
	cs, err := st.FindHostConfigs(t.Context(), store.HostConfigFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
