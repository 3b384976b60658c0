package provision

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// HostUpdater is what Sync asks of Zabbix.
type HostUpdater interface {
	Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error)
	UpdateHost(ctx context.Context, h zabbix.Host) (zabbix.Host, error)
}

// Synced is the outcome of Sync.
type Synced struct {
	Config  store.HostConfig // the config with every interface linked; not yet persisted
	Payload zabbix.Host      // the host.update sent
	Before  zabbix.Host      // the host before the update
	After   zabbix.Host      // the host after the update
}

// undoTimeout bounds an undo, which runs even when the run's context has
// ended.
const undoTimeout = 30 * time.Second

// undoContext is the context of an undo: ctx's values without its end, and
// at most undoTimeout.
func undoContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
}

// Sync brings the Zabbix host of hc in line with hc and links every
// unlinked interface (DESIGN §4 steps 2-3). It reads the host, forgets links
// to interfaces the host no longer has, keeps by ID any Zabbix interface
// identical to an unlinked one, sends the payload of HostPayload, reads the
// interfaces back and links them with Link. Sync persists nothing: the
// caller stores Synced.Config, and calls Synced.Undo if that fails.
//
// When the update fails, or linking fails after it, Sync restores the host
// as it was; if the restore fails too the error is an *UndoError.
func Sync(ctx context.Context, z HostUpdater, hc store.HostConfig) (Synced, error) {
	s, err := PlanSync(ctx, z, hc)
	if err != nil {
		return s, err
	}
	hc = s.Config
	s.After, err = z.UpdateHost(ctx, s.Payload)
	if err != nil {
		err = fmt.Errorf("update Zabbix host %s of host config %q: %w", hc.HostID, hc.Name, err)
		if rejected(err) {
			return s, err // Zabbix changed nothing
		}
		return s, s.UndoAfter(ctx, z, err)
	}
	s.Config, err = Link(hc, hc.HostID, s.After.Interfaces)
	if err != nil {
		return s, s.UndoAfter(ctx, z, err)
	}
	return s, nil
}

// PlanSync is the first, read-only half of Sync: it reads the host and
// returns the payload Sync would send (Payload) with the host as it is
// (Before) and the config as it would be sent (Config: links to interfaces
// the host no longer has forgotten, unlinked interfaces identical to one
// of the host's already given its ID). It writes nothing.
func PlanSync(ctx context.Context, z HostUpdater, hc store.HostConfig) (Synced, error) {
	before, err := readHost(ctx, z, hc)
	if err != nil {
		return Synced{}, err
	}
	hc = forgetStale(hc, before.Interfaces)
	hc, _ = link(hc, hc.HostID, before.Interfaces, false)
	return Synced{Config: hc, Before: before, Payload: HostPayload(hc, before)}, nil
}

// Undo restores the host as Sync found it: its interfaces (kept ones by
// ID, removed ones re-created), templates, groups, status, description and
// monitoring source. It reads the host first, so it is right whether or not
// the update took effect.
func (s Synced) Undo(ctx context.Context, z HostUpdater) error {
	ctx, cancel := undoContext(ctx)
	defer cancel()
	hosts, err := z.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{s.Before.HostID}})
	if err != nil {
		return err
	}
	if len(hosts) == 0 {
		return fmt.Errorf("Zabbix host %s is gone", s.Before.HostID)
	}
	_, err = z.UpdateHost(ctx, restorePayload(s.Before, hosts[0]))
	return err
}

// UndoAfter undoes the update after the failure err and returns err, or
// an *UndoError when the undo fails too.
func (s Synced) UndoAfter(ctx context.Context, z HostUpdater, err error) error {
	if uerr := s.Undo(ctx, z); uerr != nil {
		return &UndoError{HostID: s.Before.HostID, Action: "restore the host", Err: err, UndoErr: uerr}
	}
	return err
}

// rejected reports whether err is a definite refusal, after which Zabbix
// changed nothing: an error answer (Zabbix API calls are transactional) or
// a request the client refused to send. Any other failure leaves the
// outcome unknown.
func rejected(err error) bool {
	var apiErr *zabbix.APIError
	return errors.As(err, &apiErr) || errors.Is(err, zabbix.ErrUnsupported) || errors.Is(err, zabbix.ErrInvalidRequest)
}

func readHost(ctx context.Context, z HostUpdater, hc store.HostConfig) (zabbix.Host, error) {
	hosts, err := z.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{hc.HostID}})
	if err != nil {
		return zabbix.Host{}, fmt.Errorf("read Zabbix host %s of host config %q: %w", hc.HostID, hc.Name, err)
	}
	if len(hosts) == 0 {
		return zabbix.Host{}, failure(ErrHostMissing,
			"host config %q points at Zabbix host %s, which does not exist: clear its host ID and provision the object again", hc.Name, hc.HostID)
	}
	return hosts[0], nil
}

// forgetStale unlinks the config interfaces whose Zabbix interface the host
// no longer has, so that they are pushed again.
func forgetStale(hc store.HostConfig, have []zabbix.HostInterface) store.HostConfig {
	hc = hc.Clone()
	for i := range hc.Interfaces {
		in := &hc.Interfaces[i]
		if in.Linked() && !slices.ContainsFunc(have, func(z zabbix.HostInterface) bool { return z.InterfaceID == in.InterfaceID }) {
			in.InterfaceID, in.HostID = "", ""
		}
	}
	return hc
}

// restorePayload is the host.update that turns current back into before.
func restorePayload(before, current zabbix.Host) zabbix.Host {
	h := zabbix.Host{
		HostID:        before.HostID,
		Status:        before.Status,
		Description:   before.Description,
		GroupIDs:      append([]string{}, before.GroupIDs...),
		TemplateIDs:   append([]string{}, before.TemplateIDs...),
		InventoryMode: before.InventoryMode,
		MonitoredBy:   before.MonitoredBy,
		ProxyID:       before.ProxyID,
		ProxyGroupID:  before.ProxyGroupID,
		Interfaces:    []zabbix.HostInterface{},
	}
	for _, in := range before.Interfaces {
		in = in.Clone()
		in.HostID = ""
		if !slices.ContainsFunc(current.Interfaces, func(z zabbix.HostInterface) bool { return z.InterfaceID == in.InterfaceID }) {
			in.InterfaceID = ""
		}
		h.Interfaces = append(h.Interfaces, in)
	}
	for _, id := range current.TemplateIDs {
		if !slices.Contains(before.TemplateIDs, id) {
			h.TemplatesClear = append(h.TemplatesClear, id)
		}
	}
	return h
}
