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

// Defaults of BulkRequest.
const (
	DefaultBatchSize   = 500
	DefaultConcurrency = 2
)

const opProvisionAgents = "ProvisionAgents"

// ErrAlreadyProvisioned: a bulk run met an object that already has a
// Zabbix host; it is reported, not re-created. (ProvisionAgent on such an
// object adds an interface instead.)
var ErrAlreadyProvisioned = errors.New("already provisioned")

// BulkRequest asks for many devices and virtual machines, mixed, to be
// provisioned: those Objects names, and those NetBox lists for the Select
// queries. At least one of the two must be given.
type BulkRequest struct {
	Objects []netbox.Ref
	// Select lists objects to provision by NetBox query, as users pick
	// them: {Type: netbox.TypeDevice, Filter: "site=dc1&tag=monitored"},
	// or All for every object of the type. Each query's Type must be
	// TypeDevice or TypeVirtualMachine; its Fields are ignored, the
	// listing asks NetBox for what the mappings need, and each listed
	// object is read once. Objects listed twice, or also named in Objects,
	// are provisioned once. A listing that fails fails the whole request,
	// before anything is written.
	Select []netbox.Query
	// User and RequestID say who asked; they go into every event.
	User      string `validate:"max=255"`
	RequestID string `validate:"max=255"`
	// BatchSize is how many hosts go into one host.create (and how many
	// objects into one NetBox read); 0 means DefaultBatchSize.
	BatchSize int `validate:"min=0,max=10000"`
	// Concurrency is how many batches run at once; 0 means
	// DefaultConcurrency.
	Concurrency int `validate:"min=0,max=64"`
	// Progress, when set, is called after each object is done, never by
	// two goroutines at once.
	Progress func(Progress)
	// DryRun asks for a plan per object instead of the work: NetBox,
	// the store and Zabbix are read (one host.get by name per batch),
	// nothing is written, nothing locked, and no event recorded. Each
	// result's Plan holds the host.create (or, for a host an interrupted
	// run left, the host.update) a real run would send.
	DryRun bool
}

// Progress counts the objects of a bulk run.
type Progress struct {
	Done               int // finished, successfully or not
	Failed             int // of Done, how many failed
	AlreadyProvisioned int // of Done, how many had a host already (ErrAlreadyProvisioned, not in Failed)
	Total              int
}

// BulkResult is the outcome for one object of a bulk run. The results
// of a run are in the order of Objects, then of the objects listed by
// Select (query by query, by ID within a query).
type BulkResult struct {
	Object netbox.Ref
	Result Result // when Err is nil
	Err    error  // an *Error, as ProvisionAgent returns it
}

// ProvisionAgents provisions many objects the way ProvisionAgent creates
// one, at the speed of the Zabbix server, and returns one result per
// object, in request order.
//
// It reads NetBox in batches, resolves each distinct (type, site, role,
// platform) once, looks up the host groups a batch's mappings name by name
// with one request (creating the missing ones with one more, when the
// settings allow), creates the hosts of a batch with one array host.create
// (read back in the same request), and stores the batch's configs at once.
// Zabbix's array host.create is all or nothing, so a rejected batch is
// split to isolate the objects at fault: every good object still lands and
// every bad one gets its own error. Objects that already have a Zabbix host
// are reported with ErrAlreadyProvisioned, not re-created. Every object gets
// its own event.
//
// Batches run Concurrency at a time. When ctx ends, batches not started
// report the context's error, and batches under way finish or undo their
// Zabbix changes as a single run does; the invariants of ProvisionAgent
// hold throughout. The returned error is only for a bad request, unreadable
// settings, a failed Select listing, or the end of ctx (an *Error, with
// the results so far).
func (p *Provisioner) ProvisionAgents(ctx context.Context, req BulkRequest) ([]BulkResult, error) {
	if err := p.checkBulk(req); err != nil {
		return nil, &Error{Op: opProvisionAgents, Err: err}
	}
	settings, err := p.env.LoadSettings(ctx, p.store)
	if err != nil {
		return nil, p.fail(ctx, opProvisionAgents, req.User, req.RequestID, store.DefaultSettings(), err)
	}
	b := &bulk{p: p, req: req, settings: settings, refs: req.Objects}
	types := make([]netbox.ObjectType, 0, 2)
	for _, ref := range req.Objects {
		if ref.Type.Provisionable() && !slices.Contains(types, ref.Type) {
			types = append(types, ref.Type)
		}
	}
	for _, q := range req.Select {
		if !slices.Contains(types, q.Type) {
			types = append(types, q.Type)
		}
	}
	if b.planner, err = p.newPlanner(ctx, settings, types...); err != nil {
		return nil, p.fail(ctx, opProvisionAgents, req.User, req.RequestID, settings, err)
	}
	b.planner.forRun(req.DryRun)
	if err := b.list(ctx); err != nil {
		return nil, p.fail(ctx, opProvisionAgents, req.User, req.RequestID, settings, err)
	}
	b.results = make([]BulkResult, len(b.refs))
	b.progress = Progress{Total: len(b.refs)}

	g := new(errgroup.Group)
	g.SetLimit(cmp.Or(req.Concurrency, DefaultConcurrency))
	for _, batch := range b.batches(cmp.Or(req.BatchSize, DefaultBatchSize)) {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				for _, it := range batch {
					b.fail(ctx, it, err)
				}
				return nil
			}
			b.run(ctx, batch)
			return nil
		})
	}
	_ = g.Wait() // every goroutine reports per object
	if err := ctx.Err(); err != nil {
		return b.results, &Error{Op: opProvisionAgents, Err: err}
	}
	return b.results, nil
}

