package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/examples/internal/decimalid"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// config is one invocation: the command, its target and where the
// backends are.
type config struct {
	command  string     // see commands
	object   netbox.Ref // object commands: the device or VM
	configID int64      // config commands: the host config
	remove   []string   // update-interface: the interfaces to remove, by name

	// agent in bulk: the objects NetBox lists (see config.selection)
	filter   string // devices matching this NetBox query string
	vmFilter string // virtual machines matching this one
	all      bool   // every device and virtual machine
	batch    int    // hosts per host.create; 0: the library's default

	dryRun  bool
	json    bool
	verbose bool
	user    string
	timeout time.Duration

	netboxURL, netboxToken string
	zabbixURL, zabbixToken string
	store                  string // sqlite:PATH or postgres:DSN
}

// usageError is a mistake in the command line or the environment: exit 2,
// nothing was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp asks for the usage text and exit status 0.
var errHelp = errors.New("help requested")

// commands are the commands and what they run; object commands take
// --device or --vm, the others --config.
var commands = map[string]struct {
	object bool
	op     string
}{
	"agent":            {true, "ProvisionAgent"},
	"snmp":             {true, "ProvisionSNMP"},
	"update":           {true, "UpdateZabbixHost"},
	"validate":         {true, "ValidateHost"},
	"delete":           {true, "DeleteZabbixHost"},
	"interface":        {false, "CreateZabbixInterface"},
	"update-interface": {false, "UpdateZabbixInterface"},
}

const usage = `usage:
  provision agent (--device ID | --vm ID) [flags]    give the object a Zabbix host with an agent interface (ProvisionAgent)
  provision agent (--filter Q | --vm-filter Q | --all) [--batch N] [flags]
                                                     the same for every device matching the NetBox query string Q
                                                     (e.g. 'site=dc1&tag=monitored'), every VM matching --vm-filter,
                                                     or every device and VM (ProvisionAgents)
  provision snmp (--device ID | --vm ID) [flags]     the same with an SNMP interface (ProvisionSNMP)
  provision update (--device ID | --vm ID) [flags]   bring its Zabbix host in line with NetBox (UpdateZabbixHost)
  provision validate (--device ID | --vm ID) [flags] compare its Zabbix host with NetBox; write nothing (ValidateHost)
  provision delete (--device ID | --vm ID) [flags]   delete or archive its Zabbix host, as the settings say (DeleteZabbixHost)
  provision interface --config ID [flags]            push the config's missing interfaces (CreateZabbixInterface)
  provision update-interface --config ID [--remove NAME]... [flags]
                                                     push the config's interfaces, changed ones in place, without
                                                     the ones named (UpdateZabbixInterface)

IDs are decimal (010 is 10); signs, spaces, underscores and 0x/0o/0b are refused.

flags (after the command):
  --dry-run          print what would change in Zabbix; write nothing
  --json             print one JSON object instead of the summary
  --store WHERE      sqlite:PATH or postgres:DSN (env STORE)
  --netbox-url URL   NetBox base URL (env NETBOX_URL; object commands only)
  --zabbix-url URL   api_jsonrpc.php URL (env ZABBIX_URL)
  --user NAME        who asks, for the event log (env USER; default "provision")
  --timeout D        give up after D (default 2m)
  -v                 debug logs on stderr

environment: NETBOX_TOKEN (object commands only) and ZABBIX_TOKEN hold the API tokens.
exit status: 0 ok, 1 other failure, 2 bad input, 3 not found, 4 NetBox or Zabbix failed, 5 already provisioned,
  6 store failed (cannot be opened or reached, or refused a statement), 7 validate: not in sync,
  8 agent in bulk: some objects failed (each is listed)
`

