package iface

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// ZabbixClient is what the interface operations ask of Zabbix.
type ZabbixClient interface {
	Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error)
	UpdateHost(ctx context.Context, u zabbix.HostUpdate) (zabbix.Host, error)
}

// Store is what the interface operations read and write in the store.
// Every store.Store is one.
type Store interface {
	Settings(ctx context.Context) (store.Settings, error)
	HostConfig(ctx context.Context, id int64) (store.HostConfig, error)
	UpdateHostConfig(ctx context.Context, c store.HostConfig) (store.HostConfig, error)
	Lock(ctx context.Context, objs ...netbox.Ref) (unlock func(), err error)
}

// Config is what a Pusher works with.
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

// Pusher pushes the interfaces of host configs to their Zabbix hosts. It
// is safe for concurrent use.
type Pusher struct {
	zabbix ZabbixClient
	store  Store
	env    flow.Env
}

// New checks cfg and returns a Pusher.
func New(cfg Config) (*Pusher, error) {
	env := flow.NewEnv(cfg.Store, cfg.Events, cfg.Logger, cfg.Now)
	if err := env.CheckConfig("iface: config", cfg); err != nil {
		return nil, err
	}
	return &Pusher{zabbix: cfg.Zabbix, store: cfg.Store, env: env}, nil
}

// Result is the outcome of a successful interface operation.
type Result struct {
	// Message says which interfaces changed, or that nothing had to.
	Message string
	// Linked names the interfaces linked by this run.
	Linked []string
	// HostConfig is the config as stored (as it would be, in a dry run).
	HostConfig store.HostConfig
	// Plan is what the run sent to Zabbix, or in a dry run would send:
	// the host.update, the host as it was and the changes field by field.
	// Its Action is provision.ActionNone when nothing had to change.
	Plan *provision.Plan
	// After is the Zabbix host read back after the change; empty when
	// nothing changed and in a dry run.
	After zabbix.Host
	// Event is the event recorded, when the event log is enabled.
	Event *eventlog.Event
	// EventErr is set when recording the event failed; the run itself
	// succeeded.
	EventErr error
}

// finish ends a run: it wraps err in a *provision.Error naming the
// operation and the object, and records the event.
func (p *Pusher) finish(ctx context.Context, r flow.Run, res Result, err error) (Result, error) {
	if err != nil {
		err = &provision.Error{Op: r.Op, Object: r.Object, Err: err}
		res = Result{}
	}
	res.Event, res.EventErr = p.env.Finish(ctx, r, err)
	return res, err
}

// lockedConfig reads the config id, locks its object (unless dryRun) and
// reads it again under the lock, loading the settings on the way; r learns
// the object, the host and the settings. A config without a Zabbix host
// is ErrNotProvisioned, its message saying that it cannot <task>. The
// caller calls unlock.
func (p *Pusher) lockedConfig(ctx context.Context, id int64, dryRun bool, task string, r *flow.Run) (hc store.HostConfig, unlock func(), err error) {
	unlock = func() {}
	if hc, err = p.store.HostConfig(ctx, id); err != nil {
		return hc, unlock, fmt.Errorf("read host config %d: %w", id, err)
	}
	r.Object, r.Name = hc.Object, hc.Name
	if r.Settings, err = p.env.LoadSettings(ctx, p.store); err != nil {
		return hc, unlock, err
	}
	if !dryRun {
		if unlock, err = p.store.Lock(ctx, hc.Object); err != nil {
			return hc, func() {}, fmt.Errorf("lock %s in the store: %w", hc.Object, err)
		}
		// Read again under the lock: another worker may have changed it.
		if hc, err = p.store.HostConfig(ctx, id); err != nil {
			return hc, unlock, fmt.Errorf("read host config %d: %w", id, err)
		}
	}
	if hc.HostID == "" {
		return hc, unlock, fmt.Errorf("%w: cannot %s %s: host config %q has no Zabbix host ID; run ProvisionAgent for it first",
			ErrNotProvisioned, task, hc.Object, hc.Name)
	}
	r.HostID = hc.HostID
	return hc, unlock, nil
}
