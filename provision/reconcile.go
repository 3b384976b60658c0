package provision

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opReconcile = "Reconcile"

// Defaults of ReconcileRequest.
const (
	DefaultReconcileBatchSize   = 500
	DefaultReconcileConcurrency = 2
)

// ReconcileRequest asks for the Zabbix hosts of many provisioned objects to
// be brought in line with NetBox. With neither Objects nor Select, every
// host config is reconciled, and the orphans are looked for.
type ReconcileRequest struct {
	// Objects limits the reconcile to the configs of these objects.
	Objects []netbox.Ref
	// Select limits it to the configs of the objects NetBox lists for
	// these queries (see BulkRequest.Select); listed objects without a
	// config are left alone.
	Select []netbox.Query
	// User and RequestID say who asked; they go into every event.
	User      string `validate:"max=255"`
	RequestID string `validate:"max=255"`
	// BatchSize is how many hosts one host.get reads and one JSON-RPC
	// batch of host.update writes; 0 means DefaultReconcileBatchSize.
	BatchSize int `validate:"min=0,max=10000"`
	// Concurrency is how many batches run at once; 0 means
	// DefaultReconcileConcurrency.
	Concurrency int `validate:"min=0,max=64"`
	// DryRun reads NetBox, the store and Zabbix and writes nothing: each
	// drifted host gets the plan of its update.
	DryRun bool
	// DeleteOrphans deletes the orphans found (never in a dry run).
	DeleteOrphans bool
	// Progress, when set, is called after each object is done, never by
	// two goroutines at once.
	Progress func(Progress)
}

// ReconcileResult is what a reconcile found and did for one host config.
type ReconcileResult struct {
	Object netbox.Ref
	// State is how the host stood against NetBox before the reconcile:
	// in sync, drifted (Plan says how), host missing or object gone. It is
	// empty when the object could not be compared (see Err).
	State State
	// Updated is true when the drifted host (or only its config) was
	// brought in line; false in a dry run, and when Err is set.
	Updated bool
	Message string
	// HostConfig is the config as stored after the reconcile (as it would
	// be, in a dry run).
	HostConfig store.HostConfig
	// Plan is, for a drifted host, the host.update sent (or that would be)
	// and the changes field by field; Update is nil when only the config
	// differed.
	Plan *Plan
	// Err is why the object failed: an *Error, matching the sentinels as
	// UpdateZabbixHost's errors do. A failed update changed nothing, or
	// was undone; else Err is an *UndoError naming the host.
	Err error
	// EventErr is set when the event of an update or failure could not be
	// recorded.
	EventErr error
}

// Orphan is a Zabbix host that carries the default tag but that no host
// config links: made by the library for an object whose config is gone,
// or tagged by hand.
type Orphan struct {
	Host    zabbix.Host // its ID, names, status and tags
	Deleted bool        // deleted, as ReconcileRequest.DeleteOrphans asked
	Err     error       // why it could not be deleted
}

// ReconcileReport is the outcome of a reconcile: a result per host config,
// in the order of the configs' IDs, the orphans, and counts.
type ReconcileReport struct {
	Results []ReconcileResult
	Orphans []Orphan
	// OrphansErr is why the orphans could not be looked for.
	OrphansErr error
	// InSync, Updated, Drifted (a dry run's, or a failed update's),
	// HostMissing, ObjectGone and Failed count the results.
	InSync, Updated, Drifted, HostMissing, ObjectGone, Failed int
}

