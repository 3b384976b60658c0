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
	batch    int    // objects per batch; 0: the library's default

	deleteOrphans bool   // reconcile
	hostIDField   string // import: the custom field holding a Zabbix host ID
	mappingFile   string // import-settings: the mapping file to resolve and store

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

// target is what a command works on.
type target int

const (
	oneObject target = iota // --device or --vm
	oneConfig               // --config
	objects                 // --device or --vm, or a selection (--filter, --vm-filter, --all)
	selection               // a selection, or nothing: every host config
	nothing                 // no target
)

// commands are the commands, what they run and on what.
var commands = map[string]struct {
	target target
	op     string
	netbox bool // reads NetBox
}{
	"agent":            {objects, "ProvisionAgent", true},
	"snmp":             {oneObject, "ProvisionSNMP", true},
	"update":           {oneObject, "UpdateZabbixHost", true},
	"validate":         {oneObject, "ValidateHost", true},
	"delete":           {oneObject, "DeleteZabbixHost", true},
	"interface":        {oneConfig, "CreateZabbixInterface", false},
	"update-interface": {oneConfig, "UpdateZabbixInterface", false},
	"reconcile":        {selection, "Reconcile", true},
	"import":           {objects, "ImportHost", true},
	"import-settings":  {nothing, "ImportZabbixSettings", true},
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
  provision reconcile [--filter Q | --vm-filter Q] [--delete-orphans] [flags]
                                                     bring the Zabbix hosts of every provisioned object (or those of
                                                     the objects NetBox lists) in line with NetBox, and list the
                                                     orphans: hosts with the default tag that no config links (Reconcile)
  provision import (--device ID | --vm ID | --filter Q | --vm-filter Q | --all) [--host-id-field NAME] [flags]
                                                     adopt the Zabbix hosts that exist already for the objects, with no
                                                     write to Zabbix (ImportHost, ImportHosts)
  provision import-settings [--mappings FILE] [flags]
                                                     read Zabbix's templates, host groups, proxies and proxy groups into
                                                     the store, and list what the mappings name that Zabbix lacks;
                                                     --mappings: then put the mappings of FILE (JSON, templates, host
                                                     groups and proxies by name) in the store, replacing those of the
                                                     same names (--dry-run: resolve and print them only)

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
  8 agent, reconcile or import of many objects: some failed (each is listed)
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
		return config{}, usagef("unknown command %q: want agent, snmp, update, validate, delete, interface, update-interface, reconcile, import or import-settings", args[0])
	}

	fs := flag.NewFlagSet("provision "+cfg.command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)                // run prints the usage once, with the error
	var device, vm, configID decimalid.Flag // decimal only: never 010 as 8 or 0x10 as 16
	switch cmd.target {
	case oneObject, objects:
		fs.Var(&device, "device", "NetBox device ID")
		fs.Var(&vm, "vm", "NetBox virtual machine ID")
	case oneConfig:
		fs.Var(&configID, "config", "host config ID")
	}
	if cmd.target == objects || cmd.target == selection {
		fs.StringVar(&cfg.filter, "filter", "", "")
		fs.StringVar(&cfg.vmFilter, "vm-filter", "", "")
		fs.IntVar(&cfg.batch, "batch", 0, "")
	}
	if cmd.target == objects {
		fs.BoolVar(&cfg.all, "all", false, "")
	}
	switch cfg.command {
	case "reconcile":
		fs.BoolVar(&cfg.deleteOrphans, "delete-orphans", false, "")
	case "import":
		fs.StringVar(&cfg.hostIDField, "host-id-field", "", "")
	case "import-settings":
		fs.StringVar(&cfg.mappingFile, "mappings", "", "")
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

	if err := cfg.pickTarget(cmd.target, set, device, vm, configID); err != nil {
		return config{}, err
	}
	if set["mappings"] && cfg.mappingFile == "" {
		return config{}, usagef("%s: --mappings needs the path of a mapping file", cfg.command)
	}
	if cfg.timeout <= 0 {
		return config{}, usagef("--timeout must be positive")
	}

	cfg.netboxToken, cfg.zabbixToken = env("NETBOX_TOKEN"), env("ZABBIX_TOKEN")
	var missing []string
	if cmd.netbox && cfg.netboxURL == "" {
		missing = append(missing, "NETBOX_URL (or --netbox-url)")
	}
	if cmd.netbox && cfg.netboxToken == "" {
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

// pickTarget checks the flags that say what the command works on, and fills
// in the object or config.
func (cfg *config) pickTarget(t target, set map[string]bool, device, vm, configID decimalid.Flag) error {
	many := set["filter"] || set["vm-filter"] || set["all"]
	cmd := cfg.command
	switch {
	case many && (set["device"] || set["vm"]):
		return usagef("%s: give --device or --vm for one object, or --filter, --vm-filter or --all for many, not both", cmd)
	case cfg.all && (set["filter"] || set["vm-filter"]):
		return usagef("%s: --all selects every device and VM; it cannot be combined with --filter or --vm-filter", cmd)
	case set["filter"] && cfg.filter == "", set["vm-filter"] && cfg.vmFilter == "":
		return usagef("%s: an empty filter selects nothing; use --all for every object", cmd)
	case set["batch"] && !many && t != selection:
		return usagef("%s: --batch applies to --filter, --vm-filter and --all", cmd)
	case set["batch"] && (cfg.batch < 1 || cfg.batch > 10000):
		return usagef("%s: --batch must be between 1 and 10000", cmd)
	case many, t == selection, t == nothing:
		return nil
	case t == oneConfig && !set["config"]:
		return usagef("%s: give --config ID", cmd)
	case t == oneConfig:
		cfg.configID = configID.ID
		return nil
	case set["device"] && set["vm"]:
		return usagef("%s: give --device or --vm, not both", cmd)
	case set["device"]:
		cfg.object = netbox.DeviceRef(device.ID)
		return nil
	case set["vm"]:
		cfg.object = netbox.VMRef(vm.ID)
		return nil
	case t == objects:
		return usagef("%s: give --device ID or --vm ID, or --filter, --vm-filter or --all", cmd)
	}
	return usagef("%s: give --device ID or --vm ID", cmd)
}
