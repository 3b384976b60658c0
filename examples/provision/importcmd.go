package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/mappingfile"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
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
type settingsOutcome struct {
	res      provision.SettingsImport
	file     string          // --mappings: the mapping file
	mappings []store.Mapping // its mappings, as stored (as resolved, in a dry run)
}

// executeImportSettings runs ImportZabbixSettings and, with --mappings,
// resolves the mapping file against what it imported and puts its mappings
// in the store (not in a dry run). The file is read first, so that a
// mistake in it stops the run before anything is read or written.
func executeImportSettings(ctx context.Context, cfg config, p *provision.Provisioner, st store.Store, out *outcome) error {
	var specs []mapping.Spec
	if cfg.mappingFile != "" {
		var err error
		if specs, err = mappingfile.Load(cfg.mappingFile); err != nil {
			return err
		}
	}
	res, err := p.ImportZabbixSettings(ctx, cfg.user, out.requestID)
	if err != nil {
		return err
	}
	s := &settingsOutcome{res: res, file: cfg.mappingFile}
	out.report, out.message = s, res.Message
	if cfg.mappingFile == "" {
		return nil
	}
	if s.mappings, err = mappingfile.Resolve(ctx, st, cfg.mappingFile, specs); err != nil {
		return err
	}
	if cfg.dryRun {
		return nil
	}
	s.mappings, err = mappingfile.Apply(ctx, st, s.mappings)
	// A stored mapping the file replaced no longer names what it warned of.
	replaced := make(map[string]bool, len(s.mappings))
	for _, m := range s.mappings {
		replaced[string(m.ObjectType)+"\x00"+m.Name] = true
	}
	s.res.Stale = slices.DeleteFunc(s.res.Stale, func(r provision.StaleRef) bool {
		return replaced[string(r.ObjectType)+"\x00"+r.Mapping]
	})
	return err
}

func (s *settingsOutcome) failed() int { return 0 }

func (s *settingsOutcome) print(w io.Writer, dryRun bool) {
	for _, r := range s.res.Stale {
		fmt.Fprintf(w, "warning: %s: fix the mapping\n", r)
	}
	fmt.Fprintln(w, s.res.Message)
	if s.file == "" {
		return
	}
	for _, m := range s.mappings {
		fmt.Fprintf(w, "  %s mapping %q: %s\n", m.ObjectType.Label(), m.Name, describeMapping(m))
	}
	verb := "stored"
	if dryRun {
		verb = "resolved; not stored (dry run)"
	}
	fmt.Fprintf(w, "%d mappings of %s %s\n", len(s.mappings), s.file, verb)
}

// describeMapping says what a mapping gives its hosts, by ID and name.
func describeMapping(m store.Mapping) string {
	var parts []string
	if m.Default {
		parts = append(parts, "default")
	}
	for _, t := range m.Templates {
		parts = append(parts, fmt.Sprintf("template %s (%s)", t.TemplateID, t.Name))
	}
	for _, g := range m.HostGroups {
		parts = append(parts, fmt.Sprintf("host group %s (%s)", g.GroupID, g.Name))
	}
	for _, n := range m.HostGroupNames {
		parts = append(parts, fmt.Sprintf("host group %q", n))
	}
	if len(parts) == 0 {
		return "no templates or host groups"
	}
	return strings.Join(parts, ", ")
}

// jsonSettings is the report of "import-settings --json".
type jsonSettings struct {
	Templates   int             `json:"templates"`
	HostGroups  int             `json:"host_groups"`
	Proxies     int             `json:"proxies"`
	ProxyGroups int             `json:"proxy_groups"`
	Stale       []string        `json:"stale"`
	Mappings    []store.Mapping `json:"mappings,omitempty"` // --mappings: as stored (as resolved, in a dry run)
}

func (s *settingsOutcome) json(j *jsonOutput) {
	o := s.res.Objects
	out := jsonSettings{Templates: len(o.Templates), HostGroups: len(o.HostGroups), Proxies: len(o.Proxies), ProxyGroups: len(o.ProxyGroups),
		Stale: []string{}, Mappings: s.mappings}
	for _, r := range s.res.Stale {
		out.Stale = append(out.Stale, r.String())
	}
	j.Report = out
}