// bulk is one ProvisionAgents run.
type bulk struct {
	p        *Provisioner
	req      BulkRequest
	settings store.Settings
	planner  *planner
	refs     []netbox.Ref               // the objects, in result order
	listed   map[netbox.Ref]*objectRead // the objects Select listed, with their addresses

	mu       sync.Mutex
	results  []BulkResult
	progress Progress
}

// item is one object of a bulk run on its way.
type item struct {
	i       int // its index in the request
	ref     netbox.Ref
	listed  *objectRead // the object and its address, when Select listed it
	run     flow.Run
	obj     *netbox.Object
	dec     decision
	hc      store.HostConfig // the config to store, with the mapping applied
	pending store.HostConfig // hc before the mapping: what a single run plans from
	payload zabbix.Host
}

// checkBulk checks a bulk request before anything is read.
func (p *Provisioner) checkBulk(req BulkRequest) error {
	if err := p.env.CheckRequest(req); err != nil {
		return err
	}
	if len(req.Objects) == 0 && len(req.Select) == 0 {
		return failure(ErrInvalidRequest, "the request names no objects: give Objects, Select, or both")
	}
	for i, q := range req.Select {
		if !q.Type.Provisionable() {
			return failure(ErrInvalidRequest, "Select[%d] lists %q: only devices and virtual machines can be provisioned", i, q.Type)
		}
		if q.Filter == "" && !q.All && len(q.IDs) == 0 {
			return failure(ErrInvalidRequest, "Select[%d] selects nothing: give a Filter, IDs, or All", i)
		}
	}
	return nil
}

// list reads the objects of the Select queries, with the fields the
// mappings need, and adds those not named yet to b.refs. Their primary
// addresses are read in one query, which lets the NetBox client list them
// when they are most of what NetBox has.
func (b *bulk) list(ctx context.Context) error {
	if len(b.req.Select) == 0 {
		return nil
	}
	seen := make(map[netbox.Ref]bool, len(b.refs))
	for _, ref := range b.refs {
		seen[ref] = true
	}
	b.refs = slices.Clip(b.refs)
	var reads []objectRead
	for _, q := range b.req.Select {
		q.Fields = b.planner.rules[q.Type].fields
		objs, err := b.p.netbox.Objects(ctx, q)
		if err != nil {
			return fmt.Errorf("list %s: %w", q, err)
		}
		for _, o := range objs {
			ref := o.Ref()
			if seen[ref] {
				continue
			}
			seen[ref] = true
			b.refs = append(b.refs, ref)
			reads = append(reads, objectRead{obj: o})
		}
	}
	reads = b.p.readIPs(ctx, reads, b.settings)
	b.listed = make(map[netbox.Ref]*objectRead, len(reads))
	for i := range reads {
		b.listed[reads[i].obj.Ref()] = &reads[i]
	}
	return nil
}

