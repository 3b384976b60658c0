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

const opImportHost = "ImportHost"

// DefaultHostIDField is the NetBox custom field ImportHosts reads a Zabbix
// host ID from when ImportRequest.HostIDField is empty: the one
// netbox-zabbix-sync writes.
const DefaultHostIDField = "zabbix_hostid"

// Sentinels of ImportHost and ImportHosts, matched under errors.Is.
var (
	// ErrNoHostToImport: no Zabbix host matches the object by any rule.
	ErrNoHostToImport = errors.New("no Zabbix host to import")
	// ErrAmbiguousImport: a rule matches more than one host, or the host
	// matches more than one object; the error is an *AmbiguousImportError.
	ErrAmbiguousImport = errors.New("ambiguous import")
)

// AmbiguousImportError names the Zabbix hosts one rule matched for an
// object (or the objects that matched one host), none of which is taken.
type AmbiguousImportError struct {
	Object     netbox.Ref
	Rule       ImportRule
	Candidates []zabbix.Host // ID and names of each
	Objects    []netbox.Ref  // other objects of the run that matched the same host
}

func (e *AmbiguousImportError) Error() string {
	var cands []string
	for _, h := range e.Candidates {
		cands = append(cands, fmt.Sprintf("%s (%s)", h.HostID, h.Host))
	}
	if len(e.Objects) > 0 {
		return fmt.Sprintf("Zabbix host %s matches %s by %s, and also %v: import them one at a time, or tag each host with its object's default tag",
			cands[0], e.Object, e.Rule, e.Objects)
	}
	return fmt.Sprintf("%d Zabbix hosts match %s by %s: %v; make one match (fix the names, or tag the right host with the default tag) and import again",
		len(e.Candidates), e.Object, e.Rule, cands)
}

func (e *AmbiguousImportError) Is(target error) bool { return target == ErrAmbiguousImport }

// ImportRule says how ImportHosts found an object's Zabbix host. The rules
// are tried in this order; the first that matches anything decides.
type ImportRule string

// Import rules.
const (
	RuleDefaultTag  ImportRule = "default tag"   // the host carries the object's default tag
	RuleHostIDField ImportRule = "custom field"  // the object's host ID custom field names the host
	RuleHostName    ImportRule = "host name"     // the host's technical name is the object's, as the library writes it
	RuleVisibleName ImportRule = "visible name"  // the host's visible name is the object's name
	RuleAgentIP     ImportRule = "agent address" // an agent interface of the host is on the object's primary IPv4
)

// ImportRequest asks for the Zabbix hosts of many objects to be imported:
// those Objects names and those the Select queries list (see BulkRequest).
type ImportRequest struct {
	Objects []netbox.Ref
	Select  []netbox.Query
	// HostIDField is the NetBox custom field holding a Zabbix host ID;
	// "" means DefaultHostIDField and "-" leaves that rule out.
	HostIDField string `validate:"max=255"`
	User        string `validate:"max=255"`
	RequestID   string `validate:"max=255"`
	// BatchSize is how many objects one Zabbix read matches; 0 means
	// DefaultBatchSize. Concurrency is how many batches run at once; 0
	// means DefaultConcurrency.
	BatchSize   int `validate:"min=0,max=10000"`
	Concurrency int `validate:"min=0,max=64"`
	// DryRun matches and builds the configs, and stores nothing.
	DryRun bool
	// Progress, when set, is called after each object, never by two
	// goroutines at once.
	Progress func(Progress)
}

// ImportResult is what an import found for one object.
type ImportResult struct {
	Object netbox.Ref
	// Imported is true when the object's config was made from its host
	// (in a dry run: would be); Existing when the object had a config
	// already, which was left as it is.
	Imported, Existing bool
	// Rule is how the host was found.
	Rule ImportRule
	// HostConfig is the config stored (a dry run's: as it would be), or
	// the existing one.
	HostConfig store.HostConfig
	Message    string
	// Err is why the object was not imported: ErrNoHostToImport, an
	// *AmbiguousImportError, a host another config links, or a backend's
	// failure; an *Error.
	Err error
}

