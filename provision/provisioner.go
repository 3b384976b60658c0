package provision

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Store is what the operations of a Provisioner read and write in the
// store. Every store.Store is one.
type Store interface {
	Settings(ctx context.Context) (store.Settings, error)
	Mappings(ctx context.Context, t netbox.ObjectType) ([]store.Mapping, error)
	TagMapping(ctx context.Context, t netbox.ObjectType) (store.TagMapping, error)
	InventoryMapping(ctx context.Context, t netbox.ObjectType) (store.InventoryMapping, error)
	HostConfigByObject(ctx context.Context, obj netbox.Ref) (store.HostConfig, error)
	FindHostConfigs(ctx context.Context, f store.HostConfigFilter) ([]store.HostConfig, error)
	CreateHostConfigs(ctx context.Context, cs []store.HostConfig) ([]store.HostConfig, error)
	UpdateHostConfig(ctx context.Context, c store.HostConfig) (store.HostConfig, error)
	DeleteHostConfig(ctx context.Context, id int64) error
	ZabbixObjects(ctx context.Context) (store.ZabbixObjects, error)
	PutZabbixObjects(ctx context.Context, o store.ZabbixObjects) error
	Lock(ctx context.Context, objs ...netbox.Ref) (unlock func(), err error)
}

// Config is what a Provisioner works with.
type Config struct {
	NetBox NetBoxClient `validate:"required"`
	Zabbix ZabbixClient `validate:"required"`
	Store  Store        `validate:"required"`
	// Events receives an event per run when the settings enable the event
	// log. Nil means the Store, when it is an eventlog.Sink (every
	// store.Store is).
	Events eventlog.Sink
	// Logger receives diagnostic logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock for event times; nil means time.Now.
	Now func() time.Time
}

// Provisioner runs the operations on hosts. It is safe for concurrent use.
type Provisioner struct {
	netbox NetBoxClient
	zabbix ZabbixClient
	store  Store
	env    flow.Env

	mu         sync.Mutex
	graveyards map[string]zabbix.HostGroup // by name, once found or created
	// groupsMu is held while a run creates host groups, so that the runs
	// of one Provisioner never create one name twice: Zabbix 6.0 checks
	// names outside its database's constraints, and two hostgroup.create
	// of one name at once can both succeed.
	groupsMu sync.Mutex
}

// New checks cfg and returns a Provisioner.
func New(cfg Config) (*Provisioner, error) {
	env := flow.NewEnv(cfg.Store, cfg.Events, cfg.Logger, cfg.Now)
	if err := env.CheckConfig("provision: config", cfg); err != nil {
		return nil, err
	}
	return &Provisioner{netbox: cfg.NetBox, zabbix: cfg.Zabbix, store: cfg.Store, env: env,
		graveyards: make(map[string]zabbix.HostGroup)}, nil
}

// Request asks for one device or virtual machine to be provisioned.
type Request struct {
	// Object is the device (netbox.DeviceRef) or virtual machine
	// (netbox.VMRef).
	Object netbox.Ref `validate:"required"`
	// User and RequestID say who asked; they go into the event.
	User      string `validate:"max=255"`
	RequestID string `validate:"max=255"`
	// DryRun asks for a plan instead of the work: the run resolves
	// everything and builds the exact payload, and returns it in
	// Result.Plan with how the Zabbix host would change, writing nothing
	// to Zabbix or the store.
	DryRun bool
}

// Result is the outcome of a successful ProvisionAgent.
type Result struct {
	// Message is "Created <name> with <mapping> mapping" or "Updated
	// <name> with new interface <interface> in Zabbix" ("Would …" in a dry
	// run).
	Message string
	// Created is true when a new Zabbix host was made (or adopted), false
	// when an interface was added to an existing one.
	Created bool
	// Adopted is true when the host was left in Zabbix by an interrupted
	// earlier run for this object and was taken over instead of created.
	Adopted bool
	// Mapping is the name of the mapping applied.
	Mapping string
	// HostConfig is the config as stored (as it would be, in a dry run).
	HostConfig store.HostConfig
	// Plan is what the run sent to Zabbix, or in a dry run would send: the
	// payload (secrets redact themselves when printed or encoded), the
	// host as it was, and the changes field by field.
	Plan *Plan
	// After is the Zabbix host read back after the change; empty in a dry
	// run.
	After zabbix.Host
	// Event is the event recorded, when the event log is enabled.
	Event *eventlog.Event
	// EventErr is set when recording the event failed; the run itself
	// succeeded.
	EventErr error
}

// validateRequest checks a request before any call.
func (p *Provisioner) validateRequest(req Request) error {
	if err := p.env.CheckRequest(req); err != nil {
		return err
	}
	if !req.Object.Type.Provisionable() {
		return failure(ErrInvalidRequest, "object type %q cannot be provisioned: use %q or %q",
			req.Object.Type, netbox.TypeDevice, netbox.TypeVirtualMachine)
	}
	return nil
}

// lockObject serialises the work on one object through Store.Lock; a dry
// run writes nothing, so it locks nothing and unlock does nothing.
func (p *Provisioner) lockObject(ctx context.Context, req Request) (unlock func(), err error) {
	if req.DryRun {
		return func() {}, nil
	}
	if unlock, err = p.store.Lock(ctx, req.Object); err != nil {
		return nil, fmt.Errorf("lock %s in the store: %w", req.Object, err)
	}
	return unlock, nil
}

// fail ends a run over many objects (ProvisionAgents, Reconcile) that
// failed as a whole: it wraps err in an *Error naming the operation and
// records the event of the failure, with the settings s (the defaults when
// they could not be read).
func (p *Provisioner) fail(ctx context.Context, op, user, requestID string, s store.Settings, err error) error {
	err = &Error{Op: op, Err: err}
	_, _ = p.env.Finish(ctx, flow.Run{Op: op, User: user, RequestID: requestID, Settings: s}, err)
	return err
}

// finish ends a run: it wraps err in an *Error naming the operation and
// the object, and records the event.
func (p *Provisioner) finish(ctx context.Context, r flow.Run, res Result, err error) (Result, error) {
	if err != nil {
		err = &Error{Op: r.Op, Object: r.Object, Err: err}
		res = Result{}
	}
	res.Event, res.EventErr = p.env.Finish(ctx, r, err)
	return res, err
}
