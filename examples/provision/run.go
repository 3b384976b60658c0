package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"

	"github.com/nbzbx/netbox-zabbix/examples/internal/storeflag"
	"github.com/nbzbx/netbox-zabbix/iface"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
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
	out.err = execute(ctx, cfg, log, &out)
	return out.print(stdout, stderr)
}

// execute connects to the backends and runs the command, filling out.
func execute(ctx context.Context, cfg config, log *slog.Logger, out *outcome) error {
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

	if cfg.command == "interface" {
		c, err := iface.New(iface.Config{Zabbix: zbx, Store: st, Logger: log})
		if err != nil {
			return err
		}
		res, err := c.CreateZabbixInterface(ctx, iface.Request{HostConfigID: cfg.configID,
			User: cfg.user, RequestID: out.requestID, DryRun: cfg.dryRun})
		if err == nil {
			out.fromInterface(res)
		}
		return err
	}

	nb, err := netbox.New(netbox.Config{URL: cfg.netboxURL, Token: cfg.netboxToken, Logger: log})
	if err != nil {
		return usagef("%v", err)
	}
	p, err := provision.New(provision.Config{NetBox: nb, Zabbix: zbx, Store: st, Logger: log})
	if err != nil {
		return err
	}
	res, err := p.ProvisionAgent(ctx, provision.Request{Object: cfg.object,
		User: cfg.user, RequestID: out.requestID, DryRun: cfg.dryRun})
	if err == nil {
		out.fromAgent(res)
	}
	return err
}
