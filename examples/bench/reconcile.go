package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// reconcileReport is the JSON object -mode reconcile prints last.
type reconcileReport struct {
	Mode          string `json:"mode"`
	N             int    `json:"n"`
	Zabbix        string `json:"zabbix"`
	ZabbixVersion string `json:"zabbix_version"`
	NetBox        string `json:"netbox"`

	// A reconcile of n provisioned hosts, none of which changed, and its
	// floor: one raw host.get of those hosts with the same selects, plus
	// the NetBox reads of their objects, one after the other.
	NoopSeconds            float64 `json:"noop_seconds"`
	NoopFloorSeconds       float64 `json:"noop_floor_seconds"`
	NoopFloorZabbixSeconds float64 `json:"noop_floor_zabbix_seconds"`
	NoopFloorNetBoxSeconds float64 `json:"noop_floor_netbox_seconds"`
	NoopRatio              float64 `json:"noop_ratio"` // noop_seconds over noop_floor_seconds
	NoopHTTPRequests       int     `json:"noop_http_requests"`
	NoopZabbixRequests     int     `json:"noop_zabbix_requests"`
	NoopNetBoxRequests     int     `json:"noop_netbox_requests"`
	NoopNetBoxShare        float64 `json:"noop_netbox_share"` // a NetBox request under way, over noop_seconds

	// A reconcile of Changed of those hosts after their tags changed, and
	// its floor: the same host.update calls sent raw, as JSON-RPC batch
	// arrays of the reconcile's batch size.
	Changed                    int     `json:"changed"`
	ChangedSeconds             float64 `json:"changed_seconds"`
	ChangedHostsPerSecond      float64 `json:"changed_hosts_per_second"`
	ChangedFloorHostsPerSecond float64 `json:"changed_floor_hosts_per_second"`
	ChangedRatio               float64 `json:"changed_ratio"` // changed over floor hosts per second
	ChangedZabbixRequests      int     `json:"changed_zabbix_requests"`
	ChangedRequestsPerHost     float64 `json:"changed_requests_per_host"`

	// PeakRSSMB is the process's peak resident memory (VmHWM) while a
	// reconcile ran, the highest over the runs' reconciles: the peak is
	// reset (after a garbage collection) before each one, so that neither
	// the set-up (provisioning the hosts) nor the floors count.
	PeakRSSMB      float64 `json:"peak_rss_mb"`
	SetupPeakRSSMB float64 `json:"setup_peak_rss_mb"` // the peak before the first reconcile
	Runs           int     `json:"runs"`
}

// measureReconcile provisions n hosts once, then times, runs times, a
// no-op reconcile of all of them and a reconcile of cfg.changed of them
// after a change of the tag mapping, each with its floor.
func measureReconcile(ctx context.Context, cfg config, out, log io.Writer) error {
	if cfg.url == "" || cfg.netbox == "mem" {
		return errors.New("-mode reconcile needs a real Zabbix (-zabbix-url) and a NetBox fixture server (-netbox 3.7, 4.2 or 4.5)")
	}
	if cfg.changed < 1 || cfg.changed > cfg.n {
		return fmt.Errorf("-changed %d: between 1 and -n", cfg.changed)
	}
	e, err := newEnv(ctx, cfg)
	if err != nil {
		return err
	}
	defer e.close(ctx)
	defer func() {
		if err := e.cleanUp(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintln(log, "clean-up:", err)
		}
	}()
	start := time.Now()
	if _, failed, _, err := e.provision(ctx, cfg); err != nil || failed > 0 {
		return fmt.Errorf("provision the %d hosts: %d failed, %v", len(e.refs), failed, err)
	}
	fmt.Fprintf(log, "setup: %d hosts provisioned in %.1f s\n", len(e.refs), time.Since(start).Seconds())
	setupPeak := peakRSSMB()
	configs, err := e.st.FindHostConfigs(ctx, store.HostConfigFilter{})
	if err != nil {
		return err
	}
	hostIDs := make([]string, len(configs))
	for i, hc := range configs {
		hostIDs[i] = hc.HostID
	}

	var reps []reconcileReport
	for i := range cfg.runs {
		rep := reconcileReport{Mode: "reconcile", N: len(e.refs), Zabbix: e.kind, ZabbixVersion: e.version.String(),
			NetBox: e.nb.kind, Changed: cfg.changed, Runs: 1}
		if err := e.noop(ctx, cfg, hostIDs, &rep); err != nil {
			return fmt.Errorf("run %d: no-op reconcile: %w", i+1, err)
		}
		if err := e.changedRun(ctx, cfg, &rep); err != nil {
			return fmt.Errorf("run %d: changed reconcile: %w", i+1, err)
		}
		fmt.Fprintf(log, "no-op: %d hosts in %.3f s (floor %.3f s: host.get %.3f + NetBox %.3f; ratio %.2f), %d HTTP requests (%d Zabbix, %d NetBox), NetBox busy %.0f%%\n",
			rep.N, rep.NoopSeconds, rep.NoopFloorSeconds, rep.NoopFloorZabbixSeconds, rep.NoopFloorNetBoxSeconds, rep.NoopRatio,
			rep.NoopHTTPRequests, rep.NoopZabbixRequests, rep.NoopNetBoxRequests, 100*rep.NoopNetBoxShare)
		fmt.Fprintf(log, "changed: %d hosts in %.3f s (%.0f hosts/s; raw batches %.0f hosts/s; ratio %.2f), %d Zabbix requests\n",
			rep.Changed, rep.ChangedSeconds, rep.ChangedHostsPerSecond, rep.ChangedFloorHostsPerSecond, rep.ChangedRatio, rep.ChangedZabbixRequests)
		reps = append(reps, rep)
	}
	rep := medianReconcile(reps)
	rep.SetupPeakRSSMB = setupPeak
	for _, r := range reps {
		rep.PeakRSSMB = max(rep.PeakRSSMB, r.PeakRSSMB)
	}
	line, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, string(line))
	return err
}

