package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// run is the whole program: it parses args and env, runs the command,
// prints the outcome on stdout and diagnostics on stderr, and returns the
// exit status.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, env)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if err != nil {
		// With --json, scripts get the JSON error they expect even now.
		o := outcome{cfg: config{json: slices.Contains(args, "--json") || slices.Contains(args, "-json")}, err: err}
		if len(args) > 0 {
			o.cfg.command = args[0]
		}
		code := o.print(stdout, stderr)
		fmt.Fprint(stderr, "\n", usage)
		return code
	}

	// Diagnostics only with -v: without it, stderr holds just the error.
	log := slog.New(slog.DiscardHandler)
	if cfg.verbose {
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	out := outcome{cfg: cfg, requestID: "cli-" + rand.Text()[:12]}
	out.err = execute(ctx, cfg, log, newProgress(stderr, isTerminal(stderr), time.Now), &out)
	return out.print(stdout, stderr)
}

// isTerminal reports whether w is a terminal, where progress is drawn as
// a bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// execute connects to the backends and runs the command, filling out.
func execute(ctx context.Context, cfg config, log *slog.Logger, prog *progress, out *outcome) error {
	st, db, err := storeflag.Open(ctx, cfg.store, log)
	if errors.Is(err, storeflag.ErrBadSpec) {
		return usagef("--%v", err)
	}
	if err != nil {
		return err
	}
	defer db.Close()

	zbx, err := zabbix.New(zabbix.Config{URL: cfg.zabbixURL, Token: zabbix.Secret(cfg.zabbixToken), Logger: log})
	if err != nil {
		return usagef("%v", err)
	}
	log.Debug("configured", "command", cfg.command, "store", storeflag.Kind(cfg.store), "zabbix", cfg.zabbixURL, "dry_run", cfg.dryRun)

	if commands[cfg.command].target == oneConfig {
		return executeConfig(ctx, cfg, iface.Config{Zabbix: zbx, Store: st, Logger: log}, out)
	}
	nb, err := netbox.New(netbox.Config{URL: cfg.netboxURL, Token: cfg.netboxToken, Logger: log})
	if err != nil {
		return usagef("%v", err)
	}
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st, Logger: log})
	if err != nil {
		return err
	}
	switch {
	case cfg.command == "reconcile":
		return executeReconcile(ctx, cfg, p, prog, out)
	case cfg.command == "import-settings":
		return executeImportSettings(ctx, cfg, p, st, out)
	case cfg.command == "import":
		return executeImport(ctx, cfg, p, prog, out)
	case len(cfg.selection()) > 0:
		return executeBulk(ctx, cfg, p, prog, out)
	}
	req := provision.Request{Object: cfg.object, User: cfg.user, RequestID: out.requestID, DryRun: cfg.dryRun}
	if cfg.command == "validate" {
		v, err := p.ValidateHost(ctx, req)
		if err == nil {
			out.fromValidation(v)
		}
		return err
	}
	run := map[string]func(context.Context, provision.Request) (provision.Result, error){
		"agent": p.ProvisionAgent, "snmp": p.ProvisionSNMP, "update": p.UpdateZabbixHost, "delete": p.DeleteZabbixHost,
	}[cfg.command]
	res, err := run(ctx, req)
	if err == nil {
		out.fromHost(res)
	}
	return err
}

// executeConfig runs a command on a host config's interfaces.
func executeConfig(ctx context.Context, cfg config, icfg iface.Config, out *outcome) error {
	c, err := iface.New(icfg)
	if err != nil {
		return err
	}
	if cfg.command == "interface" {
		res, err := c.CreateZabbixInterface(ctx, iface.Request{HostConfigID: cfg.configID,
			User: cfg.user, RequestID: out.requestID, DryRun: cfg.dryRun})
		if err == nil {
			out.fromInterface(res)
		}
		return err
	}
	req := iface.UpdateRequest{HostConfigID: cfg.configID, User: cfg.user, RequestID: out.requestID, DryRun: cfg.dryRun}
	if len(cfg.remove) > 0 {
		hc, err := icfg.Store.HostConfig(ctx, cfg.configID)
		if err != nil {
			return fmt.Errorf("read host config %d: %w", cfg.configID, err)
		}
		for _, in := range hc.Interfaces {
			if !slices.Contains(cfg.remove, in.Name) {
				req.Interfaces = append(req.Interfaces, in)
			}
		}
		if len(req.Interfaces) == len(hc.Interfaces) {
			return usagef("update-interface: host config %s has no interface named %s", hc.Name, strings.Join(cfg.remove, " or "))
		}
		if req.Interfaces == nil {
			req.Interfaces = []store.Interface{}
		}
	}
	res, err := c.UpdateZabbixInterface(ctx, req)
	if err == nil {
		out.fromInterface(res)
	}
	return err
}
