package main

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// Job kinds, as stored in river_job.kind.
const (
	kindProvisionAgent  = "netbox_zabbix.provision_agent"
	kindCreateInterface = "netbox_zabbix.create_interface"
)

// ProvisionAgentArgs asks for ProvisionAgent on one device or virtual
// machine. Only the object counts for uniqueness: while a job for it waits
// or runs, another one for it is not inserted, whoever asks.
type ProvisionAgentArgs struct {
	ObjectType netbox.ObjectType `json:"object_type" river:"unique"`
	ObjectID   int64             `json:"object_id" river:"unique"`
	User       string            `json:"user,omitempty"`
	RequestID  string            `json:"request_id,omitempty"`
}

// Kind is the job kind.
func (ProvisionAgentArgs) Kind() string { return kindProvisionAgent }

// InsertOpts makes the jobs unique per object while pending.
func (ProvisionAgentArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: uniqueWhilePending()}
}

// CreateInterfaceArgs asks for CreateZabbixInterface on one host config,
// unique per host config while pending.
type CreateInterfaceArgs struct {
	HostConfigID int64  `json:"host_config_id" river:"unique"`
	User         string `json:"user,omitempty"`
	RequestID    string `json:"request_id,omitempty"`
}

// Kind is the job kind.
func (CreateInterfaceArgs) Kind() string { return kindCreateInterface }

// InsertOpts makes the jobs unique per host config while pending.
func (CreateInterfaceArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: uniqueWhilePending()}
}

// uniqueWhilePending refuses a second job with the same unique args while
// one is waiting (scheduled, available, retryable, pending) or running.
// Unlike River's default it leaves out "completed", so that the object can
// be provisioned again (and a periodic job can run again) once the last job
// finished.
func uniqueWhilePending() river.UniqueOpts {
	return river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled,
	}}
}

// output is what a job records (river.RecordOutput, in its metadata under
// "output").
type output struct {
	Result       string `json:"result"` // "done", "unchanged" or "cancelled"
	Message      string `json:"message,omitempty"`
	Reason       string `json:"reason,omitempty"`
	Error        string `json:"error,omitempty"`
	ZabbixHostID string `json:"zabbix_hostid,omitempty"`
	HostConfigID int64  `json:"host_config_id,omitempty"`
}

// provisionAgentWorker runs ProvisionAgent jobs.
type provisionAgentWorker struct {
	river.WorkerDefaults[ProvisionAgentArgs]
	p   *provision.Provisioner
	log *slog.Logger
}

func (w *provisionAgentWorker) Work(ctx context.Context, job *river.Job[ProvisionAgentArgs]) error {
	a := job.Args
	obj := netbox.Ref{Type: a.ObjectType, ID: a.ObjectID}
	start := time.Now()
	res, err := w.p.ProvisionAgent(ctx, provision.Request{Object: obj, User: a.User, RequestID: requestID(a.RequestID, job.ID)})
	out := output{Message: res.Message, ZabbixHostID: res.HostConfig.HostID, HostConfigID: res.HostConfig.ID}
	return finish(ctx, w.log.With(slog.String("object", obj.String())), job.JobRow, start, out, err)
}

// createInterfaceWorker runs CreateZabbixInterface jobs.
type createInterfaceWorker struct {
	river.WorkerDefaults[CreateInterfaceArgs]
	c   *iface.Pusher
	log *slog.Logger
}

func (w *createInterfaceWorker) Work(ctx context.Context, job *river.Job[CreateInterfaceArgs]) error {
	a := job.Args
	start := time.Now()
	res, err := w.c.CreateZabbixInterface(ctx, iface.Request{HostConfigID: a.HostConfigID, User: a.User, RequestID: requestID(a.RequestID, job.ID)})
	out := output{Message: res.Message, ZabbixHostID: res.HostConfig.HostID, HostConfigID: res.HostConfig.ID}
	return finish(ctx, w.log.With(slog.Int64("host_config_id", a.HostConfigID)), job.JobRow, start, out, err)
}

// requestID is the request ID of the event: the one enqueued, else the
// job's, so that the event log leads back to the job.
func requestID(given string, jobID int64) string {
	if given != "" {
		return given
	}
	return "river-job-" + strconv.FormatInt(jobID, 10)
}

// finish records the outcome of a run and tells River what to do with the
// job: complete it (nil), cancel it (river.JobCancel) or retry it later
// (the error).
func finish(ctx context.Context, log *slog.Logger, job *rivertype.JobRow, start time.Time, out output, err error) error {
	log = log.With(slog.Int64("job_id", job.ID), slog.String("kind", job.Kind), slog.Int("attempt", job.Attempt),
		slog.Duration("took", time.Since(start)))
	if err == nil {
		out.Result = "done"
		record(ctx, log, out)
		log.InfoContext(ctx, "job done", slog.String("message", out.Message), slog.String("zabbix_hostid", out.ZabbixHostID))
		return nil
	}
	v := classify(err)
	out.Result, out.Reason, out.Error = v.Action.String(), v.Reason, err.Error()
	switch v.Action {
	case done:
		record(ctx, log, out)
		log.InfoContext(ctx, "job done, nothing to change", slog.String("reason", v.Reason), slog.String("error", err.Error()))
		return nil
	case cancel:
		record(ctx, log, out)
		log.WarnContext(ctx, "job cancelled: bad input, not retried", slog.String("reason", v.Reason), slog.String("error", err.Error()))
		return river.JobCancel(err)
	}
	log.WarnContext(ctx, "job failed, River retries it", slog.String("reason", v.Reason), slog.String("error", err.Error()),
		slog.Int("max_attempts", job.MaxAttempts))
	return err
}

func record(ctx context.Context, log *slog.Logger, out output) {
	if err := river.RecordOutput(ctx, out); err != nil {
		log.WarnContext(ctx, "record job output", slog.String("error", err.Error()))
	}
}