// noop times the floor, then the no-op reconcile.
func (e *env) noop(ctx context.Context, cfg config, hostIDs []string, rep *reconcileReport) error {
	t0 := time.Now()
	if err := e.rawHostGet(ctx, hostIDs); err != nil {
		return fmt.Errorf("floor host.get: %w", err)
	}
	rep.NoopFloorZabbixSeconds = time.Since(t0).Seconds()
	fields := mapping.Fields(store.DefaultSettings(), nil, mapping.DefaultTagMapping(netbox.TypeDevice), mapping.DefaultInventoryMapping(netbox.TypeDevice))
	ids := make([]int64, len(e.refs))
	for i, r := range e.refs {
		ids[i] = r.ID
	}
	t1 := time.Now()
	objs, err := e.nb.reader.Objects(ctx, netbox.Query{Type: netbox.TypeDevice, IDs: ids, Fields: fields})
	if err != nil {
		return fmt.Errorf("floor NetBox read: %w", err)
	}
	var ipIDs []int64
	for _, o := range objs {
		ipIDs = append(ipIDs, o.PrimaryIP4.ID)
	}
	if _, err := e.nb.reader.IPAddresses(ctx, netbox.Query{IDs: ipIDs, Fields: []string{}}); err != nil {
		return fmt.Errorf("floor NetBox read: %w", err)
	}
	rep.NoopFloorNetBoxSeconds = time.Since(t1).Seconds()
	rep.NoopFloorSeconds = rep.NoopFloorZabbixSeconds + rep.NoopFloorNetBoxSeconds

	e.requests.Store(0)
	e.nb.reset()
	resetPeakRSS()
	t2 := time.Now()
	res, err := e.p.Reconcile(ctx, provision.ReconcileRequest{User: "bench", BatchSize: cfg.batch, Concurrency: cfg.concurrency})
	rep.NoopSeconds = time.Since(t2).Seconds()
	rep.PeakRSSMB = peakRSSMB()
	if err != nil {
		return err
	}
	if res.InSync != len(e.refs) {
		return fmt.Errorf("%d of %d hosts in sync, %d updated, %d failed (first: %v)", res.InSync, len(e.refs), res.Updated, res.Failed, firstErr(res))
	}
	nbRequests, _, nbBusy := e.nb.stats()
	rep.NoopZabbixRequests, rep.NoopNetBoxRequests = int(e.requests.Load()), nbRequests
	rep.NoopHTTPRequests = rep.NoopZabbixRequests + rep.NoopNetBoxRequests
	rep.NoopRatio = rep.NoopSeconds / rep.NoopFloorSeconds
	rep.NoopNetBoxShare = nbBusy / rep.NoopSeconds
	return nil
}

