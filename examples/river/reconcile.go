package main

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"github.com/nbzbx/netbox-zabbix/examples/internal/riverjobs"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Job kinds of the periodic reconcile, as stored in river_job.kind.
const (
	kindReconcile      = "netbox_zabbix.reconcile"
	kindReconcileChunk = "netbox_zabbix.reconcile_chunk"
)

// queueReconcile is the River queue of the reconcile jobs: a queue of
// their own, worked by --reconcile-workers per process, so that a large
// reconcile never holds the workers that provision and follow changes.
const queueReconcile = "reconcile"

// DefaultChunkSize is how many objects one chunk job reconciles;
// maxChunkSize bounds --reconcile-chunk and --chunk-size (a chunk's args
// stay well under River's limits, and its run under chunkTimeout).
const (
	DefaultChunkSize = 1000
	maxChunkSize     = 10000
)

// chunkAttempts bounds the runs of a chunk job: the next reconcile covers
// its objects anyway.
const chunkAttempts = 5

// ReconcileArgs asks for a reconcile of every host config: the job lists
// the configs and inserts one ReconcileChunkArgs job per ChunkSize of
// them. One is pending at a time, whoever asks (the periodic schedule, or
// `river reconcile`).
type ReconcileArgs struct {
	ChunkSize int    `json:"chunk_size"`
	User      string `json:"user,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// Kind is the job kind.
func (ReconcileArgs) Kind() string { return kindReconcile }

// InsertOpts puts the job in the reconcile queue, unique by kind while
// pending: a second fan-out asked for while one waits or runs is skipped.
func (ReconcileArgs) InsertOpts() river.InsertOpts {
	unique := riverjobs.UniqueWhilePending()
	unique.ByArgs = false
	return river.InsertOpts{Queue: queueReconcile, UniqueOpts: unique}
}

// chunkSize is the args' chunk size, or the default.
func (a ReconcileArgs) chunkSize() int { return cmp.Or(a.ChunkSize, DefaultChunkSize) }

// ReconcileChunkArgs asks for Provisioner.Reconcile of the configs of
// some objects: chunk Chunk of Chunks that fan-out job FanOut inserted.
// The objects are kept as IDs per type, so that a chunk of 1,000 stays a
// few kilobytes.
type ReconcileChunkArgs struct {
	FanOut    int64   `json:"fan_out"`
	Chunk     int     `json:"chunk"`
	Chunks    int     `json:"chunks"`
	Devices   []int64 `json:"devices,omitempty"`
	VMs       []int64 `json:"virtual_machines,omitempty"`
	User      string  `json:"user,omitempty"`
	RequestID string  `json:"request_id,omitempty"`
}

// Kind is the job kind.
func (ReconcileChunkArgs) Kind() string { return kindReconcileChunk }

// InsertOpts puts the job in the reconcile queue, with chunkAttempts runs
// at most.
func (ReconcileChunkArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueReconcile, MaxAttempts: chunkAttempts}
}

// newChunk returns the args of a chunk of objects.
func newChunk(objs []netbox.Ref) ReconcileChunkArgs {
	var a ReconcileChunkArgs
	for _, o := range objs {
		switch o.Type {
		case netbox.TypeDevice:
			a.Devices = append(a.Devices, o.ID)
		case netbox.TypeVirtualMachine:
			a.VMs = append(a.VMs, o.ID)
		}
	}
	return a
}

// objects returns the chunk's objects.
func (a ReconcileChunkArgs) objects() []netbox.Ref {
	out := make([]netbox.Ref, 0, len(a.Devices)+len(a.VMs))
	for _, id := range a.Devices {
		out = append(out, netbox.DeviceRef(id))
	}
	for _, id := range a.VMs {
		out = append(out, netbox.VMRef(id))
	}
	return out
}

// periodicReconcile is the periodic job of --reconcile-every: a
// ReconcileArgs every interval, inserted by the elected leader only, marked
// in its metadata with the client that inserted it. It does not run when a
// client starts or becomes leader: every restart would reconcile
// everything.
func periodicReconcile(clientID string, every time.Duration, chunkSize int) *river.PeriodicJob {
	meta, _ := json.Marshal(map[string]string{"schedule": periodicReconcileID, "enqueued_by": clientID})
	return river.NewPeriodicJob(river.PeriodicInterval(every), func() (river.JobArgs, *river.InsertOpts) {
		return ReconcileArgs{ChunkSize: chunkSize, User: "river"}, &river.InsertOpts{Metadata: meta}
	}, &river.PeriodicJobOpts{ID: periodicReconcileID})
}

// periodicReconcileID is the ID of the periodic reconcile among the
// client's periodic jobs (the schedules' IDs have a colon).
const periodicReconcileID = "reconcile"

// chunks cuts objs into the args of chunks of size objects.
func chunks(objs []netbox.Ref, size int) []ReconcileChunkArgs {
	var out []ReconcileChunkArgs
	for c := range slices.Chunk(objs, size) {
		out = append(out, newChunk(c))
	}
	for i := range out {
		out[i].Chunk, out[i].Chunks = i+1, len(out)
	}
	return out
}
