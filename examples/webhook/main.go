// Command webhook receives NetBox webhooks for devices, virtual machines
// and IP addresses, and makes Zabbix follow each change in the background
// (Provisioner.HandleChange): a new object is provisioned, a changed one
// has its host updated, a deleted one has its host deleted:
//
//	export NETBOX_URL=https://netbox.example.com NETBOX_TOKEN=…
//	export ZABBIX_URL=https://zabbix.example.com/api_jsonrpc.php ZABBIX_TOKEN=…
//	export STORE=sqlite:/var/lib/netbox-zabbix/store.db WEBHOOK_SECRET=…
//
//	go run ./examples/webhook --listen 127.0.0.1:8080
//
//	# or: store each delivery as a River job that `river worker` runs
//	export DATABASE_URL=postgres://user:password@db.example.net:5432/nbzbx
//	go run ./examples/webhook --listen 127.0.0.1:8080 --durable
//
// In NetBox, create a webhook with URL http://<this host>:8080/webhook,
// method POST, content type application/json, no body template, and the
// same secret; then an event rule for the object types dcim > device,
// virtualization > virtual machine and ipam > IP address on "object
// created", "object updated" and "object deleted" that runs it. The store
// (--store or STORE: sqlite:PATH or postgres:DSN) must hold the mappings,
// a default one per object type among them.
//
// # What each change does
//
//   - A device or VM created or updated: its Zabbix host is updated to
//     match NetBox; one without a host is provisioned with an agent
//     interface (ProvisionAgent), unless --onboard=false, which only
//     follows the hosts that exist.
//   - A device or VM deleted: its host is deleted as the store's settings
//     ask: soft by default (renamed with the suffix "_archived",
//     disabled, moved to the host group "graveyard"), or for good with the
//     delete mode "hard". The host config goes too.
//   - An IP address created, updated or deleted: the device or VM whose
//     interface holds it is updated as above (its primary address, or the
//     address's DNS name, may have changed). The body names the owner
//     (data.assigned_object.device or .virtual_machine); when it does not
//     (an unassigned address), an address still in NetBox is read to find
//     it, and a deleted one is nothing to do.
//
// # What it answers
//
// POST /webhook takes NetBox's default body, as NetBox 3.7 to 4.6 send it
// (the object type in "model" up to 4.4, in "object_type" from 4.4):
//
//	202 Accepted         a device, VM or IP address created, updated or
//	                     deleted: queued, or merged into a run already
//	                     queued for the object (with --durable: stored as
//	                     a River job, or merged into one waiting)
//	200 OK               ignored (another object type, a job event), or a
//	                     delivery already accepted
//	400 Bad Request      not JSON, not a NetBox webhook body, data after
//	                     the JSON object, or an ID (data.id, or an IP
//	                     address's data.assigned_object.device.id or
//	                     .virtual_machine.id) that is not a JSON number of
//	                     1 or more (a string "124" is refused)
//	401 Unauthorized     a secret is set and X-Hook-Signature is missing
//	403 Forbidden        X-Hook-Signature is not the HMAC-SHA512 of the
//	                     body with the secret
//	413 Content Too Large  a body over --max-body (1 MiB)
//	503 Service Unavailable  the queue is full, the server is shutting
//	                     down, or (--durable) the job could not be stored;
//	                     Retry-After says when to try again
//
// GET /healthz answers 200 with the queue's counters while the server
// runs, 503 once it is shutting down.
//
// # How it works
//
// The handler checks, answers and queues; the work runs on --workers
// goroutines taking objects from a queue of --queue objects. A run is per
// object: the device or VM a change acts on, which for an IP address is
// its owner. Events for an object that is already queued are merged into
// that run; an event that arrives while the object's run is going gives
// one more run after it, so a burst of updates costs at most two runs.
// Every run reads the object fresh from NetBox, so a merged event loses
// nothing; a deletion merged with other changes stays a deletion.
//
// NetBox sends a delivery again when it failed, if RQ_RETRY_MAX is set: a
// delivery seen within --dedup-ttl (same object, event, timestamp and
// request ID) is answered 200 and not run again. The library is
// idempotent too: every operation looks before it writes, so running a
// change twice does no harm.
//
// # Failures and retries
//
// A run that fails is classified as the River program classifies a job
// (examples/internal/verdict). A transient failure (the network, NetBox
// or Zabbix answering 5xx, Zabbix rolling a call back on a database error,
// a timeout, the store unavailable) is run again in the receiver after a
// wait drawn at random below --retry-backoff, then twice that, and so on
// (at most a minute), up to --attempts runs; bad input (no primary IPv4,
// no default mapping, a host name taken, …) is not run again, and a change
// of an object gone from NetBox meanwhile is skipped. Either way
// the failure is logged and recorded in the store's event log, and its
// deliveries are forgotten, so that NetBox sending one again runs it again.
//
// This mode keeps the queue and the retries in memory: NetBox already has
// its 202, so a crash or a kill loses the deliveries queued, running or
// waiting to be retried (the object's next event, or a reconcile, catches
// up). With --durable the receiver answers 202 only once the change is
// stored as a River job in PostgreSQL (503 if it cannot be), and `river
// worker` (examples/river) runs it, with River's own retries: nothing
// answered 202 is lost unless the database is.
//
// On SIGINT or SIGTERM it stops accepting requests, lets the workers
// finish the queue for up to --shutdown-timeout, then cancels the runs
// still going (the library undoes a half-done run) and drops the rest. A
// second signal ends it at once.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // from now on, a second signal ends the program at once
	}()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}