// Reconcile brings the Zabbix hosts of many provisioned objects in line
// with NetBox, as UpdateZabbixHost does for one, at the speed of the
// servers: NetBox read in bulk (lean, concurrent), Zabbix read with one
// host.get per batch, the hosts compared with NetBox locally, and the
// drifted ones updated with one JSON-RPC batch of host.update per batch,
// in which each host is applied or refused on its own. Only what the
// library owns changes; a reconcile of objects that did not change writes
// nothing.
//
// Objects whose NetBox object is gone, or whose Zabbix host is missing,
// are reported, not changed. A host Zabbix refuses fails alone and keeps
// its config; when an answer is lost, or the store refuses a config, the
// host is restored as it was read, or an *UndoError names it. Work on each
// batch is serialised with the single-object operations through
// Store.Lock. When ctx ends, batches not started report the context's
// error and batches under way finish or undo their hosts.
//
// With neither Objects nor Select, the report also lists the orphans:
// hosts carrying the default tag that no config links (deleted only with
// DeleteOrphans). The returned error is only for a bad request,
// unreadable settings or configs, a failed Select listing, or the end of
// ctx (an *Error, with the report so far); everything else is reported per
// object.
func (p *Provisioner) Reconcile(ctx context.Context, req ReconcileRequest) (ReconcileReport, error) {
	if err := p.checkReconcile(req); err != nil {
		return ReconcileReport{}, &Error{Op: opReconcile, Err: err} // nothing was read: no event
	}
	rc, err := p.startReconcile(ctx, req)
	if err != nil {
		return ReconcileReport{}, p.fail(ctx, opReconcile, req.User, req.RequestID, rc.settings, err)
	}
	g := new(errgroup.Group)
	g.Go(func() error { rc.readNetBox(ctx); return nil })
	if rc.all {
		g.Go(func() error { rc.findOrphans(ctx); return nil })
	}
	batches := new(errgroup.Group)
	batches.SetLimit(cmp.Or(req.Concurrency, DefaultReconcileConcurrency))
	for chunk := range slices.Chunk(rc.configs, cmp.Or(req.BatchSize, DefaultReconcileBatchSize)) {
		batches.Go(func() error {
			rc.batch(ctx, chunk)
			return nil
		})
	}
	_ = batches.Wait()
	_ = g.Wait()
	rc.settleOrphans(ctx)
	if err := ctx.Err(); err != nil {
		return rc.report(), &Error{Op: opReconcile, Err: err}
	}
	return rc.report(), nil
}

// checkReconcile checks a request before anything is read.
func (p *Provisioner) checkReconcile(req ReconcileRequest) error {
	if err := p.env.CheckRequest(req); err != nil {
		return err
	}
	for i, ref := range req.Objects {
		if ref.ID <= 0 || !ref.Type.Provisionable() {
			return failure(ErrInvalidRequest, "Objects[%d] is %s: only devices and virtual machines with an ID above 0 are provisioned", i, ref)
		}
	}
	for i, q := range req.Select {
		if !q.Type.Provisionable() {
			return failure(ErrInvalidRequest, "Select[%d] lists %q: only devices and virtual machines are provisioned", i, q.Type)
		}
		if q.Filter == "" && !q.All && len(q.IDs) == 0 {
			return failure(ErrInvalidRequest, "Select[%d] selects nothing: give a Filter, IDs, or All", i)
		}
	}
	return nil
}

// reconcile is one Reconcile run.
type reconcile struct {
	p        *Provisioner
	req      ReconcileRequest
	settings store.Settings
	planner  *planner
	all      bool               // every config: orphans are looked for
	configs  []store.HostConfig // as listed at the start, by ID
	index    map[int64]int      // config ID → its result's index

	listed map[netbox.Ref]*netbox.Object // objects Select listed
	nb     chan struct{}                 // closed when reads is complete
	reads  map[netbox.Ref]objectRead

	orphans    []Orphan
	orphansErr error

	mu       sync.Mutex
	results  []ReconcileResult
	progress Progress
}

// startReconcile reads the settings, the configs to reconcile and the
// rules of their object types, and lists Select's objects. On error, the
// run it returns holds the settings (the defaults when they could not be
// read).
func (p *Provisioner) startReconcile(ctx context.Context, req ReconcileRequest) (*reconcile, error) {
	rc := &reconcile{p: p, req: req, all: len(req.Objects) == 0 && len(req.Select) == 0,
		nb: make(chan struct{}), reads: make(map[netbox.Ref]objectRead)}
	var err error
	if rc.settings, err = p.env.LoadSettings(ctx, p.store); err != nil {
		rc.settings = store.DefaultSettings()
		return rc, err
	}
	settings := rc.settings
	types := []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine}
	if rc.planner, err = p.newPlanner(ctx, settings, types...); err != nil {
		return rc, err
	}
	f := store.HostConfigFilter{Objects: req.Objects}
	if len(req.Select) > 0 {
		rc.listed = make(map[netbox.Ref]*netbox.Object)
		for _, q := range req.Select {
			q.Fields = rc.planner.rules[q.Type].fields
			objs, err := p.netbox.Objects(ctx, q)
			if err != nil {
				return rc, fmt.Errorf("list %s: %w", q, err)
			}
			for _, o := range objs {
				if _, seen := rc.listed[o.Ref()]; !seen {
					rc.listed[o.Ref()] = o
					f.Objects = append(f.Objects, o.Ref())
				}
			}
		}
	}
	if len(f.Objects) > 0 || rc.all {
		if rc.configs, err = p.store.FindHostConfigs(ctx, f); err != nil {
			return rc, fmt.Errorf("read host configs: %w", err)
		}
	}
	slices.SortFunc(rc.configs, func(a, b store.HostConfig) int { return cmp.Compare(a.ID, b.ID) })
	rc.results = make([]ReconcileResult, len(rc.configs))
	rc.index = make(map[int64]int, len(rc.configs))
	for i, hc := range rc.configs {
		rc.index[hc.ID] = i
		rc.results[i] = ReconcileResult{Object: hc.Object, HostConfig: hc}
	}
	rc.progress.Total = len(rc.configs)
	return rc, nil
}

