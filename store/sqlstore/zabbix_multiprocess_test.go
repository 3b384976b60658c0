package sqlstore_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/sqlstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// zabbixHint says how to get the real Zabbix and PostgreSQL.
const zabbixHint = "run `scripts/services.sh start`, `source " + envFile + "`, " +
	"then export ZABBIX_URL=$ZABBIX7_URL ZABBIX_TOKEN=$ZABBIX7_TOKEN (or the ZABBIX6_ values); scripts/test.sh does all of it"

// realZabbix returns a client of the Zabbix server of ZABBIX_URL. Without
// one the test is skipped, or fails when NBZ_INTEGRATION=1.
func realZabbix(t *testing.T) *zabbix.Client {
	t.Helper()
	url, token := os.Getenv("ZABBIX_URL"), os.Getenv("ZABBIX_TOKEN")
	if url == "" || token == "" {
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatalf("NBZ_INTEGRATION=1 but ZABBIX_URL or ZABBIX_TOKEN is not set: %s", zabbixHint)
		}
		t.Skipf("ZABBIX_URL or ZABBIX_TOKEN is not set: %s", zabbixHint)
	}
	c, err := newZabbixClient()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newZabbixClient() (*zabbix.Client, error) {
	return zabbix.New(zabbix.Config{URL: os.Getenv("ZABBIX_URL"), Token: zabbix.Secret(os.Getenv("ZABBIX_TOKEN"))})
}

// mpWorld is what every process of the test shares: the run's name (in
// every NetBox name) and the number of devices.
type mpWorld struct {
	Run     string
	Devices int
}

// netboxSeed is the same NetBox in every process: devices 1 to Devices,
// named "sqlstore-mp-<run>-<i>", each with a primary IPv4 address.
func (w mpWorld) netboxSeed() memnetbox.Config {
	var seed memnetbox.Config
	for i := 1; i <= w.Devices; i++ {
		ipID := int64(1000 + i)
		addr := fmt.Sprintf("10.77.%d.%d/16", i/250, i%250+1)
		seed.Objects = append(seed.Objects, &netbox.Object{
			Type: netbox.TypeDevice, ID: int64(i), Name: w.name(i),
			Status:     netbox.Choice{Value: "active", Label: "Active"},
			PrimaryIP4: &netbox.NestedIP{ID: ipID, Address: addr},
		})
		seed.IPAddresses = append(seed.IPAddresses, &netbox.IPAddress{ID: ipID, Address: addr,
			AssignedObjectType: netbox.TypeInterface, AssignedObjectID: int64(5000 + i)})
	}
	return seed
}

func (w mpWorld) name(i int) string { return fmt.Sprintf("sqlstore-mp-%s-%d", w.Run, i) }

// provisionResult is what a "provision" child reports.
type provisionResult struct {
	Created, AlreadyThere int
	Errors                []string
}