// batches cuts the request into batches of at most size objects, each of
// one object type (so that a batch is one NetBox read), in request order.
// Invalid and repeated objects fail at once.
func (b *bulk) batches(size int) [][]*item {
	var out [][]*item
	open := make(map[netbox.ObjectType][]*item)
	seen := make(map[netbox.Ref]bool)
	for i, ref := range b.refs {
		it := &item{i: i, ref: ref, listed: b.listed[ref], run: flow.Run{Op: opProvisionAgent, Object: ref, User: b.req.User,
			RequestID: b.req.RequestID, Settings: b.settings, DryRun: b.req.DryRun}}
		switch {
		case ref.ID <= 0 || !ref.Type.Provisionable():
			b.fail(context.Background(), it, failure(ErrInvalidRequest, "%s cannot be provisioned: use a device or virtual machine with an ID above 0", ref))
			continue
		case seen[ref]:
			b.fail(context.Background(), it, failure(ErrInvalidRequest, "%s is listed twice in the request", ref))
			continue
		}
		seen[ref] = true
		open[ref.Type] = append(open[ref.Type], it)
		if len(open[ref.Type]) == size {
			out = append(out, open[ref.Type])
			open[ref.Type] = nil
		}
	}
	for _, t := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		if len(open[t]) > 0 {
			out = append(out, open[t])
		}
	}
	return out
}

// run provisions one batch of objects of one type.
func (b *bulk) run(ctx context.Context, batch []*item) {
	batch = b.read(ctx, batch)
	if len(batch) == 0 {
		return
	}
	refs := make([]netbox.Ref, len(batch))
	for i, it := range batch {
		refs[i] = it.ref
	}
	if b.req.DryRun {
		b.plan(ctx, b.prepare(ctx, batch, refs))
		return
	}
	unlock, err := b.p.store.Lock(ctx, refs...)
	if err != nil {
		for _, it := range batch {
			b.fail(ctx, it, fmt.Errorf("lock %s in the store: %w", it.ref, err))
		}
		return
	}
	defer unlock()
	batch = b.prepare(ctx, batch, refs)
	b.create(ctx, batch)
}

// read reads the batch's objects and their primary addresses from NetBox,
// checks and plans them, and returns those that can go on.
func (b *bulk) read(ctx context.Context, batch []*item) []*item {
	var ids []int64
	for _, it := range batch {
		if it.listed == nil {
			ids = append(ids, it.ref.ID)
		}
	}
	t := batch[0].ref.Type
	var fresh []objectRead
	if len(ids) > 0 {
		fresh = b.p.readObjects(ctx, t, ids, b.planner.rules[t].fields, b.settings)
	}
	reads := make([]objectRead, len(batch))
	for i, it := range batch {
		if it.listed != nil {
			reads[i] = *it.listed // read by the listing
		} else {
			reads[i], fresh = fresh[0], fresh[1:]
		}
	}
	planned := batch[:0:0]
	for i, it := range batch {
		r := reads[i]
		if it.obj = r.obj; r.obj != nil {
			it.run.Name = r.obj.Name
		}
		err := r.err
		if err == nil {
			it.dec, err = b.planner.decide(ctx, it.obj, r.ip, zabbix.InterfaceAgent)
		}
		if err != nil {
			b.fail(ctx, it, err)
			continue
		}
		planned = append(planned, it)
	}
	return planned
}

// prepare reads the batch's existing configs, reports the objects that
// already have a host, looks up (or creates) the host groups the others'
// mappings name by name, and builds their configs and payloads.
func (b *bulk) prepare(ctx context.Context, batch []*item, refs []netbox.Ref) []*item {
	existing, err := b.p.store.FindHostConfigs(ctx, store.HostConfigFilter{Objects: refs})
	if err != nil {
		for _, it := range batch {
			b.fail(ctx, it, fmt.Errorf("read host configs: %w", err))
		}
		return nil
	}
	byRef := make(map[netbox.Ref]store.HostConfig, len(existing))
	for _, hc := range existing {
		byRef[hc.Object] = hc
	}
	fresh := batch[:0:0]
	for _, it := range batch {
		if hc, found := byRef[it.ref]; found && hc.HostID != "" {
			b.fail(ctx, it, failure(ErrAlreadyProvisioned, "%s already has Zabbix host %s (host config %q): use ProvisionAgent to add an interface to it",
				it.obj.Name, hc.HostID, hc.Name))
			continue
		}
		fresh = append(fresh, it)
	}
	// The host groups the batch's mappings name by name: one look-up (and
	// in a run that writes, one creation) for the whole batch.
	decisions := make([]*decision, len(fresh))
	for i, it := range fresh {
		decisions[i] = &it.dec
	}
	if err := b.planner.lookupGroupsOf(ctx, decisions...); err != nil {
		for _, it := range fresh {
			b.fail(ctx, it, err)
		}
		return nil
	}
	ready := batch[:0:0]
	for _, it := range fresh {
		hc, found := byRef[it.ref]
		if !found {
			hc = newConfig(it.obj, b.settings)
		}
		err := b.planner.withGroups(ctx, &it.dec)
		if err == nil {
			hc, err = addInterface(hc, it.dec.iface)
		}
		if err == nil {
			it.pending = hc
			hc, it.payload, err = newHost(hc, it.dec)
		}
		if err != nil {
			b.fail(ctx, it, err)
			continue
		}
		it.hc, it.run.Data = hc, it.payload
		ready = append(ready, it)
	}
	return ready
}

