package main

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// TestChunks: N objects make ceil(N/size) chunks, numbered, holding each
// object once, devices and VMs apart.
func TestChunks(t *testing.T) {
	t.Parallel()
	var objs []netbox.Ref
	for i := int64(1); i <= 2500; i++ {
		objs = append(objs, netbox.DeviceRef(i))
		if i%10 == 0 {
			objs = append(objs, netbox.VMRef(i))
		}
	}
	for _, size := range []int{1, 7, 1000, 2750, 5000} {
		cs := chunks(objs, size)
		if want := (len(objs) + size - 1) / size; len(cs) != want {
			t.Errorf("size %d: %d chunks, want %d", size, len(cs), want)
		}
		var back []netbox.Ref
		for i, c := range cs {
			if c.Chunk != i+1 || c.Chunks != len(cs) || len(c.objects()) > size {
				t.Errorf("size %d: chunk %d is %d/%d with %d objects", size, i, c.Chunk, c.Chunks, len(c.objects()))
			}
			back = append(back, c.objects()...)
		}
		sorted := func(rs []netbox.Ref) []netbox.Ref {
			rs = slices.Clone(rs)
			slices.SortFunc(rs, func(a, b netbox.Ref) int {
				return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
			})
			return rs
		}
		if !slices.Equal(sorted(back), sorted(objs)) {
			t.Errorf("size %d: the chunks do not hold each object once", size)
		}
	}
	if cs := chunks(nil, 1000); len(cs) != 0 {
		t.Errorf("no objects: %d chunks", len(cs))
	}
}

// TestReconcileArgs: the fan-out is unique by kind while pending (one at a
// time, whoever asks), in the reconcile queue, like its chunks.
func TestReconcileArgs(t *testing.T) {
	t.Parallel()
	o := ReconcileArgs{ChunkSize: 5}.InsertOpts()
	if o.Queue != queueReconcile || o.UniqueOpts.ByArgs || len(o.UniqueOpts.ByState) == 0 {
		t.Errorf("fan-out opts %+v", o)
	}
	if c := (ReconcileChunkArgs{}).InsertOpts(); c.Queue != queueReconcile || c.MaxAttempts != chunkAttempts || c.UniqueOpts.ByArgs || c.UniqueOpts.ByState != nil {
		t.Errorf("chunk opts %+v", c)
	}
	if (ReconcileArgs{}).chunkSize() != DefaultChunkSize {
		t.Error("a fan-out without a chunk size does not use the default")
	}
}

// TestWorkerReconcileFlags: the periodic reconcile's flags are checked
// before anything connects.
func TestWorkerReconcileFlags(t *testing.T) {
	t.Parallel()
	good := workerConfig{NetBoxURL: "http://nb", NetBoxToken: "t", ZabbixURL: "http://z", ZabbixToken: "t", Workers: 1,
		ScheduleSync: time.Second, ReconcileChunk: DefaultChunkSize, ReconcileWorkers: 1}
	if err := good.check(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	for _, c := range []struct {
		edit func(*workerConfig)
		want string
	}{
		{func(c *workerConfig) { c.ReconcileEvery = 10 * time.Millisecond }, "--reconcile-every"},
		{func(c *workerConfig) { c.ReconcileEvery = -time.Second }, "--reconcile-every"},
		{func(c *workerConfig) { c.ReconcileChunk = 0 }, "--reconcile-chunk"},
		{func(c *workerConfig) { c.ReconcileChunk = maxChunkSize + 1 }, "--reconcile-chunk"},
		{func(c *workerConfig) { c.ReconcileWorkers = 0 }, "--reconcile-workers"},
	} {
		cfg := good
		c.edit(&cfg)
		if err := cfg.check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error about %s", cfg, err, c.want)
		}
	}
}
