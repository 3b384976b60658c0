package provision

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Store is what ProvisionAgent reads and writes in the store. Every
// store.Store is one.
type Store interface {
	Settings(ctx context.Context) (store.Settings, error)
	Mappings(ctx context.Context, t netbox.ObjectType) ([]store.Mapping, error)
	TagMapping(ctx context.Context, t netbox.ObjectType) (store.TagMapping, error)
	InventoryMapping(ctx context.Context, t netbox.ObjectType) (store.InventoryMapping, error)
	HostConfigByObject(ctx context.Context, obj netbox.Ref) (store.HostConfig, error)
	FindHostConfigs(ctx context.Context, f store.HostConfigFilter) ([]store.HostConfig, error)
	CreateHostConfigs(ctx context.Context, cs []store.HostConfig) ([]store.HostConfig, error)
	UpdateHostConfig(ctx context.Context, c store.HostConfig) (store.HostConfig, error)
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

// Provisioner runs ProvisionAgent. It is safe for concurrent use.
type Provisioner struct {
	netbox   NetBoxClient
	zabbix   ZabbixClient
	store    Store
	events   eventlog.Sink
	log      *slog.Logger
	now      func() time.Time
	validate *validator.Validate
}

// New checks cfg and returns a Provisioner.
func New(cfg Config) (*Provisioner, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.Struct(cfg); err != nil {
		return nil, fmt.Errorf("provision: config: %w", err)
	}
	p := &Provisioner{
		netbox:   cfg.NetBox,
		zabbix:   cfg.Zabbix,
		store:    cfg.Store,
		events:   cfg.Events,
		log:      cfg.Logger,
		now:      cfg.Now,
		validate: v,
	}
	if p.events == nil {
		p.events, _ = cfg.Store.(eventlog.Sink)
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
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
	// <name> with new interface <interface> in Zabbix".
	Message string
	// Created is true when a new Zabbix host was made (or adopted), false
	// when an interface was added to an existing one.
	Created bool
	// Adopted is true when the host was left in Zabbix by an interrupted
	// earlier run for this object and was taken over instead of created.
	Adopted bool
	// Mapping is the name of the mapping applied.
	Mapping string
	// HostConfig is the config as stored.
	HostConfig store.HostConfig
	// Payload is what was sent to Zabbix (secrets redact themselves when
	// printed or encoded).
	Payload zabbix.Host
	// Before and After are the Zabbix host before and after the change
	// (Before is empty for a new host).
	Before, After zabbix.Host
	// Event is the event recorded, when the event log is enabled.
	Event *eventlog.Event
	// EventErr is set when recording the event failed; the run itself
	// succeeded.
	EventErr error
	// Plan is set for a dry run: what the run would do.
	Plan *Plan
}

// LoadSettings returns the stored settings, or store.DefaultSettings when
// none were saved, checked with v.
func LoadSettings(ctx context.Context, st interface {
	Settings(context.Context) (store.Settings, error)
}, v *validator.Validate) (store.Settings, error) {
	s, err := st.Settings(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.DefaultSettings(), nil
	case err != nil:
		return store.DefaultSettings(), fmt.Errorf("read settings: %w", err)
	}
	if err := v.Struct(s); err != nil {
		return s, fmt.Errorf("%w: stored settings: %w: fix them with PutSettings", ErrInvalidRequest, err)
	}
	return s, nil
}

// validateRequest checks a request before any call.
func (p *Provisioner) validateRequest(req Request) error {
	if err := p.validate.Struct(req); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidRequest, err)
	}
	if !req.Object.Type.Provisionable() {
		return failure(ErrInvalidRequest, "object type %q cannot be provisioned: use %q or %q",
			req.Object.Type, netbox.TypeDevice, netbox.TypeVirtualMachine)
	}
	return nil
}
