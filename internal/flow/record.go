package flow

import (
	"context"
	"log/slog"
	"time"

	"github.com/nbzbx/netbox-zabbix/eventlog"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// Recorder writes the event and the log line that end every run of an
// operation, so that the audit trail of every operation looks alike.
type Recorder struct {
	Sink eventlog.Sink // nil records no events
	Log  *slog.Logger
	Now  func() time.Time
}

// Run is what a run knows about itself when it ends.
type Run struct {
	Op        string     // the operation, e.g. "ProvisionAgent"
	Object    netbox.Ref // the NetBox object, when known
	Name      string     // the object's name, when known
	User      string
	RequestID string
	// Settings decide whether an event is recorded, and hold the secrets
	// scrubbed from texts.
	Settings store.Settings
	Message  string // the success message
	HostID   string // the Zabbix host, when known
	// Data is the payload sent to Zabbix; PreData and PostData the state
	// before and after.
	Data, PreData, PostData any
	// DryRun marks a run that only planned: it is logged, never recorded
	// as an event (a dry run writes nothing to the store).
	DryRun bool
}

// Finish logs the end of run r and, when the settings enable the event
// log, records its event. err is the run's error (nil on success). It
// returns the event recorded (nil when none) and the error of recording it.
func (rec Recorder) Finish(ctx context.Context, r Run, err error) (*eventlog.Event, error) {
	attrs := []slog.Attr{slog.String("op", r.Op), slog.String("host", r.Name)}
	if r.DryRun {
		attrs = append(attrs, slog.Bool("dry_run", true))
	}
	if r.Object.ID != 0 {
		attrs = append(attrs, slog.String("netbox_type", string(r.Object.Type)), slog.Int64("netbox_id", r.Object.ID))
	}
	if r.HostID != "" {
		attrs = append(attrs, slog.String("zabbix_hostid", r.HostID))
	}
	if r.RequestID != "" {
		attrs = append(attrs, slog.String("request_id", r.RequestID))
	}
	msg, exception := r.Message, ""
	if err != nil {
		exception = Scrub(r.Settings, err.Error())
		msg = r.Op + " failed"
		if r.Name != "" {
			msg += " for " + r.Name
		}
		rec.Log.LogAttrs(ctx, slog.LevelError, msg, append(attrs, slog.String("error", exception))...)
	} else {
		rec.Log.LogAttrs(ctx, slog.LevelInfo, msg, attrs...)
	}
	if rec.Sink == nil || !r.Settings.EventLogEnabled || r.DryRun {
		return nil, nil
	}
	ev := eventlog.Event{
		Name:      r.Op,
		RequestID: r.RequestID,
		User:      r.User,
		Message:   msg,
		Data:      eventlog.JSON(r.Data),
		PreData:   eventlog.JSON(r.PreData),
		PostData:  eventlog.JSON(r.PostData),
		Exception: exception,
		Created:   rec.Now(),
	}
	if r.Object.ID != 0 {
		obj := r.Object
		ev.Object = &obj
	}
	// The event is recorded even when the run's context has ended.
	if rerr := rec.Sink.RecordEvent(context.WithoutCancel(ctx), ev); rerr != nil {
		rec.Log.LogAttrs(ctx, slog.LevelWarn, "event not recorded", append(attrs, slog.String("error", rerr.Error()))...)
		return nil, rerr
	}
	return &ev, nil
}

// Scrub removes the secrets of s (the TLS PSK and SNMP passphrases) from
// text.
func Scrub(s store.Settings, text string) string {
	return eventlog.Redact(text, s.TLSPSK.Reveal(), s.SNMP.AuthPassphrase.Reveal(), s.SNMP.PrivPassphrase.Reveal())
}
