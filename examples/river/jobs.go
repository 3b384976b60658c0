package main

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/examples/internal/verdict"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// The job arguments live in examples/internal/riverjobs, shared with the
// webhook receiver's durable mode, which inserts them.
type (
	// ProvisionAgentArgs asks for ProvisionAgent on one device or VM.
	ProvisionAgentArgs = riverjobs.ProvisionAgentArgs
	// CreateInterfaceArgs asks for CreateZabbixInterface on one host config.
	CreateInterfaceArgs = riverjobs.CreateInterfaceArgs
)

// Job kinds, as stored in river_job.kind.
const (
	kindProvisionAgent  = riverjobs.KindProvisionAgent
	kindCreateInterface = riverjobs.KindCreateInterface
)

// output is what a job records (river.RecordOutput, in its metadata under
// "output").
type output struct {
	Result       string `json:"result"`       // "done", "unchanged" or "cancelled"
	Op           string `json:"op,omitempty"` // the operation a change job ran
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
	v := verdict.Of(err)
	out.Result, out.Reason, out.Error = v.Action.String(), v.Reason, err.Error()
	switch v.Action {
	case verdict.Done:
		record(ctx, log, out)
		log.InfoContext(ctx, "job done, nothing to change", slog.String("reason", v.Reason), slog.String("error", err.Error()))
		return nil
	case verdict.Cancel:
		record(ctx, log, out)
		log.WarnContext(ctx, "job cancelled: bad input, not retried", slog.String("reason", v.Reason), slog.String("error", err.Error()))
		return river.JobCancel(err)
	}
	log.WarnContext(ctx, "job failed, River retries it", slog.String("reason", v.Reason), slog.String("error", err.Error()),
		slog.Int("max_attempts", job.MaxAttempts))
	return err
}

func record(ctx context.Context, log *slog.Logger, out any) {
	if err := river.RecordOutput(ctx, out); err != nil {
		log.WarnContext(ctx, "record job output", slog.String("error", err.Error()))
	}
}