// changedRun adds a tag to the tag mapping, times the raw floor of the
// host.update a reconcile of the first cfg.changed objects sends, puts
// the hosts back, times that reconcile, and then (untimed) takes the tag
// out again and reconciles those objects back, so that every host is in
// sync for the next run.
func (e *env) changedRun(ctx context.Context, cfg config, rep *reconcileReport) error {
	tm := mapping.DefaultTagMapping(netbox.TypeDevice)
	tm.Fields = append(tm.Fields, store.TagField{Name: "Bench", Path: "name", Enabled: true})
	if err := e.st.PutTagMapping(ctx, tm); err != nil {
		return err
	}
	subset := e.refs[:cfg.changed]
	plan, err := e.p.Reconcile(ctx, provision.ReconcileRequest{Objects: subset, DryRun: true})
	if err != nil {
		return err
	}
	var forward, back []zabbix.HostUpdate
	for _, r := range plan.Results {
		if r.Plan == nil || r.Plan.Update == nil {
			return fmt.Errorf("%v: no update planned (%s, %v)", r.Object, r.State, r.Err)
		}
		forward = append(forward, *r.Plan.Update)
		back = append(back, zabbix.HostUpdate{HostID: r.Plan.Current.HostID, Tags: r.Plan.Current.Tags})
	}
	size := cfg.batch
	if size == 0 {
		size = provision.DefaultReconcileBatchSize
	}
	t0 := time.Now()
	if err := e.rawUpdates(ctx, forward, size); err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	floor := time.Since(t0).Seconds()
	if err := e.rawUpdates(ctx, back, size); err != nil {
		return fmt.Errorf("put the hosts back: %w", err)
	}

	e.requests.Store(0)
	resetPeakRSS()
	t1 := time.Now()
	res, err := e.p.Reconcile(ctx, provision.ReconcileRequest{Objects: subset, User: "bench", BatchSize: cfg.batch, Concurrency: cfg.concurrency})
	rep.ChangedSeconds = time.Since(t1).Seconds()
	rep.PeakRSSMB = max(rep.PeakRSSMB, peakRSSMB())
	if err != nil {
		return err
	}
	if res.Updated != cfg.changed {
		return fmt.Errorf("%d of %d hosts updated, %d failed (first: %v)", res.Updated, cfg.changed, res.Failed, firstErr(res))
	}
	rep.ChangedZabbixRequests = int(e.requests.Load())
	rep.ChangedRequestsPerHost = float64(rep.ChangedZabbixRequests) / float64(cfg.changed)
	rep.ChangedHostsPerSecond = float64(cfg.changed) / rep.ChangedSeconds
	rep.ChangedFloorHostsPerSecond = float64(cfg.changed) / floor
	rep.ChangedRatio = rep.ChangedHostsPerSecond / rep.ChangedFloorHostsPerSecond

	if err := e.st.PutTagMapping(ctx, mapping.DefaultTagMapping(netbox.TypeDevice)); err != nil {
		return err
	}
	undo, err := e.p.Reconcile(ctx, provision.ReconcileRequest{Objects: subset, User: "bench"})
	if err == nil && undo.Updated != cfg.changed {
		err = fmt.Errorf("%d of %d hosts put back, %d failed (first: %v)", undo.Updated, cfg.changed, undo.Failed, firstErr(undo))
	}
	return err
}

func firstErr(rep provision.ReconcileReport) error {
	for _, r := range rep.Results {
		if r.Err != nil {
			return r.Err
		}
	}
	return nil
}

// rawHostGet is one host.get of the hosts, with the selects the library's
// reads use.
func (e *env) rawHostGet(ctx context.Context, ids []string) error {
	params := map[string]any{
		"hostids":               ids,
		"output":                []string{"hostid", "host", "name", "status", "description", "inventory_mode", "tls_connect", "tls_accept"},
		"selectInterfaces":      []string{"interfaceid", "hostid", "type", "main", "useip", "ip", "dns", "port", "details"},
		"selectParentTemplates": []string{"templateid"},
		"selectTags":            []string{"tag", "value"},
		"selectInventory":       "extend",
		"selectHostGroups":      []string{"groupid"},
	}
	if e.version.HasProxyGroups() {
		params["output"] = append(params["output"].([]string), "monitored_by", "proxyid", "proxy_groupid")
	} else {
		params["output"] = append(params["output"].([]string), "proxy_hostid")
	}
	var hosts []json.RawMessage
	if err := e.client.Call(ctx, "host.get", params, &hosts); err != nil {
		return err
	}
	if len(hosts) != len(ids) {
		return fmt.Errorf("host.get returned %d hosts for %d IDs", len(hosts), len(ids))
	}
	return nil
}

