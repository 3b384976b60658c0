package iface

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opCreateZabbixInterface = "CreateZabbixInterface"

// ErrNotProvisioned: the host config has no Zabbix host yet; run
// ProvisionAgent first.
var ErrNotProvisioned = errors.New("host config has no Zabbix host")

// ZabbixClient is what CreateZabbixInterface asks of Zabbix.
type ZabbixClient interface {
	Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error)
	UpdateHost(ctx context.Context, h zabbix.Host) (zabbix.Host, error)
}

// Store is what CreateZabbixInterface reads and writes in the store. Every
// store.Store is one.
type Store interface {
	Settings(ctx context.Context) (store.Settings, error)
	HostConfig(ctx context.Context, id int64) (store.HostConfig, error)
	UpdateHostConfig(ctx context.Context, c store.HostConfig) (store.HostConfig, error)
	Lock(ctx context.Context, objs ...netbox.Ref) (unlock func(), err error)
}

// Config is what a Creator works with.
type Config struct {
	Zabbix ZabbixClient `validate:"required"`
	Store  Store        `validate:"required"`
	// Events receives an event per run when the settings enable the event
	// log. Nil means the Store, when it is an eventlog.Sink.
	Events eventlog.Sink
	// Logger receives diagnostic logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock for event times; nil means time.Now.
	Now func() time.Time
}

// Creator runs CreateZabbixInterface.
type Creator struct {
	zabbix   ZabbixClient
	store    Store
	rec      provision.Recorder
	validate *validator.Validate
}

// New checks cfg and returns a Creator.
func New(cfg Config) (*Creator, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.Struct(cfg); err != nil {
		return nil, fmt.Errorf("iface: config: %w", err)
	}
	c := &Creator{zabbix: cfg.Zabbix, store: cfg.Store, validate: v,
		rec: provision.Recorder{Sink: cfg.Events, Log: cfg.Logger, Now: cfg.Now}}
	if c.rec.Sink == nil {
		c.rec.Sink, _ = cfg.Store.(eventlog.Sink)
	}
	if c.rec.Log == nil {
		c.rec.Log = slog.New(slog.DiscardHandler)
	}
	if c.rec.Now == nil {
		c.rec.Now = time.Now
	}
	return c, nil
}

// Request asks for the interfaces of one host config to be pushed.
type Request struct {
	HostConfigID int64  `validate:"gt=0"`
	User         string `validate:"max=255"`
	RequestID    string `validate:"max=255"`
	// DryRun asks for a plan instead of the work: the payload and how the
	// Zabbix host would change, in Result.Plan, with no write to Zabbix or
	// the store.
	DryRun bool
}

// Result is the outcome of a successful CreateZabbixInterface.
type Result struct {
	// Message says which interfaces were created, or that none was missing.
	Message string
	// Linked names the interfaces linked by this run.
	Linked []string
	// HostConfig is the config as stored.
	HostConfig store.HostConfig
	// Payload is the host.update sent; Before and After the host around it.
	// All are empty when nothing was missing.
	Payload, Before, After zabbix.Host
	// Event is the event recorded, when the event log is enabled.
	Event *eventlog.Event
	// EventErr is set when recording the event failed; the run itself
	// succeeded.
	EventErr error
	// Plan is set for a dry run: what the run would do.
	Plan *provision.Plan
}

// CreateZabbixInterface pushes the interfaces of the host config that its
// Zabbix host lacks, and links every unlinked one (DESIGN §4). A failure
// after the update restores the host and leaves the store as it was; if
// the restore fails, the error is a *provision.UndoError naming the host.
func (c *Creator) CreateZabbixInterface(ctx context.Context, req Request) (Result, error) {
	r := provision.Run{Op: opCreateZabbixInterface, User: req.User, RequestID: req.RequestID,
		Settings: store.DefaultSettings(), DryRun: req.DryRun}
	res, err := c.create(ctx, req, &r)
	if err != nil {
		err = &provision.Error{Op: opCreateZabbixInterface, Object: r.Object, Err: err}
		res = Result{}
	}
	res.Event, res.EventErr = c.rec.Finish(ctx, r, err)
	return res, err
}