// parseConfig reads the command line and the environment.
func parseConfig(args []string, env func(string) string) (config, error) {
	if len(args) == 0 {
		return config{}, usagef("no command given")
	}
	cfg := config{command: args[0]}
	cmd, known := commands[cfg.command]
	switch {
	case known:
	case cfg.command == "help" || cfg.command == "-h" || cfg.command == "-help" || cfg.command == "--help":
		return config{}, errHelp
	default:
		return config{}, usagef("unknown command %q: want agent, snmp, update, validate, delete, interface or update-interface", args[0])
	}

	fs := flag.NewFlagSet("provision "+cfg.command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)                // run prints the usage once, with the error
	var device, vm, configID decimalid.Flag // decimal only: never 010 as 8 or 0x10 as 16
	if cmd.object {
		fs.Var(&device, "device", "NetBox device ID")
		fs.Var(&vm, "vm", "NetBox virtual machine ID")
	} else {
		fs.Var(&configID, "config", "host config ID")
	}
	if cfg.command == "agent" {
		fs.StringVar(&cfg.filter, "filter", "", "")
		fs.StringVar(&cfg.vmFilter, "vm-filter", "", "")
		fs.BoolVar(&cfg.all, "all", false, "")
		fs.IntVar(&cfg.batch, "batch", 0, "")
	}
	if cfg.command == "update-interface" {
		fs.Func("remove", "interface to remove, by name", func(name string) error {
			cfg.remove = append(cfg.remove, name)
			return nil
		})
	}
	fs.BoolVar(&cfg.dryRun, "dry-run", false, "")
	fs.BoolVar(&cfg.json, "json", false, "")
	fs.BoolVar(&cfg.verbose, "v", false, "")
	fs.StringVar(&cfg.store, "store", env("STORE"), "")
	fs.StringVar(&cfg.netboxURL, "netbox-url", env("NETBOX_URL"), "")
	fs.StringVar(&cfg.zabbixURL, "zabbix-url", env("ZABBIX_URL"), "")
	fs.StringVar(&cfg.user, "user", cmp.Or(env("USER"), "provision"), "")
	fs.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, errHelp
		}
		return config{}, usagef("%s", err)
	}
	if fs.NArg() > 0 {
		return config{}, usagef("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{} // the flags given
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	bulk := set["filter"] || set["vm-filter"] || set["all"]
	switch {
	case bulk && (set["device"] || set["vm"]):
		return config{}, usagef("agent: give --device or --vm for one object, or --filter, --vm-filter or --all for many, not both")
	case cfg.all && (set["filter"] || set["vm-filter"]):
		return config{}, usagef("agent: --all selects every device and VM; it cannot be combined with --filter or --vm-filter")
	case set["filter"] && cfg.filter == "", set["vm-filter"] && cfg.vmFilter == "":
		return config{}, usagef("agent: an empty filter selects nothing; use --all for every object")
	case set["batch"] && !bulk:
		return config{}, usagef("agent: --batch applies to --filter, --vm-filter and --all")
	case set["batch"] && (cfg.batch < 1 || cfg.batch > 10000):
		return config{}, usagef("agent: --batch must be between 1 and 10000")
	case bulk:
	case cmd.object && set["device"] && set["vm"]:
		return config{}, usagef("%s: give --device or --vm, not both", cfg.command)
	case cmd.object && set["device"]:
		cfg.object = netbox.DeviceRef(device.ID)
	case cmd.object && set["vm"]:
		cfg.object = netbox.VMRef(vm.ID)
	case cfg.command == "agent":
		return config{}, usagef("agent: give --device ID or --vm ID, or --filter, --vm-filter or --all")
	case cmd.object:
		return config{}, usagef("%s: give --device ID or --vm ID", cfg.command)
	case !set["config"]:
		return config{}, usagef("%s: give --config ID", cfg.command)
	default:
		cfg.configID = configID.ID
	}
	if cfg.timeout <= 0 {
		return config{}, usagef("--timeout must be positive")
	}

	cfg.netboxToken, cfg.zabbixToken = env("NETBOX_TOKEN"), env("ZABBIX_TOKEN")
	var missing []string
	if cmd.object && cfg.netboxURL == "" {
		missing = append(missing, "NETBOX_URL (or --netbox-url)")
	}
	if cmd.object && cfg.netboxToken == "" {
		missing = append(missing, "NETBOX_TOKEN")
	}
	if cfg.zabbixURL == "" {
		missing = append(missing, "ZABBIX_URL (or --zabbix-url)")
	}
	if cfg.zabbixToken == "" {
		missing = append(missing, "ZABBIX_TOKEN")
	}
	if cfg.store == "" {
		missing = append(missing, "STORE (or --store)")
	}
	if len(missing) > 0 {
		return config{}, usagef("%s: set %s", cfg.command, strings.Join(missing, ", "))
	}
	return cfg, nil
}