// helperProvision waits for "go" on stdin, then provisions every device of
// the world (helperArg, JSON) in a random order with ProvisionAgent, over
// its own in-memory NetBox, the shared store and the real Zabbix.
func helperProvision(ctx context.Context, db *sql.DB, d sqlstore.Dialect) error {
	var w mpWorld
	if err := json.Unmarshal([]byte(os.Getenv(helperArg)), &w); err != nil {
		return err
	}
	st, err := sqlstore.New(ctx, sqlstore.Config{DB: db, Dialect: d})
	if err != nil {
		return err
	}
	zc, err := newZabbixClient()
	if err != nil {
		return err
	}
	p, err := provision.New(provision.Config{NetBox: memnetbox.New(w.netboxSeed()), Zabbix: zc, Store: st})
	if err != nil {
		return err
	}
	fmt.Println("READY")
	if line, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil || line != "go\n" {
		return fmt.Errorf("waiting for go: %q, %v", line, err)
	}
	var res provisionResult
	for _, i := range mathrand.Perm(w.Devices) {
		_, err := p.ProvisionAgent(ctx, provision.Request{Object: netbox.DeviceRef(int64(i + 1)), User: "helper " + strconv.Itoa(os.Getpid())})
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
	return nil
}

// TestMultiProcessProvision starts several processes that each provision
// the same devices, in their own random orders, with ProvisionAgent over
// one PostgreSQL store and one real Zabbix (docs/behaviour.md, "Invariants": provisioning an
// object twice at the same time ends with one Zabbix host and one host
// config). Every device must end with exactly one Zabbix host and one
// config whose host ID is that host's, with its interface linked; each
// device is created by exactly one process and reported as already
// provisioned (ErrInterfaceExists) by the others.
func TestMultiProcessProvision(t *testing.T) {
	const (
		procs   = 4
		devices = 12
	)
	zc := realZabbix(t)
	sc := newPGSchema(t)
	db := openPostgres(t, sc)
	ctx := t.Context()
	var rb [4]byte
	_, _ = rand.Read(rb[:])
	w := mpWorld{Run: hex.EncodeToString(rb[:]), Devices: devices}

	// A host group of the run's own, deleted (after the hosts) at the end.
	var group struct {
		GroupIDs []string `json:"groupids"`
	}
	if err := zc.Call(ctx, "hostgroup.create", map[string]any{"name": "sqlstore-mp " + w.Run}, &group); err != nil || len(group.GroupIDs) != 1 {
		t.Fatalf("hostgroup.create: %v %v", group, err)
	}
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		names := make([]string, devices)
		for i := range names {
			names[i] = w.name(i + 1)
		}
		if hosts, err := zc.Hosts(cctx, zabbix.HostQuery{Names: names}); err != nil {
			t.Errorf("cleanup: read hosts: %v", err)
		} else if len(hosts) > 0 {
			ids := make([]string, len(hosts))
			for i, h := range hosts {
				ids[i] = h.HostID
			}
			if err := zc.DeleteHosts(cctx, ids...); err != nil {
				t.Errorf("cleanup: delete hosts %v: %v", ids, err)
			}
		}
		if err := zc.Call(cctx, "hostgroup.delete", group.GroupIDs, nil); err != nil {
			t.Errorf("cleanup: hostgroup.delete: %v", err)
		}
	})

	st := newStore(t, db, sqlstore.Postgres)
	if _, err := st.PutMapping(ctx, store.Mapping{ObjectType: netbox.TypeDevice, Name: "default", Default: true,
		HostGroups: []zabbix.HostGroup{{GroupID: group.GroupIDs[0], Name: "sqlstore-mp " + w.Run}}}); err != nil {
		t.Fatal(err)
	}

	arg, _ := json.Marshal(w)
	children := make([]*child, procs)
	for i := range children {
		children[i] = startHelper(t, "provision", sqlstore.Postgres, sc.DSN, string(arg))
	}
	for _, c := range children {
		c.expect(t, "READY", time.Minute)
	}
	start := time.Now()
	for _, c := range children {
		if _, err := io.WriteString(c.stdin, "go\n"); err != nil {
			t.Fatal(err)
		}
	}
	created := 0
	for i, c := range children {
		var res provisionResult
		if err := json.Unmarshal([]byte(c.expect(t, "RESULT ", 5*time.Minute)), &res); err != nil {
			t.Fatal(err)
		}
		if err := c.cmd.Wait(); err != nil {
			t.Errorf("helper %d: %v", i, err)
		}
		for _, e := range res.Errors {
			t.Errorf("helper %d: %s", i, e)
		}
		if res.Created+res.AlreadyThere+len(res.Errors) != devices {
			t.Errorf("helper %d reported %+v for %d devices", i, res, devices)
		}
		created += res.Created
		t.Logf("helper %d created %d hosts, found %d provisioned", i, res.Created, res.AlreadyThere)
	}
	t.Logf("%d processes provisioned %d devices in %v", procs, devices, time.Since(start))
	if created != devices {
		t.Errorf("the processes created %d hosts for %d devices, want one each", created, devices)
	}

	for i := 1; i <= devices; i++ {
		name := w.name(i) // valid as it is: ASCII letters, digits and "-"
		hosts, err := zc.Hosts(ctx, zabbix.HostQuery{Names: []string{name}})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := st.FindHostConfigs(ctx, store.HostConfigFilter{Objects: []netbox.Ref{netbox.DeviceRef(int64(i))}})
		if err != nil {
			t.Fatal(err)
		}
		if len(hosts) != 1 || len(cs) != 1 {
			t.Errorf("device %d: %d Zabbix hosts named %q and %d host configs; want one of each", i, len(hosts), name, len(cs))
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
	var configs int
	if err := db.QueryRow("SELECT COUNT(*) FROM host_configs").Scan(&configs); err != nil || configs != devices {
		t.Errorf("host_configs holds %d rows (%v), want %d", configs, err, devices)
	}
}