// readNetBox reads the configs' objects and their primary addresses from
// NetBox, each type in one query (Select's objects are listed already),
// and closes rc.nb.
func (rc *reconcile) readNetBox(ctx context.Context) {
	defer close(rc.nb)
	byType := make(map[netbox.ObjectType][]int64)
	var listed []objectRead
	for _, hc := range rc.configs {
		if o := rc.listed[hc.Object]; o != nil {
			listed = append(listed, objectRead{obj: o})
			continue
		}
		byType[hc.Object.Type] = append(byType[hc.Object.Type], hc.Object.ID)
	}
	var reads []objectRead
	for _, t := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		ids := byType[t]
		if len(ids) == 0 {
			continue
		}
		for i, r := range rc.p.lookupObjects(ctx, t, ids, rc.planner.rules[t].fields) {
			rc.reads[netbox.Ref{Type: t, ID: ids[i]}] = r
			if r.err == nil {
				reads = append(reads, r)
			}
		}
	}
	reads = rc.p.readIPs(ctx, append(reads, listed...), rc.settings)
	for _, r := range reads {
		rc.reads[r.obj.Ref()] = r
	}
}

// batch reconciles one batch of configs.
func (rc *reconcile) batch(ctx context.Context, cfgs []store.HostConfig) {
	if err := ctx.Err(); err != nil {
		rc.failAll(ctx, cfgs, err)
		return
	}
	refs := make([]netbox.Ref, len(cfgs))
	for i, hc := range cfgs {
		refs[i] = hc.Object
	}
	if !rc.req.DryRun {
		unlock, err := rc.p.store.Lock(ctx, refs...)
		if err != nil {
			rc.failAll(ctx, cfgs, fmt.Errorf("lock %d objects in the store: %w", len(refs), err))
			return
		}
		defer unlock()
		// The configs as they are now that no other run changes them.
		fresh, err := rc.p.store.FindHostConfigs(ctx, store.HostConfigFilter{Objects: refs})
		if err != nil {
			rc.failAll(ctx, cfgs, fmt.Errorf("read host configs: %w", err))
			return
		}
		byID := make(map[int64]store.HostConfig, len(fresh))
		for _, hc := range fresh {
			byID[hc.ID] = hc
		}
		now := cfgs[:0:0]
		for _, hc := range cfgs {
			if f, ok := byID[hc.ID]; ok && f.Object == hc.Object {
				now = append(now, f)
				continue
			}
			rc.finish(ctx, hc, ReconcileResult{}, failure(ErrNotProvisioned,
				"host config %q was removed while the reconcile ran; nothing to do", hc.Name))
		}
		cfgs = now
	}
	var ids []string
	for _, hc := range cfgs {
		if hc.HostID != "" {
			ids = append(ids, hc.HostID)
		}
	}
	hosts, err := rc.p.zabbix.Hosts(ctx, zabbix.HostQuery{HostIDs: ids})
	if err != nil {
		rc.failAll(ctx, cfgs, fmt.Errorf("read %d Zabbix hosts: %w", len(ids), err))
		return
	}
	current := make(map[string]zabbix.Host, len(hosts))
	for _, h := range hosts {
		current[h.HostID] = h
	}
	select {
	case <-rc.nb:
	case <-ctx.Done():
		rc.failAll(ctx, cfgs, ctx.Err())
		return
	}
	reads := rc.take(cfgs)
	var drifted []*drift
	for _, hc := range cfgs {
		if d := rc.compare(ctx, hc, reads, current); d != nil {
			drifted = append(drifted, d)
		}
	}
	if rc.req.DryRun {
		for _, d := range drifted {
			rc.finish(ctx, d.config, ReconcileResult{State: StateDrifted, HostConfig: d.target.config, Plan: d.plan,
				Message: updatedMessage("Would update", d.name, d.plan)}, nil)
		}
		return
	}
	rc.apply(ctx, drifted)
}

