package provision

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// orphanDeleteChunk is how many orphans one host.delete removes.
const orphanDeleteChunk = 500

// findOrphans reads the hosts carrying the default tag (briefly) and keeps
// those that no config of the reconcile links.
func (rc *reconcile) findOrphans(ctx context.Context) {
	tag, ok := mapping.DefaultTag(rc.settings, netbox.Ref{})
	if !ok {
		return
	}
	hosts, err := rc.p.zabbix.Hosts(ctx, zabbix.HostQuery{Tag: tag.Tag, Brief: true})
	if err != nil {
		rc.orphansErr = fmt.Errorf("read the Zabbix hosts tagged %q: %w", tag.Tag, err)
		return
	}
	linked := make(map[string]bool, len(rc.configs))
	for _, hc := range rc.configs {
		linked[hc.HostID] = true
	}
	for _, h := range hosts {
		if !linked[h.HostID] {
			rc.orphans = append(rc.orphans, Orphan{Host: h})
		}
	}
}

// settleOrphans drops the orphans a config links by now (a run that
// provisioned them while the reconcile ran) and, when asked, deletes the
// others: each chunk under the locks of the objects their tags name,
// checked once more under them, so that no run that is creating a host
// loses it.
func (rc *reconcile) settleOrphans(ctx context.Context) {
	if len(rc.orphans) == 0 {
		return
	}
	if err := rc.dropLinked(ctx); err != nil {
		rc.orphansErr = err
		return
	}
	if !rc.req.DeleteOrphans || rc.req.DryRun {
		return
	}
	for chunk := range slices.Chunk(rc.orphans, orphanDeleteChunk) {
		rc.deleteOrphans(ctx, chunk)
	}
}

// dropLinked removes from rc.orphans the hosts a config links now.
func (rc *reconcile) dropLinked(ctx context.Context) error {
	ids := make([]string, len(rc.orphans))
	for i, o := range rc.orphans {
		ids[i] = o.Host.HostID
	}
	cs, err := rc.p.store.FindHostConfigs(ctx, store.HostConfigFilter{HostIDs: ids})
	if err != nil {
		return fmt.Errorf("read the host configs of %d orphan candidates: %w", len(ids), err)
	}
	linked := make(map[string]bool, len(cs))
	for _, hc := range cs {
		linked[hc.HostID] = true
	}
	rc.orphans = slices.DeleteFunc(rc.orphans, func(o Orphan) bool { return linked[o.Host.HostID] })
	return nil
}

// deleteOrphans deletes a chunk of orphans.
func (rc *reconcile) deleteOrphans(ctx context.Context, chunk []Orphan) {
	tag, _ := mapping.DefaultTag(rc.settings, netbox.Ref{})
	var refs []netbox.Ref
	for _, o := range chunk {
		for _, t := range o.Host.Tags {
			if id, err := strconv.ParseInt(t.Value, 10, 64); t.Tag == tag.Tag && err == nil && id > 0 {
				refs = append(refs, netbox.DeviceRef(id), netbox.VMRef(id))
			}
		}
	}
	fail := func(err error) {
		for i := range chunk {
			chunk[i].Err = err
		}
	}
	unlock, err := rc.p.store.Lock(ctx, refs...)
	if err != nil {
		fail(fmt.Errorf("lock the objects the orphans' tags name: %w", err))
		return
	}
	defer unlock()
	ids := make([]string, len(chunk))
	for i, o := range chunk {
		ids[i] = o.Host.HostID
	}
	cs, err := rc.p.store.FindHostConfigs(ctx, store.HostConfigFilter{HostIDs: ids})
	if err != nil {
		fail(fmt.Errorf("read the host configs of %d orphans: %w", len(ids), err))
		return
	}
	if len(cs) > 0 {
		// Linked since: no longer orphans. Delete the rest one by one.
		for i := range chunk {
			if !slices.ContainsFunc(cs, func(hc store.HostConfig) bool { return hc.HostID == chunk[i].Host.HostID }) {
				rc.deleteOrphan(ctx, &chunk[i])
			}
		}
		return
	}
	if err := rc.p.zabbix.DeleteHosts(ctx, ids...); err != nil {
		// All or none: one gone since fails the chunk; go one by one.
		for i := range chunk {
			rc.deleteOrphan(ctx, &chunk[i])
		}
		return
	}
	for i := range chunk {
		chunk[i].Deleted = true
		rc.recordOrphan(ctx, chunk[i], nil)
	}
}

// deleteOrphan deletes one orphan (its object is locked).
func (rc *reconcile) deleteOrphan(ctx context.Context, o *Orphan) {
	err := rc.p.zabbix.DeleteHosts(ctx, o.Host.HostID)
	if err != nil {
		o.Err = fmt.Errorf("delete orphan Zabbix host %s (%s): %w", o.Host.HostID, o.Host.Host, err)
	}
	o.Deleted = err == nil
	rc.recordOrphan(ctx, *o, o.Err)
}

// recordOrphan records the event of an orphan's deletion.
func (rc *reconcile) recordOrphan(ctx context.Context, o Orphan, err error) {
	run := flow.Run{Op: opReconcile, Name: o.Host.Host, User: rc.req.User, RequestID: rc.req.RequestID,
		Settings: rc.settings, HostID: o.Host.HostID, PreData: o.Host,
		Message: fmt.Sprintf("Deleted orphan Zabbix host %s (%s): no host config links it", o.Host.HostID, o.Host.Host)}
	_, _ = rc.p.env.Finish(ctx, run, err)
}
