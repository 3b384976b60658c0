package provision_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/nbzbx/netbox-zabbix/internal/childtest"
	"github.com/nbzbx/netbox-zabbix/internal/pgtest"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// The environment of a child process of TestMultiProcessProvision.
const (
	mpEnvWorld = "NBZ_MP_WORLD" // the world, as JSON
	mpEnvDSN   = "NBZ_MP_DSN"   // the PostgreSQL store every process shares
)

// mpWorld is what every process of the test shares: the run's name (in
// every NetBox name) and the number of devices.
type mpWorld struct {
	Run     string
	Devices int
}

// netbox is the same NetBox in every process: devices 1 to Devices, named
// "mp-<run>-<i>", each with a primary IPv4 address.
func (w mpWorld) netbox() memnetbox.Config {
	var cfg memnetbox.Config
	for i := 1; i <= w.Devices; i++ {
		ipID := int64(1000 + i)
		addr := fmt.Sprintf("10.77.%d.%d/16", i/250, i%250+1)
		cfg.Objects = append(cfg.Objects, &netbox.Object{
			Type: netbox.TypeDevice, ID: int64(i), Name: w.name(i),
			Status:     netbox.Choice{Value: "active", Label: "Active"},
			PrimaryIP4: &netbox.NestedIP{ID: ipID, Address: addr},
		})
		cfg.IPAddresses = append(cfg.IPAddresses, &netbox.IPAddress{ID: ipID, Address: addr,
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: int64(5000 + i)})
	}
	return cfg
}

// name is device i's name, valid as a Zabbix host name as it is.
func (w mpWorld) name(i int) string { return fmt.Sprintf("mp-%s-%d", w.Run, i) }

// mpResult is what a child reports.
type mpResult struct {
	Created, AlreadyThere int
	Errors                []string
}

// mpChild waits for "go" on stdin, then provisions every device of the
// world in a random order with ProvisionAgent, over its own in-memory
// NetBox, the shared PostgreSQL store and the real Zabbix.
func mpChild() int {
	ctx := context.Background()
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	var w mpWorld
	if err := json.Unmarshal([]byte(os.Getenv(mpEnvWorld)), &w); err != nil {
		return fail(err)
	}
	db, err := sql.Open("pgx", os.Getenv(mpEnvDSN))
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.Postgres})
	if err != nil {
		return fail(err)
	}
	zc, err := zabbix.New(zabbix.Config{URL: os.Getenv("ZABBIX_URL"), Token: zabbix.Secret(os.Getenv("ZABBIX_TOKEN"))})
	if err != nil {
		return fail(err)
	}
	p, err := provision.New(provision.Config{NetBox: memnetbox.New(w.netbox()), Zabbix: zc, Store: st})
	if err != nil {
		return fail(err)
	}
	fmt.Println("READY")
	if line, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil || line != "go\n" {
		return fail(fmt.Errorf("waiting for go: %q, %v", line, err))
	}
	var res mpResult
	for _, i := range mathrand.Perm(w.Devices) {
		_, err := p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(int64(i + 1)), User: "child " + strconv.Itoa(os.Getpid())})
		switch {
		case err == nil:
			res.Created++
		case errors.Is(err, provision.ErrInterfaceExists):
			res.AlreadyThere++ // another process provisioned it first
		default:
			res.Errors = append(res.Errors, err.Error())
		}
	}
	out, _ := json.Marshal(res)
	fmt.Println("RESULT " + string(out))
	return 0
}