// create creates the hosts of batch in one call and stores their configs.
// A batch Zabbix rejects is split: the host Zabbix names goes alone, or
// the batch is halved, until every object lands or has its own error. A
// single object goes through ProvisionAgent's own create path, which also
// adopts what an interrupted run left behind.
func (b *bulk) create(ctx context.Context, batch []*item) {
	switch len(batch) {
	case 0:
		return
	case 1:
		it := batch[0]
		res, err := b.p.create(ctx, &it.run, it.dec, it.hc)
		b.finish(ctx, it, res, err)
		return
	}
	payloads := make([]zabbix.Host, len(batch))
	for i, it := range batch {
		payloads[i] = it.payload
	}
	created, err := b.p.zabbix.CreateHosts(ctx, payloads)
	switch {
	case errors.Is(err, zabbix.ErrUnsupported) || errors.Is(err, zabbix.ErrNotSent):
		for _, it := range batch { // the server cannot (or could not be asked to) do it for any of them
			b.fail(ctx, it, fmt.Errorf("create Zabbix host %q: %w", it.payload.Host, err))
		}
		return
	case err != nil && flow.Rejected(err):
		b.split(ctx, batch, err)
		return
	case err != nil:
		// The answer was lost: each object looks for its host alone.
		for _, it := range batch {
			res, err := b.p.adopt(ctx, &it.run, it.dec, it.hc, it.payload, fmt.Errorf("create Zabbix host %q: %w", it.payload.Host, err))
			b.finish(ctx, it, res, err)
		}
		return
	case len(created) != len(batch):
		err = fmt.Errorf("create Zabbix hosts: Zabbix returned %d hosts for %d", len(created), len(batch))
		b.undoAll(ctx, batch, created, err)
		return
	}
	configs := make([]store.HostConfig, len(batch))
	for i, it := range batch {
		it.run.HostID, it.run.PostData = created[i].HostID, created[i]
		it.hc.HostID = created[i].HostID
		if configs[i], err = flow.Link(it.hc, created[i].HostID, created[i].Interfaces); err != nil {
			b.undoAll(ctx, batch, created, fmt.Errorf("host %q: %w", it.payload.Host, err))
			return
		}
	}
	saved, err := b.save(ctx, configs)
	switch {
	case errors.Is(err, store.ErrConflict):
		// One config may be at fault (a name another object's config
		// has): undo the batch and retry it split.
		if uerr := b.deleteHosts(ctx, hostIDs(created)); uerr != nil {
			b.undoAll(ctx, batch, created, err)
			return
		}
		b.split(ctx, batch, err)
		return
	case err != nil:
		b.undoAll(ctx, batch, created, err)
		return
	}
	for i, it := range batch {
		b.finish(ctx, it, Result{
			Message:    createdMessage(it.dec),
			Created:    true,
			Mapping:    it.dec.mapping.Name,
			HostConfig: saved[i],
			Plan:       flow.CreatePlan(it.payload, saved[i]),
			After:      created[i],
		}, nil)
	}
}

// plan finishes the dry run of a batch: one host.get tells which host
// names are free, and those objects get the plan of a create; an object
// whose name Zabbix has goes through ProvisionAgent's own dry run, which
// tells a host to take over from a name taken.
func (b *bulk) plan(ctx context.Context, batch []*item) {
	if len(batch) == 0 {
		return
	}
	names := make([]string, len(batch))
	for i, it := range batch {
		names[i] = it.payload.Host
	}
	hosts, err := b.p.zabbix.Hosts(ctx, zabbix.HostQuery{Names: names})
	if err != nil {
		for _, it := range batch {
			b.fail(ctx, it, fmt.Errorf("look for Zabbix host %q: %w", it.payload.Host, err))
		}
		return
	}
	taken := make(map[string]bool, len(hosts))
	for _, h := range hosts {
		taken[h.Host] = true
	}
	for _, it := range batch {
		if taken[it.payload.Host] {
			res, err := b.p.dryRun(ctx, &it.run, it.dec, it.pending)
			b.finish(ctx, it, res, err)
			continue
		}
		it.run.Message = fmt.Sprintf("Would create %s with %s mapping", it.dec.obj.Name, it.dec.mapping.Name)
		res := Result{Mapping: it.dec.mapping.Name, Created: true}
		b.finish(ctx, it, planned(res, it.run.Message, flow.CreatePlan(it.payload, it.hc).CreatingGroups(it.dec.createGroups)), nil)
	}
}