// rawUpdates sends host.update calls as JSON-RPC batch arrays of size
// calls, one after the other, over plain HTTP.
func (e *env) rawUpdates(ctx context.Context, us []zabbix.HostUpdate, size int) error {
	for chunk := range slices.Chunk(us, size) {
		calls := make([]map[string]any, len(chunk))
		for i, u := range chunk {
			calls[i] = map[string]any{"jsonrpc": "2.0", "method": "host.update", "id": i + 1,
				"params": map[string]any{"hostid": u.HostID, "tags": u.Tags}}
			if !e.version.AtLeast(zabbix.V6_4) {
				calls[i]["auth"] = e.token
			}
		}
		body, err := json.Marshal(calls)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json-rpc")
		if e.version.AtLeast(zabbix.V6_4) {
			req.Header.Set("Authorization", "Bearer "+e.token)
		}
		resp, err := e.http.Do(req)
		if err != nil {
			return err
		}
		var answers []struct {
			Error *struct{ Message, Data string } `json:"error"`
		}
		err = json.NewDecoder(resp.Body).Decode(&answers)
		resp.Body.Close()
		if err != nil {
			return err
		}
		for _, a := range answers {
			if a.Error != nil {
				return fmt.Errorf("host.update: %s %s", a.Error.Message, a.Error.Data)
			}
		}
		if len(answers) != len(chunk) {
			return fmt.Errorf("%d answers for %d calls", len(answers), len(chunk))
		}
	}
	return nil
}

// peakRSSMB is the process's peak resident set (VmHWM), in MiB; 0 where
// /proc is not there.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// resetPeakRSS collects garbage, returns free memory to the system, and
// resets the process's peak resident memory (Linux 4.0 and later).
func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// medianReconcile combines runs: the median of each measure.
func medianReconcile(reps []reconcileReport) reconcileReport {
	rep := reps[0]
	rep.Runs = len(reps)
	med := func(f func(reconcileReport) float64) float64 { return medianOf(reps, f) }
	rep.NoopSeconds = med(func(r reconcileReport) float64 { return r.NoopSeconds })
	rep.NoopFloorSeconds = med(func(r reconcileReport) float64 { return r.NoopFloorSeconds })
	rep.NoopFloorZabbixSeconds = med(func(r reconcileReport) float64 { return r.NoopFloorZabbixSeconds })
	rep.NoopFloorNetBoxSeconds = med(func(r reconcileReport) float64 { return r.NoopFloorNetBoxSeconds })
	rep.NoopRatio = rep.NoopSeconds / rep.NoopFloorSeconds
	rep.NoopHTTPRequests = int(med(func(r reconcileReport) float64 { return float64(r.NoopHTTPRequests) }))
	rep.NoopZabbixRequests = int(med(func(r reconcileReport) float64 { return float64(r.NoopZabbixRequests) }))
	rep.NoopNetBoxRequests = int(med(func(r reconcileReport) float64 { return float64(r.NoopNetBoxRequests) }))
	rep.NoopNetBoxShare = med(func(r reconcileReport) float64 { return r.NoopNetBoxShare })
	rep.ChangedSeconds = med(func(r reconcileReport) float64 { return r.ChangedSeconds })
	rep.ChangedHostsPerSecond = med(func(r reconcileReport) float64 { return r.ChangedHostsPerSecond })
	rep.ChangedFloorHostsPerSecond = med(func(r reconcileReport) float64 { return r.ChangedFloorHostsPerSecond })
	rep.ChangedRatio = rep.ChangedHostsPerSecond / rep.ChangedFloorHostsPerSecond
	rep.ChangedZabbixRequests = int(med(func(r reconcileReport) float64 { return float64(r.ChangedZabbixRequests) }))
	rep.ChangedRequestsPerHost = med(func(r reconcileReport) float64 { return r.ChangedRequestsPerHost })
	return rep
}