// take hands a batch the NetBox reads of its configs' objects and forgets
// them, so that a large reconcile holds only the objects of the batches
// under way once they are expanded.
func (rc *reconcile) take(cfgs []store.HostConfig) map[netbox.Ref]objectRead {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make(map[netbox.Ref]objectRead, len(cfgs))
	for _, hc := range cfgs {
		if r, ok := rc.reads[hc.Object]; ok {
			out[hc.Object] = r
			delete(rc.reads, hc.Object)
		}
	}
	return out
}

// drift is a host that differs from what NetBox says, on its way to being
// updated.
type drift struct {
	config   store.HostConfig // as stored
	name     string           // the object's name
	current  zabbix.Host
	target   target
	update   zabbix.HostUpdate // empty when only the config differs
	plan     *Plan
	decision decision // the mapping the target follows
}

// compare finishes the configs that need no write (in sync, host missing,
// object gone, failed) and returns the drift of the others.
func (rc *reconcile) compare(ctx context.Context, hc store.HostConfig, reads map[netbox.Ref]objectRead, current map[string]zabbix.Host) *drift {
	read, ok := reads[hc.Object]
	cur, found := current[hc.HostID]
	switch {
	case hc.HostID == "":
		rc.finish(ctx, hc, ReconcileResult{State: StateHostMissing,
			Message: fmt.Sprintf("host config %s has no Zabbix host", hc.Name)}, nil)
		return nil
	case !ok || read.obj == nil && errors.Is(read.err, ErrObjectNotFound):
		rc.finish(ctx, hc, ReconcileResult{State: StateObjectGone,
			Message: fmt.Sprintf("%s of host config %s is not in NetBox any more", hc.Object, hc.Name)}, nil)
		return nil
	case read.err != nil:
		rc.finish(ctx, hc, ReconcileResult{}, read.err)
		return nil
	case !found:
		rc.finish(ctx, hc, ReconcileResult{State: StateHostMissing,
			Message: fmt.Sprintf("Zabbix host %s of %s is missing", hc.HostID, hc.Name)}, nil)
		return nil
	}
	dec, tg, err := rc.planner.target(ctx, read.obj, read.ip, hc)
	if err != nil {
		rc.finish(ctx, hc, ReconcileResult{}, err)
		return nil
	}
	u := ownedUpdate(cur, hc, tg, rc.settings.OwnWholeHost)
	if u.Empty() && !configChanged(hc, tg.config) {
		rc.finish(ctx, hc, ReconcileResult{State: StateInSync,
			Message: fmt.Sprintf("%s is in sync with NetBox", read.obj.Name)}, nil)
		return nil
	}
	plan := flow.UpdatePlan(ActionUpdate, cur, u, tg.config)
	if u.Empty() {
		plan.Update = nil
	}
	return &drift{config: hc, name: read.obj.Name, current: cur, target: tg, update: u, plan: plan, decision: dec}
}

// apply writes the drifted hosts of a batch: one JSON-RPC batch of
// host.update, a read of the hosts that got new interfaces, and the
// configs.
func (rc *reconcile) apply(ctx context.Context, drifted []*drift) {
	var sent []*drift
	for _, d := range drifted {
		if !d.update.Empty() {
			sent = append(sent, d)
		}
	}
	updates := make([]zabbix.HostUpdate, len(sent))
	for i, d := range sent {
		updates[i] = d.update
	}
	var errs []error
	var err error
	if len(updates) > 0 {
		errs, err = rc.p.zabbix.UpdateHosts(ctx, updates)
	}
	failed := make(map[*drift]error)
	switch {
	case err != nil && (flow.Rejected(err) || ctx.Err() != nil && errors.Is(err, ctx.Err())):
		for _, d := range sent { // nothing was applied
			failed[d] = fmt.Errorf("update %d Zabbix hosts: %w", len(sent), err)
		}
	case err != nil:
		// The answer was lost: any of the updates may have been applied.
		for _, d := range sent {
			failed[d] = flow.UndoAfter(ctx, rc.p.zabbix, d.current,
				fmt.Errorf("update Zabbix host %s of host config %q: %w", d.current.HostID, d.config.Name, err))
		}
	default:
		for i, d := range sent {
			if errs[i] != nil {
				failed[d] = fmt.Errorf("update Zabbix host %s of host config %q: %w%s", d.current.HostID, d.config.Name, errs[i],
					refsHint(errs[i], d.decision, d.target.host))
			}
		}
	}
	rc.link(ctx, sent, failed)
	for _, d := range drifted {
		if err := failed[d]; err != nil {
			rc.finish(ctx, d.config, ReconcileResult{State: StateDrifted, Plan: d.plan}, err)
			continue
		}
		rc.store(ctx, d)
	}
}

