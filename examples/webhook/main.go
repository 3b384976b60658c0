// Command webhook receives NetBox webhooks for devices and virtual machines
// and provisions each object into Zabbix (ProvisionAgent) in the
// background:
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
// same secret; then an event rule for the object types dcim > device and
// virtualization > virtual machine on "object created" and "object
// updated" that runs it. The store (--store or STORE: sqlite:PATH or
// postgres:DSN) must hold the mappings, a default one per object type
// among them.
//
// # What it answers
//
// POST /webhook takes NetBox's default body, as NetBox 3.7 to 4.6 send it
// (the object type in "model" up to 4.4, in "object_type" from 4.4):
//
//	202 Accepted         a created or updated device or VM: queued, or
//	                     merged into a run already queued for the object
//	                     (with --durable: stored as a River job, or merged
//	                     into one waiting)
//	200 OK               ignored (a deleted object, another object type,
//	                     a job event), or a delivery already accepted
//	400 Bad Request      not JSON, not a NetBox webhook body, data after
//	                     the JSON object, or a data.id that is not a JSON
//	                     number of 1 or more (a string "124" is refused)
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
// goroutines taking objects from a queue of --queue objects. Events for an
// object that is already queued are merged into that run; an event that
// arrives while the object's run is going gives one more run after it, so
// a burst of updates costs at most two runs. Every run reads the object
// fresh from NetBox, so a merged event loses nothing.
//
// NetBox sends a delivery again when it failed, if RQ_RETRY_MAX is set: a
// delivery seen within --dedup-ttl (same object, event, timestamp and
// request ID) is answered 200 and not run again. The library is
// idempotent too: provisioning an object that already has its agent
// interface ends with provision.ErrInterfaceExists, which the worker logs
// as "already provisioned", not as a failure. Deleted objects are
// acknowledged and left alone: deprovisioning is not in scope.
//
// # Failures and retries
//
// A run that fails is classified as the River program classifies a job
// (examples/internal/verdict). A transient failure (the network, NetBox
// or Zabbix answering 5xx, Zabbix rolling a call back on a database error,
// a timeout, the store unavailable) is run again in the receiver after a
// wait drawn at random below --retry-backoff, then twice that, and so on
// (at most a minute), up to --attempts runs; bad input (no primary IPv4,
// no default mapping, a host name taken, …) is not run again. Either way
// the failure is logged and recorded in the store's event log, and its
// deliveries are forgotten, so that NetBox sending one again runs it again.
//
// This mode keeps the queue and the retries in memory: NetBox already has
// its 202, so a crash or a kill loses the deliveries queued, running or
// waiting to be retried (the object's next event provisions it). With
// --durable the receiver answers 202 only once the delivery is stored as a
// River job in PostgreSQL (503 if it cannot be), and `river worker`
// (examples/river) runs it, with River's own retries: nothing answered 202
// is lost unless the database is.
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