func (c *Creator) create(ctx context.Context, req Request, r *provision.Run) (Result, error) {
	if err := c.validate.Struct(req); err != nil {
		return Result{}, fmt.Errorf("%w: %w", provision.ErrInvalidRequest, err)
	}
	hc, err := c.store.HostConfig(ctx, req.HostConfigID)
	if err != nil {
		return Result{}, fmt.Errorf("read host config %d: %w", req.HostConfigID, err)
	}
	r.Object, r.Name = hc.Object, hc.Name
	settings, err := provision.LoadSettings(ctx, c.store, c.validate)
	r.Settings = settings
	if err != nil {
		return Result{}, err
	}
	if !req.DryRun {
		unlock, err := c.store.Lock(ctx, hc.Object)
		if err != nil {
			return Result{}, fmt.Errorf("lock %s in the store: %w", hc.Object, err)
		}
		defer unlock()
		// Read again under the lock: another worker may have changed it.
		if hc, err = c.store.HostConfig(ctx, req.HostConfigID); err != nil {
			return Result{}, fmt.Errorf("read host config %d: %w", req.HostConfigID, err)
		}
	}
	if hc.HostID == "" {
		return Result{}, fmt.Errorf("%w: Cannot create interface for '%s': Host Config '%s' has no associated Zabbix host id. Run ProvisionAgent for it first.",
			ErrNotProvisioned, hc.Object, hc.Name)
	}
	r.HostID = hc.HostID
	complete, err := c.complete(ctx, hc)
	if err != nil {
		return Result{}, err
	}
	if complete {
		r.Message = fmt.Sprintf("All %d interfaces of %s are already in Zabbix; nothing to create", len(hc.Interfaces), hc.Name)
		res := Result{Message: r.Message, HostConfig: hc}
		if req.DryRun {
			res.Plan = &provision.Plan{Action: provision.ActionNone, HostConfig: hc}
		}
		return res, nil
	}
	if req.DryRun {
		return c.plan(ctx, r, hc)
	}
	synced, err := provision.Sync(ctx, c.zabbix, hc)
	r.Data, r.PreData, r.PostData = synced.Payload, synced.Before, synced.After
	if err != nil {
		return Result{}, err
	}
	saved, err := c.store.UpdateHostConfig(ctx, synced.Config)
	if err != nil {
		return Result{}, synced.UndoAfter(ctx, c.zabbix, fmt.Errorf("store host config %q: %w", hc.Name, err))
	}
	linked := newlyLinked(hc, saved)
	r.Message = fmt.Sprintf("Created interface(s) %s of %s in Zabbix host %s", strings.Join(linked, ", "), hc.Name, hc.HostID)
	return Result{
		Message:    r.Message,
		Linked:     linked,
		HostConfig: saved,
		Payload:    synced.Payload,
		Before:     synced.Before,
		After:      synced.After,
	}, nil
}

// complete reports whether every interface of hc is linked to an interface
// the Zabbix host still has, so that there is nothing to push.
func (c *Creator) complete(ctx context.Context, hc store.HostConfig) (bool, error) {
	if slices.ContainsFunc(hc.Interfaces, func(in store.Interface) bool { return !in.Linked() }) {
		return false, nil
	}
	hosts, err := c.zabbix.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{hc.HostID}})
	if err != nil {
		return false, fmt.Errorf("read Zabbix host %s of host config %q: %w", hc.HostID, hc.Name, err)
	}
	if len(hosts) == 0 {
		return false, nil // Sync reports the missing host
	}
	for _, in := range hc.Interfaces {
		if !slices.ContainsFunc(hosts[0].Interfaces, func(z zabbix.HostInterface) bool { return z.InterfaceID == in.InterfaceID }) {
			return false, nil
		}
	}
	return true, nil
}

// newlyLinked names the interfaces linked in after that were not in before.
func newlyLinked(before, after store.HostConfig) []string {
	was := make(map[string]bool)
	for _, in := range before.Interfaces {
		if in.Linked() {
			was[in.Name+"\x00"+in.InterfaceID] = true
		}
	}
	var names []string
	for _, in := range after.Interfaces {
		if !was[in.Name+"\x00"+in.InterfaceID] {
			names = append(names, in.Name)
		}
	}
	return names
}

// plan is the dry run of CreateZabbixInterface: what would be sent, and
// how the host would change.
func (c *Creator) plan(ctx context.Context, r *provision.Run, hc store.HostConfig) (Result, error) {
	s, err := provision.PlanSync(ctx, c.zabbix, hc)
	if err != nil {
		return Result{}, err
	}
	var names []string
	for _, in := range s.Config.Interfaces {
		if !in.Linked() {
			names = append(names, in.Name)
		}
	}
	r.Data, r.PreData = s.Payload, s.Before
	r.Message = fmt.Sprintf("Would create interface(s) %s of %s in Zabbix host %s", strings.Join(names, ", "), hc.Name, hc.HostID)
	return Result{
		Message:    r.Message,
		HostConfig: s.Config,
		Payload:    s.Payload,
		Before:     s.Before,
		Plan: &provision.Plan{Action: provision.ActionUpdate, Payload: s.Payload, Current: &s.Before,
			Changes: provision.Diff(&s.Before, s.Payload), HostConfig: s.Config},
	}, nil
}
