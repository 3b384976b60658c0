package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/memnetbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
	"github.com/nbzbx/netbox-zabbix/store"
)

// benchToken is the token the fixture server accepts.
const benchToken = "0123456789abcdef0123456789abcdef01234567"

// reader is what the bench reads NetBox with: netbox.Client and memnetbox.
type reader interface {
	Objects(ctx context.Context, q netbox.Query) ([]*netbox.Object, error)
	IPAddresses(ctx context.Context, q netbox.Query) ([]*netbox.IPAddress, error)
	Fetch(ctx context.Context, url string) (map[string]any, error)
}

// netboxEnv is the NetBox side of a run: the in-memory NetBox, or the REST
// client against the fixture server of a NetBox version, which serves
// synthesized devices shaped as that version sends them.
type netboxEnv struct {
	kind   string // "mem", the fixture version ("3.7", "4.2", "4.5"), or "http" (-netbox-url)
	stop   func() // stops the fixture server's process
	meter  *meter // the HTTP client's requests, fixture server or real NetBox
	mem    *memnetbox.NetBox
	reader reader
	// objFields and ipFields are the Query.Fields of the reads: nil for
	// every field (-netbox-reads full), else what the default mappings
	// need and nothing for IP addresses (lean).
	objFields, ipFields []string
}

// defaultTestdata is netbox/testdata of this source tree.
func defaultTestdata() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "netbox/testdata"
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "netbox", "testdata")
}

// newNetBox starts the NetBox of cfg with n devices named after prefix
// and returns it with the devices (read with every field, not counted).
func newNetBox(ctx context.Context, cfg config, prefix string, n int) (*netboxEnv, []*netbox.Object, error) {
	e := &netboxEnv{kind: cfg.netbox}
	switch cfg.reads {
	case "full":
	case "lean":
		s := store.DefaultSettings()
		e.objFields = mapping.Fields(s, nil, mapping.DefaultTagMapping(netbox.TypeDevice), mapping.DefaultInventoryMapping(netbox.TypeDevice))
		e.ipFields = []string{}
	default:
		return nil, nil, fmt.Errorf("-netbox-reads %q: use full or lean", cfg.reads)
	}
	if cfg.netbox == "mem" && cfg.netboxURL == "" {
		objs := memObjects(prefix, n)
		e.mem = memnetbox.New(memnetbox.Config{Objects: objs, IPAddresses: ips(objs)})
		e.reader = e.mem
		return e, objs, nil
	}
	e.meter = &meter{base: http.DefaultTransport}
	hc := &http.Client{Transport: e.meter}
	if cfg.netboxURL != "" {
		e.kind = "http"
		c, err := netbox.New(netbox.Config{URL: cfg.netboxURL, Token: cfg.netboxToken, Concurrency: cfg.nbConcurrency, HTTPClient: hc, Logger: cfg.log})
		if err != nil {
			return nil, nil, err
		}
		e.reader = c
		objs, err := c.Objects(ctx, cfg.selection())
		if err != nil {
			return nil, nil, fmt.Errorf("list the devices of -select: %w", err)
		}
		if len(objs) == 0 {
			return nil, nil, fmt.Errorf("NetBox lists no devices for -select %q", cfg.sel)
		}
		e.reset()
		return e, objs, nil
	}
	if !slices.Contains([]string{"3.7", "4.2", "4.5"}, cfg.netbox) {
		return nil, nil, fmt.Errorf("-netbox %q: use mem, 3.7, 4.2 or 4.5", cfg.netbox)
	}
	url, stop, err := startFixture(filepath.Join(cfg.testdata, cfg.netbox), prefix, n)
	if err != nil {
		return nil, nil, err
	}
	e.stop = stop
	c, err := netbox.New(netbox.Config{URL: url, Token: benchToken, Concurrency: cfg.nbConcurrency, HTTPClient: hc, Logger: cfg.log})
	if err != nil {
		stop()
		return nil, nil, err
	}
	e.reader = c
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = netboxtest.FirstSyntheticID + int64(i)
	}
	if cfg.mode == "reconcile" {
		// Only the references: the reconcile reads the objects itself.
		objs := make([]*netbox.Object, n)
		for i, id := range ids {
			objs[i] = &netbox.Object{Type: netbox.TypeDevice, ID: id}
		}
		return e, objs, nil
	}
	objs, err := c.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, IDs: ids})
	if err != nil {
		stop()
		return nil, nil, err
	}
	e.reset()
	return e, objs, nil
}

// stats returns the requests NetBox received, the bytes it sent and the
// seconds a request was under way since the last reset; the in-memory
// NetBox counts its calls and sends no bytes.
func (e *netboxEnv) stats() (int, int64, float64) {
	if e.meter != nil {
		return e.meter.stats()
	}
	return len(e.mem.Calls()), 0, 0
}

func (e *netboxEnv) reset() {
	if e.meter != nil {
		e.meter.reset()
	} else {
		e.mem.ResetCalls()
	}
}

func (e *netboxEnv) close() {
	if e.stop != nil {
		e.stop()
	}
}

// readAll reads the devices and their primary IP addresses as bulk
// provisioning does: batches of size objects, concurrency batches at once,
// each one read of the objects by ID and one of their addresses.
func (e *netboxEnv) readAll(ctx context.Context, refs []netbox.Ref, size, concurrency int) (float64, error) {
	start := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for batch := range slices.Chunk(refs, size) {
		g.Go(func() error {
			ids := make([]int64, len(batch))
			for i, r := range batch {
				ids[i] = r.ID
			}
			objs, err := e.reader.Objects(gctx, netbox.Query{Type: netbox.TypeDevice, IDs: ids, Fields: e.objFields})
			if err != nil {
				return err
			}
			var ipIDs []int64
			for _, o := range objs {
				if o.PrimaryIP4 != nil {
					ipIDs = append(ipIDs, o.PrimaryIP4.ID)
				}
			}
			got, err := e.reader.IPAddresses(gctx, netbox.Query{IDs: ipIDs, Fields: e.ipFields})
			if err == nil && (len(objs) != len(ids) || len(got) != len(ids)) {
				err = fmt.Errorf("read %d devices and %d addresses of %d", len(objs), len(got), len(ids))
			}
			return err
		})
	}
	err := g.Wait()
	return time.Since(start).Seconds(), err
}

// readSelection lists the devices q selects and reads their primary
// addresses, as ProvisionAgents' Select does: one listing, then one read
// of the addresses.
func (e *netboxEnv) readSelection(ctx context.Context, q netbox.Query) (float64, error) {
	start := time.Now()
	q.Fields = e.objFields
	objs, err := e.reader.Objects(ctx, q)
	if err != nil {
		return 0, err
	}
	var ipIDs []int64
	for _, o := range objs {
		if o.PrimaryIP4 != nil {
			ipIDs = append(ipIDs, o.PrimaryIP4.ID)
		}
	}
	if _, err := e.reader.IPAddresses(ctx, netbox.Query{IDs: ipIDs, Fields: e.ipFields}); err != nil {
		return 0, err
	}
	return time.Since(start).Seconds(), nil
}