// split retries a batch whose host.create or store write failed: the host
// a Zabbix error names (by host name, or by its position, as 7.0 does)
// goes alone, else the batch is halved.
func (b *bulk) split(ctx context.Context, batch []*item, err error) {
	var apiErr *zabbix.APIError
	if errors.As(err, &apiErr) {
		at := -1
		if name := apiErr.HostName(); name != "" {
			at = slices.IndexFunc(batch, func(it *item) bool { return it.payload.Host == name })
		} else if n := apiErr.Index(); n >= 1 && n <= len(batch) && apiErr.Method == "host.create" {
			at = n - 1
		}
		if at >= 0 {
			b.create(ctx, []*item{batch[at]})
			b.create(ctx, append(slices.Clone(batch[:at]), batch[at+1:]...))
			return
		}
	}
	half := len(batch) / 2
	b.create(ctx, batch[:half])
	b.create(ctx, batch[half:])
}

// save stores the configs of a batch: new ones in one all-or-none write,
// ones that existed without a host one by one.
func (b *bulk) save(ctx context.Context, configs []store.HostConfig) ([]store.HostConfig, error) {
	saved := make([]store.HostConfig, len(configs))
	var fresh []store.HostConfig
	var at []int
	for i, hc := range configs {
		if hc.ID != 0 {
			s, err := b.p.store.UpdateHostConfig(ctx, hc)
			if err != nil {
				return nil, fmt.Errorf("store host config %q: %w", hc.Name, err)
			}
			saved[i] = s
			continue
		}
		fresh = append(fresh, hc)
		at = append(at, i)
	}
	if len(fresh) > 0 {
		stored, err := b.p.store.CreateHostConfigs(ctx, fresh)
		if err != nil {
			return nil, fmt.Errorf("store %d host configs: %w", len(fresh), err)
		}
		for j, i := range at {
			saved[i] = stored[j]
		}
	}
	return saved, nil
}

// undoAll deletes the hosts a failed batch created and fails every object
// of it with err (or an *UndoError when the delete fails).
func (b *bulk) undoAll(ctx context.Context, batch []*item, created []zabbix.Host, err error) {
	ids := hostIDs(created)
	var uerr error
	if len(ids) > 0 {
		uerr = b.deleteHosts(ctx, ids)
	}
	for i, it := range batch {
		e := err
		if uerr != nil && i < len(created) {
			e = &UndoError{HostID: created[i].HostID, Action: "delete the host", Err: err, UndoErr: uerr}
		}
		b.fail(ctx, it, e)
	}
}

// deleteHosts undoes host creations, even when ctx has ended.
func (b *bulk) deleteHosts(ctx context.Context, ids []string) error {
	ctx, cancel := flow.UndoContext(ctx)
	defer cancel()
	return b.p.zabbix.DeleteHosts(ctx, ids...)
}

func hostIDs(hs []zabbix.Host) []string {
	ids := make([]string, 0, len(hs))
	for _, h := range hs {
		if h.HostID != "" {
			ids = append(ids, h.HostID)
		}
	}
	return ids
}

func (b *bulk) fail(ctx context.Context, it *item, err error) {
	b.finish(ctx, it, Result{}, err)
}

// finish records the outcome of one object: its result, its event, and
// the progress.
func (b *bulk) finish(ctx context.Context, it *item, res Result, err error) {
	if err == nil {
		it.run.Message = res.Message
	}
	res, err = b.p.finish(ctx, it.run, res, err)

	b.mu.Lock()
	defer b.mu.Unlock()
	b.results[it.i] = BulkResult{Object: it.ref, Result: res, Err: err}
	b.progress.Done++
	switch {
	case errors.Is(err, ErrAlreadyProvisioned):
		b.progress.AlreadyProvisioned++
	case err != nil:
		b.progress.Failed++
	}
	if b.req.Progress != nil {
		b.req.Progress(b.progress)
	}
}
