package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// reconcileOutcome is what "reconcile" did.
type reconcileOutcome struct {
	rep     provision.ReconcileReport
	seconds float64
}

// executeReconcile runs Reconcile on every host config, or on those of
// the objects the selection lists.
func executeReconcile(ctx context.Context, cfg config, p *provision.Provisioner, prog *progress, out *outcome) error {
	start := time.Now()
	rep, err := p.Reconcile(ctx, provision.ReconcileRequest{Select: cfg.selection(), User: cfg.user, RequestID: out.requestID,
		BatchSize: cfg.batch, DryRun: cfg.dryRun, DeleteOrphans: cfg.deleteOrphans, Progress: prog.update})
	prog.finish()
	if rep.Results == nil && err != nil {
		return err
	}
	out.report = &reconcileOutcome{rep: rep, seconds: time.Since(start).Seconds()}
	return err
}

func (r *reconcileOutcome) failed() int { return r.rep.Failed }

// print writes a line per object that is not in sync (updated, would be,
// failed, host missing, object gone), a line per orphan, and the counts.
func (r *reconcileOutcome) print(w io.Writer, dryRun bool) {
	for _, res := range r.rep.Results {
		switch {
		case res.Err != nil:
			fmt.Fprintln(w, res.Err)
		case res.State != provision.StateInSync:
			fmt.Fprintln(w, res.Message)
		}
		if dryRun && res.Plan != nil && res.Err == nil {
			for _, c := range res.Plan.Changes {
				fmt.Fprintf(w, "  %s\n", c)
			}
		}
	}
	if r.rep.OrphansErr != nil {
		fmt.Fprintf(w, "orphans not looked for: %v\n", r.rep.OrphansErr)
	}
	deleted := 0
	for _, o := range r.rep.Orphans {
		switch {
		case o.Deleted:
			deleted++
			fmt.Fprintf(w, "deleted orphan Zabbix host %s (%s)\n", o.Host.HostID, o.Host.Host)
		case o.Err != nil:
			fmt.Fprintln(w, o.Err)
		default:
			fmt.Fprintf(w, "orphan Zabbix host %s (%s): it carries the default tag and no host config links it\n", o.Host.HostID, o.Host.Host)
		}
	}
	updated := fmt.Sprintf("%d updated", r.rep.Updated)
	if dryRun {
		updated = fmt.Sprintf("%d would be updated (dry run, nothing written)", r.rep.Drifted)
	}
	fmt.Fprintf(w, "%d host configs in %.2f s: %d in sync, %s, %d with their Zabbix host missing, %d with their object gone from NetBox, %d failed; %d orphans, %d deleted\n",
		len(r.rep.Results), r.seconds, r.rep.InSync, updated, r.rep.HostMissing, r.rep.ObjectGone, r.rep.Failed, len(r.rep.Orphans), deleted)
}

// jsonReconcile is the report of "reconcile --json".
type jsonReconcile struct {
	InSync      int                  `json:"in_sync"`
	Updated     int                  `json:"updated"`
	Drifted     int                  `json:"drifted"` // a dry run's, or a failed update's
	HostMissing int                  `json:"host_missing"`
	ObjectGone  int                  `json:"object_gone"`
	Failed      int                  `json:"failed"`
	Seconds     float64              `json:"seconds"`
	Results     []jsonReconcileEntry `json:"results"`
	Orphans     []jsonOrphan         `json:"orphans"`
	OrphansErr  string               `json:"orphans_error,omitempty"`
}

type jsonReconcileEntry struct {
	Object  netbox.Ref      `json:"object"`
	Config  string          `json:"config"`
	HostID  string          `json:"hostid,omitempty"`
	State   provision.State `json:"state,omitempty"`
	Updated bool            `json:"updated"`
	Message string          `json:"message,omitempty"`
	Plan    *jsonPlan       `json:"plan,omitempty"`
	Error   *jsonError      `json:"error,omitempty"`
}

type jsonOrphan struct {
	HostID  string `json:"hostid"`
	Host    string `json:"host"`
	Deleted bool   `json:"deleted"`
	Error   string `json:"error,omitempty"`
}

func (r *reconcileOutcome) json(j *jsonOutput) {
	rep := r.rep
	out := jsonReconcile{InSync: rep.InSync, Updated: rep.Updated, Drifted: rep.Drifted, HostMissing: rep.HostMissing,
		ObjectGone: rep.ObjectGone, Failed: rep.Failed, Seconds: r.seconds, Results: []jsonReconcileEntry{}, Orphans: []jsonOrphan{}}
	for _, res := range rep.Results {
		e := jsonReconcileEntry{Object: res.Object, Config: res.HostConfig.Name, HostID: res.HostConfig.HostID, State: res.State,
			Updated: res.Updated, Message: res.Message, Plan: newJSONPlan(res.Plan)}
		if res.Err != nil {
			_, kind := classify(res.Err)
			e.Error = &jsonError{Kind: kind, Message: res.Err.Error()}
		}
		out.Results = append(out.Results, e)
	}
	for _, o := range rep.Orphans {
		jo := jsonOrphan{HostID: o.Host.HostID, Host: o.Host.Host, Deleted: o.Deleted}
		if o.Err != nil {
			jo.Error = o.Err.Error()
		}
		out.Orphans = append(out.Orphans, jo)
	}
	if rep.OrphansErr != nil {
		out.OrphansErr = rep.OrphansErr.Error()
	}
	j.Report = out
	j.OK = j.OK && rep.Failed == 0
}
