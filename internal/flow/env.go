package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/internal/validation"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Env is what every operation runs with besides its backends: where events
// and logs go, the clock, and the validator.
type Env struct {
	Recorder
	Validate *validator.Validate
}

// NewEnv returns the Env of an operation's constructor: events go to
// events, or to st when events is nil and st is an eventlog.Sink (every
// store.Store is); a nil log discards; a nil now is time.Now.
func NewEnv(st any, events eventlog.Sink, log *slog.Logger, now func() time.Time) Env {
	if events == nil {
		events, _ = st.(eventlog.Sink)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return Env{
		Recorder: Recorder{Sink: events, Log: log, Now: now},
		Validate: validation.New(),
	}
}

// CheckConfig validates the config of a constructor; what names it (e.g.
// "provision: config").
func (e Env) CheckConfig(what string, cfg any) error {
	return validation.Struct(e.Validate, what, cfg)
}

// CheckRequest validates a request; a failure matches ErrInvalidRequest
// and says what is wrong with each field.
func (e Env) CheckRequest(req any) error {
	if err := validation.Struct(e.Validate, ErrInvalidRequest.Error(), req); err != nil {
		return &invalidError{err}
	}
	return nil
}

// invalidError is a request that fails validation: its text is the
// validation's, and it matches ErrInvalidRequest.
type invalidError struct{ err error }

func (e *invalidError) Error() string        { return e.err.Error() }
func (e *invalidError) Unwrap() error        { return e.err }
func (e *invalidError) Is(target error) bool { return target == ErrInvalidRequest }

// SettingsReader reads the stored settings.
type SettingsReader interface {
	Settings(ctx context.Context) (store.Settings, error)
}

// LoadSettings returns the stored settings, or store.DefaultSettings when
// none were saved, validated.
func (e Env) LoadSettings(ctx context.Context, st SettingsReader) (store.Settings, error) {
	s, err := st.Settings(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.DefaultSettings(), nil
	case err != nil:
		return store.DefaultSettings(), fmt.Errorf("read settings: %w", err)
	}
	if err := validation.Struct(e.Validate, "stored settings", s); err != nil {
		return s, fmt.Errorf("%w: %w; fix them with PutSettings", ErrInvalidRequest, err)
	}
	return s, nil
}