// ImportReport is the outcome of ImportHosts: a result per object, in
// request order (as BulkResult), and counts.
type ImportReport struct {
	Results                                         []ImportResult
	Imported, Existing, NotFound, Ambiguous, Failed int
}

// ImportHost imports the Zabbix host that already exists for one object:
// it finds it (see ImportRequest and ImportRule) and makes the object's
// host config from it — groups, templates, proxy, status, the tags the
// library owns, interfaces linked by ID, the main one tied to the object's
// primary IPv4 address — with no write to Zabbix. Afterwards
// UpdateZabbixHost and Reconcile manage the host like any other: the
// first of them brings what differs from NetBox in line. An object with a
// config already is left as it is. The error is the result's Err.
func (p *Provisioner) ImportHost(ctx context.Context, req Request) (ImportResult, error) {
	if err := p.validateRequest(req); err != nil {
		return ImportResult{}, &Error{Op: opImportHost, Object: req.Object, Err: err}
	}
	rep, err := p.ImportHosts(ctx, ImportRequest{Objects: []netbox.Ref{req.Object}, User: req.User, RequestID: req.RequestID, DryRun: req.DryRun})
	if err != nil {
		return ImportResult{}, err
	}
	return rep.Results[0], rep.Results[0].Err
}

// ImportHosts imports the Zabbix hosts of many objects as ImportHost does
// for one, in batches: per batch one NetBox read (lean), one Zabbix read
// that finds the candidates of every rule (two requests when addresses
// find hosts the others did not), and one write of the configs. It never
// writes to Zabbix. Each imported object gets an event. The returned error
// is only for a bad request, unreadable settings, a failed Select listing,
// or the end of ctx.
func (p *Provisioner) ImportHosts(ctx context.Context, req ImportRequest) (ImportReport, error) {
	if err := p.checkImport(req); err != nil {
		return ImportReport{}, &Error{Op: opImportHost, Err: err}
	}
	settings, err := p.env.LoadSettings(ctx, p.store)
	if err != nil {
		return ImportReport{}, p.fail(ctx, opImportHost, req.User, req.RequestID, store.DefaultSettings(), err)
	}
	im := &importRun{p: p, req: req, settings: settings, field: cmp.Or(req.HostIDField, DefaultHostIDField)}
	if im.field == "-" {
		im.field = ""
	}
	if im.planner, err = p.newPlanner(ctx, settings, netbox.TypeDevice, netbox.TypeVirtualMachine); err != nil {
		return ImportReport{}, p.fail(ctx, opImportHost, req.User, req.RequestID, settings, err)
	}
	if o, err := p.store.ZabbixObjects(ctx); err == nil {
		im.names = o
	}
	bulk := &bulk{p: p, req: BulkRequest{Objects: req.Objects, Select: req.Select}, settings: settings, planner: im.planner, refs: req.Objects}
	bulk.planner = im.withField()
	if err := bulk.list(ctx); err != nil {
		return ImportReport{}, p.fail(ctx, opImportHost, req.User, req.RequestID, settings, err)
	}
	im.refs, im.listed = bulk.refs, bulk.listed
	im.results = make([]ImportResult, len(im.refs))
	im.progress.Total = len(im.refs)

	g := new(errgroup.Group)
	g.SetLimit(cmp.Or(req.Concurrency, DefaultConcurrency))
	for _, batch := range im.batches(cmp.Or(req.BatchSize, DefaultBatchSize)) {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				for _, it := range batch {
					im.finish(ctx, it, ImportResult{}, err)
				}
				return nil
			}
			im.run(ctx, batch)
			return nil
		})
	}
	_ = g.Wait()
	rep := im.report()
	if err := ctx.Err(); err != nil {
		return rep, &Error{Op: opImportHost, Err: err}
	}
	return rep, nil
}