// TestMultiProcessProvision starts several processes that each provision
// the same devices, in their own random orders, with ProvisionAgent over
// one PostgreSQL store and one real Zabbix (docs/behaviour.md,
// "Invariants": provisioning an object twice at the same time ends with one
// Zabbix host and one host config). Every device must end with exactly one
// Zabbix host and one config whose host ID is that host's, with its
// interface linked; each device is created by exactly one process and
// reported as already provisioned (ErrInterfaceExists) by the others.
func TestMultiProcessProvision(t *testing.T) {
	const (
		procs   = 4
		devices = 12
	)
	z := e2eNeedZabbix(t)
	dsn := mpSchema(t)
	ctx := t.Context()
	w := mpWorld{Run: z.run, Devices: devices}
	for i := 1; i <= devices; i++ {
		z.hostName(w.name(i)) // deleted at the end
	}

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: sqlstore.Postgres})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "default", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: z.groupID}}}); err != nil {
		t.Fatal(err)
	}

	arg, _ := json.Marshal(w)
	children := make([]*childtest.Child, procs)
	for i := range children {
		children[i] = startMPChild(t, dsn, string(arg))
	}
	for _, c := range children {
		c.Expect(t, "READY", time.Minute)
	}
	start := time.Now()
	for _, c := range children {
		if _, err := io.WriteString(c.Stdin, "go\n"); err != nil {
			t.Fatal(err)
		}
	}
	created := 0
	for i, c := range children {
		var res mpResult
		if err := json.Unmarshal([]byte(c.Expect(t, "RESULT ", 5*time.Minute)), &res); err != nil {
			t.Fatal(err)
		}
		if err := c.Cmd.Wait(); err != nil {
			t.Errorf("child %d: %v", i, err)
		}
		for _, e := range res.Errors {
			t.Errorf("child %d: %s", i, e)
		}
		if res.Created+res.AlreadyThere+len(res.Errors) != devices {
			t.Errorf("child %d reported %+v for %d devices", i, res, devices)
		}
		created += res.Created
		t.Logf("child %d created %d hosts, found %d provisioned", i, res.Created, res.AlreadyThere)
	}
	t.Logf("%d processes provisioned %d devices in %v", procs, devices, time.Since(start))
	if created != devices {
		t.Errorf("the processes created %d hosts for %d devices, want one each", created, devices)
	}
	for i := 1; i <= devices; i++ {
		hosts := crashHosts(t, z, w.name(i))
		cs, err := st.FindHostConfigs(ctx, store.HostConfigFilter{Objects: []netbox.Ref{netbox.DeviceRef(int64(i))}})
		if err != nil {
			t.Fatal(err)
		}
		if len(hosts) != 1 || len(cs) != 1 {
			t.Errorf("device %d: %d Zabbix hosts and %d host configs; want one of each", i, len(hosts), len(cs))
			continue
		}
		c, h := cs[0], hosts[0]
		if c.HostID != h.HostID {
			t.Errorf("device %d: config %q points at Zabbix host %q, the host is %q", i, c.Name, c.HostID, h.HostID)
		}
		if len(c.Interfaces) != 1 || !c.Interfaces[0].Linked() || len(h.Interfaces) != 1 || c.Interfaces[0].InterfaceID != h.Interfaces[0].InterfaceID {
			t.Errorf("device %d: config interfaces %+v, host interfaces %+v; want one, linked", i, c.Interfaces, h.Interfaces)
		}
	}
	if n := len(crashConfigs(t, st)); n != devices {
		t.Errorf("the store holds %d host configs, want %d", n, devices)
	}
}

// mpSchema returns the DSN of an empty PostgreSQL schema of the test's own
// in the POSTGRES_DSN database, dropped when the test ends.
func mpSchema(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatalf("NBZ_INTEGRATION=1 but POSTGRES_DSN is not set: %s", e2eHint)
		}
		t.Skipf("POSTGRES_DSN is not set: %s", e2eHint)
	}
	_, schemaDSN := pgtest.Schema(t, dsn, "provision_mp_")
	return schemaDSN
}

func startMPChild(t *testing.T, dsn, world string) *childtest.Child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), mpEnvWorld+"="+world, mpEnvDSN+"="+dsn)
	cmd.Stderr = os.Stderr
	return childtest.Start(t, cmd)
}
