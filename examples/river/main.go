package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/examples/internal/decimalid"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

const usage = `usage: river <command> [flags]

  migrate [--default-group ID]
      create or upgrade River's tables, the store's and the schedules table;
      with --default-group, add default device and VM mappings (Zabbix host
      group ID) when the store has none
  worker [--workers N] [--id NAME] [--schedule-sync D] [--stop-timeout D]
         [--reconcile-every D] [--reconcile-chunk N] [--reconcile-workers N]
      work jobs until SIGINT or SIGTERM; with --reconcile-every, the elected
      leader enqueues a reconcile of every host config at that interval
  enqueue agent (--device ID | --vm ID) [--at RFC3339 | --every D] [--user U] [--request-id R]
  enqueue interface --config ID [--at RFC3339 | --every D] [--user U] [--request-id R]
      insert a ProvisionAgent or CreateZabbixInterface job: now, at a time,
      or now and then every D (a schedule the workers keep)
  unschedule agent (--device ID | --vm ID)
  unschedule interface --config ID
      remove a schedule
  reconcile [--chunk-size N] [--user U] [--request-id R]
      enqueue a reconcile of every host config now: one job lists them and
      enqueues a chunk job per N (default 1000), which the workers share

IDs are decimal (010 is 10); signs, spaces, underscores and 0x/0o/0b are
refused. Every command takes --log-level (debug, info, warn, error).
Environment: DATABASE_URL (or POSTGRES_DSN); the worker also NETBOX_URL,
NETBOX_TOKEN, ZABBIX_URL (the api_jsonrpc.php URL) and ZABBIX_TOKEN.
`

// errUsage reports a command line that cannot be run; the usage was printed.
var errUsage = errors.New("bad usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "river:", err)
		os.Exit(1)
	}
}

// run runs the command args name, reading the environment through getenv.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	e := &cli{getenv: getenv, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "migrate":
		return e.migrate(ctx, args[1:])
	case "worker":
		return e.worker(ctx, args[1:])
	case "enqueue":
		return e.enqueue(ctx, args[1:])
	case "unschedule":
		return e.unschedule(ctx, args[1:])
	case "reconcile":
		return e.reconcile(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "river: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

// cli is what every command works with.
type cli struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	logLevel       slog.Level
	log            *slog.Logger
}

// flags returns a flag set for the command, with --log-level.
func (e *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("river "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.TextVar(&e.logLevel, "log-level", slog.LevelInfo, "log level: debug, info, warn or error")
	return fs
}

// parse parses args into fs and sets up the logger.
func (e *cli) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "river: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: e.logLevel}))
	return nil
}

// open connects to the database of DATABASE_URL (or POSTGRES_DSN).
func (e *cli) open(ctx context.Context, workers int) (*database, error) {
	dsn := cmp.Or(e.getenv("DATABASE_URL"), e.getenv("POSTGRES_DSN"))
	if dsn == "" {
		return nil, errors.New("set DATABASE_URL (or POSTGRES_DSN) to the PostgreSQL database, e.g. postgres://user:password@host:5432/db")
	}
	return openDatabase(ctx, dsn, workers)
}

func (e *cli) migrate(ctx context.Context, args []string) error {
	fs := e.flags("migrate")
	group := fs.String("default-group", "", "Zabbix host group ID for default mappings, added when the store has none")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	d, err := e.open(ctx, 1)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := migrate(ctx, d, e.log, *group); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "migrated", describeDSN(d.pool.Config().ConnString()))
	return nil
}

