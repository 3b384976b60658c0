// Command provision runs the library's operations on one NetBox device or
// virtual machine, or on one host config, from the command line:
//
//	export NETBOX_URL=https://netbox.example.com NETBOX_TOKEN=…
//	export ZABBIX_URL=https://zabbix.example.com/api_jsonrpc.php ZABBIX_TOKEN=…
//	export STORE=sqlite:/var/lib/netbox-zabbix/store.db
//
//	go run ./examples/provision agent --device 42
//	go run ./examples/provision agent --vm 7 --dry-run
//	go run ./examples/provision agent --filter 'site=dc1&tag=monitored' --dry-run
//	go run ./examples/provision agent --all --json
//	go run ./examples/provision reconcile --dry-run
//	go run ./examples/provision import-settings
//	go run ./examples/provision import-settings --mappings examples/mappings.example.json
//	go run ./examples/provision import --filter 'site=dc1' --dry-run
//	go run ./examples/provision snmp --device 43
//	go run ./examples/provision update --device 42
//	go run ./examples/provision validate --device 42 --json
//	go run ./examples/provision delete --device 42
//	go run ./examples/provision interface --config 3 --json
//	go run ./examples/provision update-interface --config 3 --remove web-01-agent-2
//
// IDs are decimal: "010" is 10; signs, spaces, underscores and base
// prefixes (0x, 0o, 0b) are refused (exit 2).
//
// "agent" with --filter (devices matching a NetBox query string, as in
// NetBox's list URLs), --vm-filter (virtual machines) or --all (every
// device and virtual machine) runs ProvisionAgents on the objects NetBox
// lists: progress goes to stderr (a bar on a terminal, a line per tenth
// otherwise), then each failure and a summary to stdout; objects that
// already have a host are counted, not changed.
//
// "reconcile" runs Reconcile on every host config (and lists the orphans:
// hosts with the default tag that no config links; --delete-orphans
// deletes them), or on the configs of the objects --filter and
// --vm-filter list. "import-settings" reads Zabbix's templates, host
// groups, proxies and proxy groups into the store (ImportZabbixSettings)
// and warns of what the mappings name that Zabbix lacks; with --mappings
// FILE it then stores the mappings of a JSON file that names templates,
// host groups and proxies by name (examples/mappings.example.json),
// replacing those of the same names (--dry-run prints them, resolved, and
// stores none). "import" adopts
// the Zabbix hosts that exist already for one object (--device, --vm) or
// many (--filter, --vm-filter, --all), writing nothing to Zabbix
// (ImportHost, ImportHosts; --host-id-field names the custom field that
// holds a Zabbix host ID, "-" for none).
//
// "agent", "snmp", "update", "validate" and "delete" run ProvisionAgent,
// ProvisionSNMP, UpdateZabbixHost, ValidateHost and DeleteZabbixHost for
// the object; "interface" and "update-interface" run CreateZabbixInterface
// and UpdateZabbixInterface for the host config (update-interface pushes
// the stored interfaces, without those named by --remove). --dry-run
// prints what would change in Zabbix, field by field, and writes nothing. --json prints one
// JSON object instead of the summary (secrets show as "[redacted]").
//
// The store (--store or STORE: sqlite:PATH or postgres:DSN) must hold the
// mappings, among them a default one per object type; "import-settings
// --mappings FILE" puts them there. Tokens are read from the environment only,
// so that they stay out of shell history and process lists.
//
// The exit status tells scripts what happened:
//
//	0  success (a dry run included)
//	1  anything else: an undo that failed (the message names the Zabbix
//	   host left behind), an interrupted run
//	2  bad input: a usage error, an invalid request, an object that is
//	   excluded or has no primary IPv4 address, no default mapping, a
//	   missing proxy, a host name taken by another Zabbix host, a config
//	   that has no Zabbix host yet, an interface that items use, an
//	   import that matches more than one Zabbix host, a mapping file that
//	   cannot be read or decoded or names what Zabbix lacks
//	3  not found: the NetBox object, the host config, the Zabbix host
//	   a config points at, or (import) a Zabbix host to import
//	4  remote failure: NetBox or Zabbix unreachable, timing out,
//	   refusing the credentials, answering 5xx or a Zabbix API error
//	5  already provisioned: the object has an agent interface on that
//	   address and port; nothing was changed
//	6  store failed: the store cannot be opened (a missing SQLite
//	   directory, PostgreSQL unreachable or refusing the credentials) or
//	   its database refused a statement during the run
//	7  validate: the Zabbix host is not in sync with NetBox (drifted,
//	   missing, or its object gone); the state and changes are printed
//	8  agent, reconcile or import of many objects: some failed (for
//	   import: not imported); each is printed, the others were done
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