// link links the interfaces the applied updates created: their IDs are
// read back in one host.get. A host that cannot be read back is restored.
func (rc *reconcile) link(ctx context.Context, sent []*drift, failed map[*drift]error) {
	var ids []string
	for _, d := range sent {
		if failed[d] == nil && createsInterfaces(d.update) {
			ids = append(ids, d.current.HostID)
		}
	}
	var after map[string]zabbix.Host
	var readErr error
	if len(ids) > 0 {
		hosts, err := rc.p.zabbix.Hosts(ctx, zabbix.HostQuery{HostIDs: ids})
		readErr = err
		after = make(map[string]zabbix.Host, len(hosts))
		for _, h := range hosts {
			after[h.HostID] = h
		}
	}
	for _, d := range sent {
		if failed[d] != nil || !createsInterfaces(d.update) {
			continue
		}
		h, ok := after[d.current.HostID]
		var err error
		switch {
		case readErr != nil:
			err = fmt.Errorf("read Zabbix host %s back: %w", d.current.HostID, readErr)
		case !ok:
			err = fmt.Errorf("read Zabbix host %s back: it is gone", d.current.HostID)
		default:
			d.target.config, err = flow.Link(d.target.config, d.current.HostID, h.Interfaces)
		}
		if err != nil {
			failed[d] = flow.UndoAfter(ctx, rc.p.zabbix, d.current, err)
		}
	}
}

// createsInterfaces reports whether u adds interfaces, whose IDs Zabbix
// assigns.
func createsInterfaces(u zabbix.HostUpdate) bool {
	return slices.ContainsFunc(u.Interfaces, func(in zabbix.HostInterface) bool { return in.InterfaceID == "" })
}

// store stores the config of an updated host; when the store refuses it,
// the host is restored.
func (rc *reconcile) store(ctx context.Context, d *drift) {
	saved, err := rc.p.store.UpdateHostConfig(ctx, d.target.config)
	if err != nil {
		err = fmt.Errorf("store host config %q: %w", d.config.Name, err)
		if !d.update.Empty() {
			err = flow.UndoAfter(ctx, rc.p.zabbix, d.current, err)
		}
		rc.finish(ctx, d.config, ReconcileResult{State: StateDrifted, Plan: d.plan}, err)
		return
	}
	d.plan.HostConfig = saved
	rc.finish(ctx, d.config, ReconcileResult{State: StateDrifted, Updated: true, HostConfig: saved, Plan: d.plan,
		Message: updatedMessage("Updated", d.name, d.plan)}, nil)
}

func (rc *reconcile) failAll(ctx context.Context, cfgs []store.HostConfig, err error) {
	for _, hc := range cfgs {
		rc.finish(ctx, hc, ReconcileResult{}, err)
	}
}

// finish records the result of one config: the event of an update or a
// failure, and the progress.
func (rc *reconcile) finish(ctx context.Context, hc store.HostConfig, res ReconcileResult, err error) {
	res.Object = hc.Object
	if res.HostConfig.ID == 0 {
		res.HostConfig = hc
	}
	if res.Updated || err != nil {
		run := flow.Run{Op: opReconcile, Object: hc.Object, Name: hc.Name, User: rc.req.User, RequestID: rc.req.RequestID,
			Settings: rc.settings, Message: res.Message, HostID: hc.HostID, DryRun: rc.req.DryRun}
		if res.Plan != nil {
			run.Data, run.PreData = res.Plan.Payload(), res.Plan.Current
		}
		if err != nil {
			err = &Error{Op: opReconcile, Object: hc.Object, Err: err}
		}
		_, res.EventErr = rc.p.env.Finish(ctx, run, err)
	}
	res.Err = err
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.results[rc.index[hc.ID]] = res
	rc.progress.Done++
	if err != nil {
		rc.progress.Failed++
	}
	if rc.req.Progress != nil {
		rc.req.Progress(rc.progress)
	}
}

// report counts the results.
func (rc *reconcile) report() ReconcileReport {
	r := ReconcileReport{Results: rc.results, Orphans: rc.orphans, OrphansErr: rc.orphansErr}
	for _, res := range rc.results {
		switch {
		case res.Err != nil:
			r.Failed++
		case res.Updated:
			r.Updated++
		case res.State == StateInSync:
			r.InSync++
		case res.State == StateDrifted:
			r.Drifted++
		case res.State == StateHostMissing:
			r.HostMissing++
		case res.State == StateObjectGone:
			r.ObjectGone++
		}
	}
	return r
}
