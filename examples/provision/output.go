package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// outcome is what a run did, to print as a summary or as JSON.
type outcome struct {
	cfg       config
	requestID string
	err       error

	message  string
	created  bool
	mapping  string
	linked   []string
	config   store.HostConfig
	plan     *provision.Plan
	state    provision.State // validate
	eventErr error
	report   report // agent in bulk, reconcile, import, import-settings
}

// report is the outcome of a command over many objects (or over none):
// it prints itself and fills in the JSON output.
type report interface {
	print(w io.Writer, dryRun bool)
	json(j *jsonOutput)
	failed() int // how many objects failed: exit 8 when any did
}

func (o *outcome) fromHost(res provision.Result) {
	o.message, o.created, o.mapping = res.Message, res.Created, res.Mapping
	o.config, o.plan = res.HostConfig, res.Plan
	o.eventErr = res.EventErr
}

func (o *outcome) fromValidation(v provision.Validation) {
	o.message, o.state, o.config, o.plan = v.Message, v.State, v.HostConfig, v.Plan
}

func (o *outcome) fromInterface(res iface.Result) {
	o.message, o.linked = res.Message, res.Linked
	o.config, o.plan = res.HostConfig, res.Plan
	o.eventErr = res.EventErr
}

// print writes the outcome (a summary, or JSON with --json) to stdout, the
// error to stderr, and returns the exit status.
func (o *outcome) print(stdout, stderr io.Writer) int {
	code, kind := classify(o.err)
	if o.err == nil && o.state != "" && o.state != provision.StateInSync {
		code = exitNotInSync
	}
	if o.err == nil && o.report != nil && o.report.failed() > 0 {
		code = exitSomeFailed
	}
	if msg := fmt.Sprint(o.err); o.err != nil {
		if !strings.HasPrefix(msg, "provision: ") { // the library's errors name themselves
			msg = "provision: " + msg
		}
		fmt.Fprintln(stderr, msg)
	}
	if o.eventErr != nil {
		fmt.Fprintf(stderr, "provision: warning: the run succeeded but its event was not recorded: %v\n", o.eventErr)
	}
	if o.cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(o.jsonOutput(code, kind)); err != nil {
			fmt.Fprintf(stderr, "provision: write JSON: %v\n", err)
			return exitOther
		}
		return code
	}
	if o.report != nil {
		o.report.print(stdout, o.cfg.dryRun)
		return code
	}
	if o.err != nil {
		return code
	}
	fmt.Fprintln(stdout, o.message)
	if o.state != "" {
		fmt.Fprintf(stdout, "state: %s\n", o.state)
	}
	switch {
	case o.plan != nil && (o.cfg.dryRun || o.state != ""):
		fmt.Fprintf(stdout, "action: %s\n", o.plan.Action)
		for _, c := range o.plan.Changes {
			fmt.Fprintln(stdout, c) // field: "before" -> "after"
		}
	case o.config.HostID != "":
		fmt.Fprintf(stdout, "Zabbix host %s, host config %s (ID %d)\n", o.config.HostID, o.config.Name, o.config.ID)
	}
	return code
}

// jsonOutput is the one JSON object --json prints. Secrets in the config
// and the payload are zabbix.Secret values, which encode as "[redacted]".
type jsonOutput struct {
	OK        bool              `json:"ok"`
	Command   string            `json:"command"`
	Object    *netbox.Ref       `json:"object,omitempty"`
	ConfigID  int64             `json:"config_id,omitempty"`
	DryRun    bool              `json:"dry_run"`
	RequestID string            `json:"request_id"`
	Message   string            `json:"message,omitempty"`
	HostID    string            `json:"hostid,omitempty"`
	Created   bool              `json:"created,omitempty"`
	Mapping   string            `json:"mapping,omitempty"`
	State     provision.State   `json:"state,omitempty"`
	Linked    []string          `json:"linked,omitempty"`
	Config    *store.HostConfig `json:"config,omitempty"`
	Plan      *jsonPlan         `json:"plan,omitempty"`
	Error     *jsonError        `json:"error,omitempty"`
	ExitCode  int               `json:"exit_code"`

	// agent in bulk
	Select  []jsonQuery  `json:"select,omitempty"`
	Summary *jsonSummary `json:"summary,omitempty"`
	Results []jsonResult `json:"results,omitempty"`

	// reconcile, import, import-settings: the command's own report
	Report any `json:"report,omitempty"`
}

type jsonPlan struct {
	Action  string             `json:"action"`
	Changes []jsonChange       `json:"changes"`
	Create  *zabbix.Host       `json:"create,omitempty"` // the host.create
	Update  *zabbix.HostUpdate `json:"update,omitempty"` // or the host.update
	Current *zabbix.Host       `json:"current"`          // null when there is no host yet
}

type jsonChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

type jsonError struct {
	Kind    string `json:"kind"` // usage, invalid, not_found, remote, already_provisioned, undo_failed, canceled, other
	Message string `json:"message"`
}

func (o *outcome) jsonOutput(code int, kind string) jsonOutput {
	j := jsonOutput{OK: o.err == nil, Command: o.cfg.command, DryRun: o.cfg.dryRun, RequestID: o.requestID, ExitCode: code}
	for _, q := range o.cfg.selection() {
		j.Select = append(j.Select, jsonQuery{Type: q.Type, Filter: q.Filter, All: q.All})
	}
	if o.report != nil {
		o.report.json(&j)
	}
	if o.cfg.object.ID != 0 {
		obj := o.cfg.object
		j.Object = &obj
	}
	j.ConfigID = o.cfg.configID
	if o.err != nil {
		j.Error = &jsonError{Kind: kind, Message: o.err.Error()}
		return j
	}
	j.Message, j.Created, j.Mapping, j.Linked, j.State = o.message, o.created, o.mapping, o.linked, o.state
	j.HostID = o.config.HostID
	if o.config.Name != "" {
		hc := o.config
		j.Config = &hc
	}
	j.Plan = newJSONPlan(o.plan)
	return j
}

// newJSONPlan is plan as JSON; nil for nil.
func newJSONPlan(plan *provision.Plan) *jsonPlan {
	if plan == nil {
		return nil
	}
	j := &jsonPlan{Action: string(plan.Action), Create: plan.Create, Update: plan.Update, Current: plan.Current, Changes: []jsonChange{}}
	for _, c := range plan.Changes {
		j.Changes = append(j.Changes, jsonChange(c))
	}
	return j
}