func (e *cli) worker(ctx context.Context, args []string) error {
	fs := e.flags("worker")
	cfg := workerConfig{NetBoxToken: e.getenv("NETBOX_TOKEN"), ZabbixToken: e.getenv("ZABBIX_TOKEN")}
	fs.StringVar(&cfg.NetBoxURL, "netbox-url", e.getenv("NETBOX_URL"), "NetBox base URL (default $NETBOX_URL)")
	fs.StringVar(&cfg.ZabbixURL, "zabbix-url", e.getenv("ZABBIX_URL"), "Zabbix api_jsonrpc.php URL (default $ZABBIX_URL)")
	fs.IntVar(&cfg.Workers, "workers", 10, "jobs worked at once by this process (River's MaxWorkers)")
	fs.StringVar(&cfg.ID, "id", "", "River client ID, unique among running workers (default: River's, from the host name and time)")
	fs.DurationVar(&cfg.ScheduleSync, "schedule-sync", 10*time.Second, "how often to re-read the schedules")
	fs.DurationVar(&cfg.StopTimeout, "stop-timeout", 30*time.Second, "on SIGINT/SIGTERM, how long running jobs may finish before they are cancelled")
	fs.DurationVar(&cfg.ReconcileEvery, "reconcile-every", 0, "reconcile every host config at this interval, enqueued by the leader (0: never); give every worker the same")
	fs.IntVar(&cfg.ReconcileChunk, "reconcile-chunk", DefaultChunkSize, "objects per chunk job of the periodic reconcile")
	fs.IntVar(&cfg.ReconcileWorkers, "reconcile-workers", 1, "reconcile jobs (fan-outs and chunks) worked at once by this process, apart from --workers")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	d, err := e.open(ctx, cfg.Workers+cfg.ReconcileWorkers)
	if err != nil {
		return err
	}
	defer d.Close()
	return runWorker(ctx, d, e.log, cfg)
}

// target is the object of an enqueue or unschedule command.
type target struct {
	args river.JobArgs
	id   string // the schedule's ID: "agent:dcim.device:42", "interface:17"
	what string // "device 42", "host config 17"
}

// targetFlags adds the flags naming the object of kind ("agent" or
// "interface") and returns the function that reads them after parsing.
func targetFlags(fs *flag.FlagSet, kind string) func() (target, error) {
	switch kind {
	case "agent":
		var device, vm decimalid.Flag // decimal only: never 010 as 8 or 0x10 as 16
		fs.Var(&device, "device", "NetBox device ID (decimal)")
		fs.Var(&vm, "vm", "NetBox virtual machine ID (decimal)")
		user := fs.String("user", "river", "who asks, for the event log")
		reqID := fs.String("request-id", "", "request ID for the event log (default: the job's ID)")
		return func() (target, error) {
			var obj netbox.Ref
			switch {
			case device.IsSet == vm.IsSet:
				return target{}, errors.New("enqueue agent: give one of --device ID or --vm ID")
			case device.IsSet:
				obj = netbox.DeviceRef(device.ID)
			default:
				obj = netbox.VMRef(vm.ID)
			}
			return target{
				args: ProvisionAgentArgs{ObjectType: obj.Type, ObjectID: obj.ID, User: *user, RequestID: *reqID},
				id:   "agent:" + string(obj.Type) + ":" + strconv.FormatInt(obj.ID, 10),
				what: obj.String(),
			}, nil
		}
	case "interface":
		var config decimalid.Flag
		fs.Var(&config, "config", "host config ID (the store's; decimal)")
		user := fs.String("user", "river", "who asks, for the event log")
		reqID := fs.String("request-id", "", "request ID for the event log (default: the job's ID)")
		return func() (target, error) {
			if !config.IsSet {
				return target{}, errors.New("enqueue interface: give --config ID")
			}
			return target{
				args: CreateInterfaceArgs{HostConfigID: config.ID, User: *user, RequestID: *reqID},
				id:   "interface:" + strconv.FormatInt(config.ID, 10),
				what: "host config " + strconv.FormatInt(config.ID, 10),
			}, nil
		}
	}
	return nil
}

