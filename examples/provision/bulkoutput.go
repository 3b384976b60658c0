package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// jsonQuery is one selection of a bulk run.
type jsonQuery struct {
	Type   netbox.ObjectType `json:"type"`
	Filter string            `json:"filter,omitempty"`
	All    bool              `json:"all,omitempty"`
}

// jsonSummary counts a bulk run's objects.
type jsonSummary struct {
	Total              int     `json:"total"`
	Created            int     `json:"created"` // would be created, in a dry run
	Adopted            int     `json:"adopted"` // taken over from an interrupted run
	AlreadyProvisioned int     `json:"already_provisioned"`
	Failed             int     `json:"failed"`
	Seconds            float64 `json:"seconds"`
}

// jsonResult is one object of a bulk run.
type jsonResult struct {
	Object  netbox.Ref `json:"object"`
	OK      bool       `json:"ok"`
	Message string     `json:"message,omitempty"`
	HostID  string     `json:"hostid,omitempty"`
	Config  string     `json:"config,omitempty"`
	Mapping string     `json:"mapping,omitempty"`
	Plan    *jsonPlan  `json:"plan,omitempty"` // dry run only
	Error   *jsonError `json:"error,omitempty"`
}

// print writes the summary of a bulk run: a line per failure (each error
// names its object) and, in a dry run, a line per object that would be
// provisioned; then the counts. Objects already provisioned are counted,
// not listed.
func (b *bulkOutcome) print(w io.Writer, dryRun bool) {
	for _, r := range b.results {
		switch {
		case errors.Is(r.Err, provision.ErrAlreadyProvisioned):
		case r.Err != nil:
			fmt.Fprintln(w, r.Err)
		case dryRun:
			fmt.Fprintln(w, r.Result.Message)
		}
	}
	prefix, created := "", "created"
	if dryRun {
		prefix, created = "Dry run, nothing written: ", "would be created"
	}
	total := len(b.results)
	rate := 0.0
	if b.seconds > 0 {
		rate = float64(total) / b.seconds
	}
	fmt.Fprintf(w, "%s%d objects in %.2f s (%.0f objects/s): %d %s, %d taken over from an interrupted run, %d already provisioned, %d failed\n",
		prefix, total, b.seconds, rate, b.created, created, b.adopted, b.already, b.bad)
}

func (b *bulkOutcome) failed() int { return b.bad }

// json fills the bulk part of the JSON output.
func (b *bulkOutcome) json(j *jsonOutput) {
	j.Summary = &jsonSummary{Total: len(b.results), Created: b.created, Adopted: b.adopted,
		AlreadyProvisioned: b.already, Failed: b.bad, Seconds: b.seconds}
	j.Results = make([]jsonResult, len(b.results))
	for i, r := range b.results {
		jr := jsonResult{Object: r.Object, OK: r.Err == nil}
		if r.Err != nil {
			_, kind := classify(r.Err)
			jr.Error = &jsonError{Kind: kind, Message: r.Err.Error()}
		} else {
			jr.Message, jr.HostID, jr.Config, jr.Mapping = r.Result.Message, r.Result.HostConfig.HostID, r.Result.HostConfig.Name, r.Result.Mapping
			if j.DryRun {
				jr.Plan = newJSONPlan(r.Result.Plan)
			}
		}
		j.Results[i] = jr
	}
	j.OK = j.OK && b.bad == 0
}
