package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// importOutcome is what "import" did.
type importOutcome struct {
	rep     provision.ImportReport
	seconds float64
}

// executeImport runs ImportHost for one object, or ImportHosts for the
// objects the selection lists.
func executeImport(ctx context.Context, cfg config, p *provision.Provisioner, prog *progress, out *outcome) error {
	req := provision.ImportRequest{Select: cfg.selection(), HostIDField: cfg.hostIDField, User: cfg.user, RequestID: out.requestID,
		BatchSize: cfg.batch, DryRun: cfg.dryRun, Progress: prog.update}
	if len(req.Select) == 0 {
		req.Objects, req.Progress = []netbox.Ref{cfg.object}, nil
	}
	start := time.Now()
	rep, err := p.ImportHosts(ctx, req)
	prog.finish()
	if rep.Results == nil && err != nil {
		return err
	}
	if len(req.Select) == 0 {
		// One object: its outcome is the command's.
		res := rep.Results[0]
		if res.Err != nil {
			return res.Err
		}
		out.message, out.config = res.Message, res.HostConfig
		return err
	}
	out.report = &importOutcome{rep: rep, seconds: time.Since(start).Seconds()}
	return err
}

func (r *importOutcome) failed() int { return r.rep.Ambiguous + r.rep.NotFound + r.rep.Failed }

// print writes a line per object not left as it was (imported, or not),
// and the counts.
func (r *importOutcome) print(w io.Writer, dryRun bool) {
	for _, res := range r.rep.Results {
		switch {
		case res.Err != nil:
			fmt.Fprintln(w, res.Err)
		case !res.Existing:
			fmt.Fprintln(w, res.Message)
		}
	}
	imported := fmt.Sprintf("%d imported", r.rep.Imported)
	if dryRun {
		imported = fmt.Sprintf("%d would be imported (dry run, nothing written)", r.rep.Imported)
	}
	fmt.Fprintf(w, "%d objects in %.2f s: %s, %d had a host config, %d with no matching Zabbix host, %d ambiguous, %d failed\n",
		len(r.rep.Results), r.seconds, imported, r.rep.Existing, r.rep.NotFound, r.rep.Ambiguous, r.rep.Failed)
}

// jsonImport is the report of "import --json" for many objects.
type jsonImport struct {
	Imported  int               `json:"imported"` // would be, in a dry run
	Existing  int               `json:"existing"`
	NotFound  int               `json:"not_found"`
	Ambiguous int               `json:"ambiguous"`
	Failed    int               `json:"failed"`
	Seconds   float64           `json:"seconds"`
	Results   []jsonImportEntry `json:"results"`
}

type jsonImportEntry struct {
	Object   netbox.Ref `json:"object"`
	Imported bool       `json:"imported"`
	Existing bool       `json:"existing"`
	Rule     string     `json:"rule,omitempty"`
	Config   string     `json:"config,omitempty"`
	HostID   string     `json:"hostid,omitempty"`
	Message  string     `json:"message,omitempty"`
	Error    *jsonError `json:"error,omitempty"`
}

func (r *importOutcome) json(j *jsonOutput) {
	rep := r.rep
	out := jsonImport{Imported: rep.Imported, Existing: rep.Existing, NotFound: rep.NotFound, Ambiguous: rep.Ambiguous,
		Failed: rep.Failed, Seconds: r.seconds, Results: []jsonImportEntry{}}
	for _, res := range rep.Results {
		e := jsonImportEntry{Object: res.Object, Imported: res.Imported, Existing: res.Existing, Rule: string(res.Rule),
			Config: res.HostConfig.Name, HostID: res.HostConfig.HostID, Message: res.Message}
		if res.Err != nil {
			_, kind := classify(res.Err)
			e.Error = &jsonError{Kind: kind, Message: res.Err.Error()}
		}
		out.Results = append(out.Results, e)
	}
	j.Report = out
	j.OK = j.OK && r.failed() == 0
}

// settingsOutcome is what "import-settings" did.
type settingsOutcome struct{ res provision.SettingsImport }

// executeImportSettings runs ImportZabbixSettings.
func executeImportSettings(ctx context.Context, cfg config, p *provision.Provisioner, out *outcome) error {
	res, err := p.ImportZabbixSettings(ctx, cfg.user, out.requestID)
	if err != nil {
		return err
	}
	out.report, out.message = &settingsOutcome{res: res}, res.Message
	return nil
}

func (s *settingsOutcome) failed() int { return 0 }

func (s *settingsOutcome) print(w io.Writer, _ bool) {
	for _, r := range s.res.Stale {
		fmt.Fprintf(w, "warning: %s: fix the mapping\n", r)
	}
	fmt.Fprintln(w, s.res.Message)
}

// jsonSettings is the report of "import-settings --json".
type jsonSettings struct {
	Templates   int      `json:"templates"`
	HostGroups  int      `json:"host_groups"`
	Proxies     int      `json:"proxies"`
	ProxyGroups int      `json:"proxy_groups"`
	Stale       []string `json:"stale"`
}

func (s *settingsOutcome) json(j *jsonOutput) {
	o := s.res.Objects
	out := jsonSettings{Templates: len(o.Templates), HostGroups: len(o.HostGroups), Proxies: len(o.Proxies), ProxyGroups: len(o.ProxyGroups), Stale: []string{}}
	for _, r := range s.res.Stale {
		out.Stale = append(out.Stale, r.String())
	}
	j.Report = out
}
