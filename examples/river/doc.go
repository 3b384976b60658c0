// Command river runs ProvisionAgent, CreateZabbixInterface, the changes
// the webhook receiver stores (HandleChange) and periodic reconciles as
// jobs on River (github.com/riverqueue/river), a job queue kept in
// PostgreSQL, so that any number of worker processes on any number of
// machines share the work: the counterpart of the plugin's
// run_job(instance, request, schedule_at, interval).
//
//	export DATABASE_URL='postgres://nbzbx:secret@db.example.net:5432/nbzbx'
//	go run ./examples/river migrate --default-group 2   # once, and after upgrades
//
//	export NETBOX_URL=https://netbox.example.com NETBOX_TOKEN=…
//	export ZABBIX_URL=https://zabbix.example.com/api_jsonrpc.php ZABBIX_TOKEN=…
//	go run ./examples/river worker --workers 10          # on as many machines as you like
//	go run ./examples/river worker --workers 10 --reconcile-every 1h   # and reconcile every hour
//
//	go run ./examples/river enqueue agent --device 42                            # now
//	go run ./examples/river enqueue agent --vm 7 --at 2030-01-02T03:00:00Z       # at a time
//	go run ./examples/river enqueue agent --device 42 --every 15m                # now, then every 15 minutes
//	go run ./examples/river enqueue interface --config 17                        # CreateZabbixInterface
//	go run ./examples/river unschedule agent --device 42
//	go run ./examples/river reconcile                                            # reconcile everything now
//
// # Database
//
// River's tables (river_job, river_leader, river_queue, …), the store's
// (settings, mappings, host_configs, interfaces, events, …; see
// store/sqlstore) and this program's nbz_schedules sit side by side in the
// schema that the connection's search_path selects (public unless the DSN
// says search_path=…). Their names do not collide, and one database means
// one thing to back up and one connection pool per process: River uses the
// pgx pool, the store the same pool through database/sql. migrate creates
// or upgrades all three; the worker refuses to start on a database River's
// migrations have not reached. Give each deployment a database of its own.
//
// A worker's pool holds up to 2×(--workers + --reconcile-workers)+6
// connections (a job may hold two: the store's lock and its queries),
// unless the DSN sets pool_max_conns; mind PostgreSQL's max_connections
// when you add workers.
//
// # Jobs
//
// A job's args name the object: ProvisionAgentArgs{ObjectType, ObjectID,
// User, RequestID} and CreateInterfaceArgs{HostConfigID, User, RequestID}.
// Jobs are unique per object (device, VM, host config) while one is
// scheduled, waiting, retrying or running: enqueueing the object again then
// reports the pending job and inserts nothing. Once the job has finished,
// the object may be enqueued again.
//
// ChangeArgs{Event, ObjectType, ObjectID, OwnerType, OwnerID, Onboard, …}
// is a NetBox change that the webhook receiver (examples/webhook
// --durable) stored: the worker runs HandleChange, which updates, deletes
// or (with Onboard) provisions the host, as the change calls for. Changes
// are unique per object while pending, a deletion apart from the others
// (see examples/internal/riverjobs): a burst of updates is one job. A
// change whose object has gone from NetBox, or whose host config another
// run removed, completes as "unchanged".
//
// Each job's outcome is kept with it (its metadata's "output": result,
// message, Zabbix host ID, or the reason it was cancelled), and each run
// is in the store's event log, with the job's ID as request ID unless
// --request-id gave one.
//
// # Retries
//
// A failed run is classified. Remote or passing failures (network errors,
// NetBox 5xx and 429, Zabbix internal and database errors, answers that are
// not API responses, timeouts, store lock waits, database errors, refused
// credentials) return the error, and River retries the job with its
// exponential backoff (1 s, 16 s, 81 s, … attempt⁴ seconds) for up to 25
// attempts; retrying is safe, as ProvisionAgent looks before it writes and
// takes over a host an interrupted run left behind. Bad input (an invalid
// request, an object not in NetBox or excluded, no primary IPv4, no default
// mapping, a Zabbix host name taken by another host, a host config without
// a Zabbix host, a request Zabbix refuses) cancels the job at its first
// attempt. An agent interface that already exists completes the job: the
// object is as asked.
//
// # Schedules
//
// --every saves a schedule in nbz_schedules and inserts a first job. Each
// worker reads the schedules (at start and every --schedule-sync) and
// registers them as River periodic jobs; River inserts periodic jobs on the
// elected leader only, so several workers insert each run once, and the
// uniqueness above skips a run while the previous one is still pending. A
// new leader runs every schedule at once, then every interval.
//
// # Reconcile
//
// A reconcile brings every Zabbix host in line with NetBox
// (Provisioner.Reconcile), in two steps that any number of workers share.
// A fan-out job (ReconcileArgs) lists the host configs from the store and
// inserts one chunk job (ReconcileChunkArgs) per --reconcile-chunk (1,000)
// of them, with one InsertMany in the transaction that completes the
// fan-out: either every chunk is queued, or none is and the fan-out runs
// again. Each chunk job reconciles its objects and logs and records the
// counts (in sync, updated, host missing, object gone, failed). A chunk
// whose objects failed on passing errors (the network, a 5xx, Zabbix's
// database; see examples/internal/verdict) fails and is run again, up to 5
// runs; objects refused for bad input are logged and left. Running a chunk
// again is safe: a reconcile of hosts already in step writes nothing.
//
// With --reconcile-every, the fan-out is a River periodic job: every
// worker registers it, and only the elected leader inserts it, so there is
// one reconcile per interval however many workers run (give them all the
// same interval and chunk size). `river reconcile` inserts one now. One
// fan-out is pending at a time, and a fan-out that finds chunks of the
// last one still pending does nothing. Reconcile jobs have a queue of
// their own, worked by --reconcile-workers (1) per process apart from
// --workers, so that a large reconcile never delays provisioning or the
// webhook's changes.
//
// A chunk whose worker stops (SIGTERM, then --stop-timeout) is put back in
// the queue by River and run by another worker; one whose worker died
// (SIGKILL, a lost machine) is rescued by River once it has been running
// for an hour (River's RescueStuckJobsAfter), and run again. A chunk run
// is bounded by 15 minutes.
//
// # Stopping
//
// SIGINT or SIGTERM stops a worker softly: it fetches no more jobs and
// waits up to --stop-timeout for the running ones, then cancels them (they
// are retried later). A second signal kills it at once.
package main
