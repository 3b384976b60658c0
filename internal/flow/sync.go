package flow

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// HostUpdater is what updating a host with an undo asks of Zabbix.
type HostUpdater interface {
	Hosts(ctx context.Context, q zabbix.HostQuery) ([]zabbix.Host, error)
	UpdateHost(ctx context.Context, u zabbix.HostUpdate) (zabbix.Host, error)
}

// Synced is the outcome of Sync.
type Synced struct {
	Config  store.HostConfig  // the config with every interface linked; not yet persisted
	Payload zabbix.HostUpdate // the host.update sent
	Before  zabbix.Host       // the host before the update
	After   zabbix.Host       // the host after the update
}

// undoTimeout bounds an undo, which runs even when the run's context has
// ended.
const undoTimeout = 30 * time.Second

// UndoContext is the context of an undo: ctx's values without its end, and
// at most undoTimeout.
func UndoContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
}

// Sync brings the Zabbix host of hc in line with hc and links every
// unlinked interface. It reads the host, forgets links to interfaces the
// host no longer has, keeps by ID any Zabbix interface identical to an
// unlinked one, sends the payload of ConfigUpdate, reads the interfaces
// back and links them with Link. Sync persists nothing: the caller stores
// Synced.Config, and calls Synced.UndoAfter if that fails.
//
// When the update fails, or linking fails after it, Sync restores the host
// as it was; if the restore fails too the error is an *UndoError.
func Sync(ctx context.Context, z HostUpdater, hc store.HostConfig) (Synced, error) {
	s, err := PlanSync(ctx, z, hc)
	if err != nil {
		return s, err
	}
	hc = s.Config
	if s.After, err = ApplyUpdate(ctx, z, s.Before, s.Payload, fmt.Sprintf("host config %q", hc.Name)); err != nil {
		return s, err
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
	before, err := ReadHost(ctx, z, hc)
	if err != nil {
		return Synced{}, err
	}
	hc = ForgetStale(hc, before.Interfaces)
	hc, _ = link(hc, hc.HostID, before.Interfaces, false)
	return Synced{Config: hc, Before: before, Payload: ConfigUpdate(hc, before)}, nil
}

// ApplyUpdate sends u, a change of the host before, and returns the host
// read back. When the outcome is unknown (the answer was lost), it
// restores before and returns the error, or an *UndoError when the restore
// fails too; a refusal changed nothing and is returned as it is. what
// names the change for errors.
func ApplyUpdate(ctx context.Context, z HostUpdater, before zabbix.Host, u zabbix.HostUpdate, what string) (zabbix.Host, error) {
	after, err := z.UpdateHost(ctx, u)
	if err == nil {
		return after, nil
	}
	err = fmt.Errorf("update Zabbix host %s of %s: %w", u.HostID, what, err)
	if Rejected(err) {
		return zabbix.Host{}, err // Zabbix changed nothing
	}
	return zabbix.Host{}, UndoAfter(ctx, z, before, err)
}

// UndoAfter undoes the update after the failure err and returns err, or
// an *UndoError when the undo fails too.
func (s Synced) UndoAfter(ctx context.Context, z HostUpdater, err error) error {
	return UndoAfter(ctx, z, s.Before, err)
}

// UndoAfter restores the host before (see Restore) after the failure err
// and returns err, or an *UndoError when the restore fails too.
func UndoAfter(ctx context.Context, z HostUpdater, before zabbix.Host, err error) error {
	if uerr := Restore(ctx, z, before); uerr != nil {
		return &UndoError{HostID: before.HostID, Action: "restore the host", Err: err, UndoErr: uerr}
	}
	return err
}

// Restore brings the host back to before, as it was read: its names,
// interfaces (kept ones by ID, removed ones re-created), templates, groups,
// tags, status, description, inventory and monitoring source. It reads the
// host first, so it is right whether or not an update took effect, and it
// runs even when ctx has ended.
func Restore(ctx context.Context, z HostUpdater, before zabbix.Host) error {
	ctx, cancel := UndoContext(ctx)
	defer cancel()
	hosts, err := z.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{before.HostID}})
	if err != nil {
		return err
	}
	if len(hosts) == 0 {
		return fmt.Errorf("host %s is gone from Zabbix", before.HostID)
	}
	_, err = z.UpdateHost(ctx, restoreUpdate(before, hosts[0]))
	return err
}

// Rejected reports whether err is a definite refusal, after which Zabbix
// changed nothing: an error answer to the write (Zabbix API calls are
// transactional), a request the client refused to send, or one that
// never reached the server. Any other failure leaves the outcome unknown;
// a write that succeeded but could not be read back (*zabbix.ReadBackError)
// changed Zabbix.
func Rejected(err error) bool {
	var rb *zabbix.ReadBackError
	if errors.As(err, &rb) {
		return false
	}
	var apiErr *zabbix.APIError
	return errors.As(err, &apiErr) || errors.Is(err, zabbix.ErrUnsupported) ||
		errors.Is(err, zabbix.ErrInvalidRequest) || errors.Is(err, zabbix.ErrNotSent)
}

// ReadHost reads the Zabbix host of hc; a host that is not there is an
// error matching ErrHostMissing.
func ReadHost(ctx context.Context, z HostUpdater, hc store.HostConfig) (zabbix.Host, error) {
	hosts, err := z.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{hc.HostID}})
	if err != nil {
		return zabbix.Host{}, fmt.Errorf("read Zabbix host %s of host config %q: %w", hc.HostID, hc.Name, err)
	}
	if len(hosts) == 0 {
		return zabbix.Host{}, Failure(ErrHostMissing,
			"host config %q points at Zabbix host %s, which does not exist: clear its host ID and provision the object again", hc.Name, hc.HostID)
	}
	return hosts[0], nil
}

// ForgetStale unlinks the config interfaces whose Zabbix interface the
// host no longer has (have), so that they are pushed again.
func ForgetStale(hc store.HostConfig, have []zabbix.HostInterface) store.HostConfig {
	hc = hc.Clone()
	for i := range hc.Interfaces {
		in := &hc.Interfaces[i]
		if in.Linked() && !slices.ContainsFunc(have, func(z zabbix.HostInterface) bool { return z.InterfaceID == in.InterfaceID }) {
			in.InterfaceID, in.HostID = "", ""
		}
	}
	return hc
}

// restoreUpdate is the host.update that turns current back into before.
func restoreUpdate(before, current zabbix.Host) zabbix.HostUpdate {
	u := before.AsUpdate()
	for i := range u.Interfaces {
		in := &u.Interfaces[i]
		in.HostID = ""
		if !slices.ContainsFunc(current.Interfaces, func(z zabbix.HostInterface) bool { return z.InterfaceID == in.InterfaceID }) {
			in.InterfaceID = ""
		}
	}
	for _, id := range current.TemplateIDs {
		if !slices.Contains(before.TemplateIDs, id) {
			u.TemplatesClear = append(u.TemplatesClear, id)
		}
	}
	// Inventory fields current has and before had not are cleared.
	if before.InventoryMode != zabbix.InventoryDisabled {
		for k := range current.Inventory {
			if _, ok := before.Inventory[k]; !ok {
				if u.Inventory == nil {
					u.Inventory = make(map[string]string)
				}
				u.Inventory[k] = ""
			}
		}
	} else {
		u.Inventory = nil
	}
	if maps.Equal(u.Inventory, current.Inventory) {
		u.Inventory = nil
	}
	return u
}