// checkImport checks an import request before anything is read.
func (p *Provisioner) checkImport(req ImportRequest) error {
	return p.checkBulk(BulkRequest{Objects: req.Objects, Select: req.Select, User: req.User, RequestID: req.RequestID,
		BatchSize: req.BatchSize, Concurrency: req.Concurrency})
}

// importRun is one ImportHosts run.
type importRun struct {
	p        *Provisioner
	req      ImportRequest
	settings store.Settings
	planner  *planner
	field    string              // the host ID custom field; "" when that rule is off
	names    store.ZabbixObjects // for the names of groups, templates and proxies; empty when never imported
	refs     []netbox.Ref
	listed   map[netbox.Ref]*objectRead

	mu       sync.Mutex
	results  []ImportResult
	progress Progress
}

// withField returns the planner, reading the host ID custom field too.
func (im *importRun) withField() *planner {
	if im.field == "" {
		return im.planner
	}
	for t, r := range im.planner.rules {
		if !slices.Contains(r.fields, "custom_fields") {
			r.fields = append(slices.Clone(r.fields), "custom_fields")
			im.planner.rules[t] = r
		}
	}
	return im.planner
}

// importItem is one object of an import on its way.
type importItem struct {
	i    int
	ref  netbox.Ref
	read objectRead
	name string // the object's name, once read
}

// batches cuts the objects into batches of one type, in request order;
// invalid and repeated objects fail at once.
func (im *importRun) batches(size int) [][]*importItem {
	var out [][]*importItem
	open := make(map[netbox.ObjectType][]*importItem)
	seen := make(map[netbox.Ref]bool)
	for i, ref := range im.refs {
		it := &importItem{i: i, ref: ref}
		switch {
		case ref.ID <= 0 || !ref.Type.Provisionable():
			im.finish(context.Background(), it, ImportResult{}, failure(ErrInvalidRequest, "%s cannot be imported: use a device or virtual machine with an ID above 0", ref))
			continue
		case seen[ref]:
			im.finish(context.Background(), it, ImportResult{}, failure(ErrInvalidRequest, "%s is listed twice in the request", ref))
			continue
		}
		seen[ref] = true
		if l := im.listed[ref]; l != nil {
			it.read = *l
		}
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

// finish records the outcome of one object: its result, its event when it
// was imported or failed, and the progress.
func (im *importRun) finish(ctx context.Context, it *importItem, res ImportResult, err error) {
	res.Object = it.ref
	if err != nil {
		err = &Error{Op: opImportHost, Object: it.ref, Err: err}
		res.Imported = false
	}
	res.Err = err
	if res.Imported || err != nil {
		run := flow.Run{Op: opImportHost, Object: it.ref, Name: it.name, User: im.req.User, RequestID: im.req.RequestID,
			Settings: im.settings, Message: res.Message, HostID: res.HostConfig.HostID, DryRun: im.req.DryRun}
		if res.Imported {
			run.PostData = res.HostConfig
		}
		_, _ = im.p.env.Finish(ctx, run, err)
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	im.results[it.i] = res
	im.progress.Done++
	if err != nil {
		im.progress.Failed++
	}
	if im.req.Progress != nil {
		im.req.Progress(im.progress)
	}
}

// report counts the results.
func (im *importRun) report() ImportReport {
	rep := ImportReport{Results: im.results}
	for _, r := range im.results {
		switch {
		case r.Err == nil && r.Existing:
			rep.Existing++
		case r.Err == nil:
			rep.Imported++
		case errors.Is(r.Err, ErrNoHostToImport):
			rep.NotFound++
		case errors.Is(r.Err, ErrAmbiguousImport):
			rep.Ambiguous++
		default:
			rep.Failed++
		}
	}
	return rep
}