func (e *cli) enqueue(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "agent" && args[0] != "interface") {
		fmt.Fprint(e.stderr, "river: enqueue agent or enqueue interface?\n\n"+usage)
		return errUsage
	}
	fs := e.flags("enqueue " + args[0])
	get := targetFlags(fs, args[0])
	at := fs.String("at", "", "run at this time (RFC 3339, e.g. 2030-01-02T15:04:05Z) instead of now")
	every := fs.Duration("every", 0, "run now and then at this interval (e.g. 15m), on the leader worker")
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	t, err := get()
	if err != nil {
		return err
	}
	opts := &river.InsertOpts{}
	switch {
	case *at != "" && *every != 0:
		return errors.New("enqueue: --at and --every do not go together")
	case *at != "":
		if opts.ScheduledAt, err = time.Parse(time.RFC3339, *at); err != nil {
			return fmt.Errorf("--at: %w", err)
		}
	case *every < 0 || *every > 0 && *every < minEvery:
		return fmt.Errorf("--every %s: the shortest interval is %s", *every, minEvery)
	}
	d, err := e.open(ctx, 1)
	if err != nil {
		return err
	}
	defer d.Close()
	if *every > 0 {
		if err := saveSchedule(ctx, d.pool, t.id, t.args, *every); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "schedule %s: %s every %s, on the leader worker (workers read schedules every --schedule-sync)\n", t.id, t.what, *every)
	}
	client, err := newInserter(d, e.log)
	if err != nil {
		return err
	}
	res, err := client.Insert(ctx, t.args, opts)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, describeInsert(t, res))
	return nil
}

// describeInsert says what an insert did.
func describeInsert(t target, res *rivertype.JobInsertResult) string {
	j := res.Job
	state := string(j.State)
	if j.State == rivertype.JobStateScheduled || j.State == rivertype.JobStateRetryable {
		state += " for " + j.ScheduledAt.Format(time.RFC3339)
	}
	if res.UniqueSkippedAsDuplicate {
		return fmt.Sprintf("not enqueued: job %d for %s is already pending (%s)", j.ID, t.what, state)
	}
	return fmt.Sprintf("enqueued job %d: %s %s (%s)", j.ID, j.Kind, t.what, state)
}

func (e *cli) unschedule(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "agent" && args[0] != "interface") {
		fmt.Fprint(e.stderr, "river: unschedule agent or unschedule interface?\n\n"+usage)
		return errUsage
	}
	fs := e.flags("unschedule " + args[0])
	get := targetFlags(fs, args[0])
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	t, err := get()
	if err != nil {
		return err
	}
	d, err := e.open(ctx, 1)
	if err != nil {
		return err
	}
	defer d.Close()
	found, err := deleteSchedule(ctx, d.pool, t.id)
	switch {
	case err != nil:
		return err
	case !found:
		return fmt.Errorf("no schedule %s", t.id)
	}
	fmt.Fprintf(e.stdout, "schedule %s removed (workers drop it within --schedule-sync; jobs already enqueued stay)\n", t.id)
	return nil
}

func (e *cli) reconcile(ctx context.Context, args []string) error {
	fs := e.flags("reconcile")
	size := fs.Int("chunk-size", DefaultChunkSize, "objects per chunk job")
	user := fs.String("user", "river", "who asks, for the event log")
	reqID := fs.String("request-id", "", "request ID for the event log (default: the fan-out job's)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *size < 1 || *size > maxChunkSize {
		return fmt.Errorf("reconcile: --chunk-size %d: give 1 to %d objects", *size, maxChunkSize)
	}
	d, err := e.open(ctx, 1)
	if err != nil {
		return err
	}
	defer d.Close()
	client, err := newInserter(d, e.log)
	if err != nil {
		return err
	}
	res, err := client.Insert(ctx, ReconcileArgs{ChunkSize: *size, User: *user, RequestID: *reqID}, nil)
	if err != nil {
		return fmt.Errorf("reconcile: enqueue the fan-out job: %w", err)
	}
	fmt.Fprintln(e.stdout, describeInsert(target{what: "every host config"}, res))
	return nil
}
