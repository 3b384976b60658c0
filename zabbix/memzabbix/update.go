package memzabbix

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// UpdateHost applies the host.update u, all or nothing, and returns the
// host read back (see Hosts). What u leaves out stays as it is (see
// zabbix.HostUpdate): Interfaces is the host's new interface set, where an
// interface with an InterfaceID keeps that ID (IDs that are not the host's
// are dropped, as real servers do) and one without gets a new ID; PSK
// fields are cleared when the host stops using PSK.
//
// An unknown host ID is an error matching zabbix.ErrNoObject. The rest is
// validated as CreateHosts does.
func (s *Server) UpdateHost(ctx context.Context, u zabbix.HostUpdate) (zabbix.Host, error) {
	u = u.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodUpdateHost, u.Clone())
	if err != nil {
		return zabbix.Host{}, s.end(idx, err)
	}
	if err := s.update(u); err != nil {
		return zabbix.Host{}, s.end(idx, err)
	}
	if after != nil {
		return zabbix.Host{}, s.end(idx, after)
	}
	return s.read(u.HostID), s.end(idx, nil)
}

// UpdateHosts applies each host.update of updates as UpdateHost does, each
// all or nothing and independently of the others, and returns one error
// per update (nil when applied), as a JSON-RPC batch of host.update on a
// real server does. It is one call: FailCall fails it whole before any
// update, FailCallAfterApply after all of them.
func (s *Server) UpdateHosts(ctx context.Context, updates []zabbix.HostUpdate) ([]error, error) {
	us := make([]zabbix.HostUpdate, len(updates))
	for i, u := range updates {
		us[i] = u.Clone()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodUpdateHosts, cloneUpdates(us))
	if err != nil {
		return nil, s.end(idx, err)
	}
	if len(us) == 0 {
		return nil, s.end(idx, nil)
	}
	errs := make([]error, len(us))
	for i, u := range us {
		errs[i] = s.update(u)
	}
	if after != nil {
		return nil, s.end(idx, after)
	}
	return errs, s.end(idx, nil)
}

// update validates and applies one host.update; s.mu must be held.
func (s *Server) update(u zabbix.HostUpdate) error {
	var next zabbix.Host
	var err error
	if s.v7() {
		next, err = s.validateUpdate7(u)
	} else {
		next, err = s.validateUpdate6(u)
	}
	if err != nil {
		return err
	}
	for i, x := range next.Interfaces {
		next.Interfaces[i] = s.storedInterface(x, next.HostID, cmpOrNew(x.InterfaceID, s.newInterfaceID))
	}
	s.hosts[next.HostID] = next
	return nil
}

// asRequest is u as the checks of a host.update see it: the fields u sets
// and, for the status, inventory mode and monitoring source it leaves out,
// the values cur has, so that those checks pass as they do on a server
// that is not sent them.
func asRequest(u zabbix.HostUpdate, cur zabbix.Host) zabbix.Host {
	h := zabbix.Host{
		HostID:         u.HostID,
		Host:           u.Host,
		Name:           u.Name,
		Status:         deref(u.Status, cur.Status),
		GroupIDs:       u.GroupIDs,
		TemplateIDs:    u.TemplateIDs,
		TemplatesClear: u.TemplatesClear,
		Tags:           u.Tags,
		InventoryMode:  deref(u.InventoryMode, cur.InventoryMode),
		Inventory:      u.Inventory,
		Interfaces:     u.Interfaces,
		MonitoredBy:    cur.MonitoredBy,
		ProxyID:        cur.ProxyID,
		ProxyGroupID:   cur.ProxyGroupID,
		TLSConnect:     deref(u.TLSConnect, 0),
		TLSAccept:      deref(u.TLSAccept, 0),
		TLSPSKIdentity: u.TLSPSKIdentity,
		TLSPSK:         u.TLSPSK,
	}
	if u.Description != nil {
		h.Description = *u.Description
	}
	if u.MonitoredBy != nil {
		h.MonitoredBy, h.ProxyID, h.ProxyGroupID = *u.MonitoredBy, u.ProxyID, u.ProxyGroupID
	}
	return h
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// merge returns cur changed by the update u, whose checked form (with
// unknown interface IDs dropped) is in.
func merge(cur zabbix.Host, u zabbix.HostUpdate, in zabbix.Host) zabbix.Host {
	next := cur.Clone()
	next.Host = cmp.Or(u.Host, cur.Host)
	if strings.TrimSpace(u.Name) != "" {
		next.Name = u.Name
	}
	next.Status = in.Status
	if u.Description != nil {
		next.Description = *u.Description
	}
	if u.GroupIDs != nil {
		next.GroupIDs = slices.Clone(u.GroupIDs)
	}
	if u.TemplateIDs != nil {
		next.TemplateIDs = slices.Clone(u.TemplateIDs)
	}
	next.TemplateIDs = slices.DeleteFunc(next.TemplateIDs, func(id string) bool {
		return slices.Contains(u.TemplatesClear, id)
	})
	if u.Tags != nil {
		next.Tags = slices.Clone(u.Tags)
	}
	next.InventoryMode = in.InventoryMode
	next.Inventory = storedInventory(in.InventoryMode, u.Inventory, cur.Inventory)
	setMonitoring(&next, in)
	applyTLS(&next, in)
	if in.Interfaces != nil {
		next.Interfaces = make([]zabbix.HostInterface, len(in.Interfaces))
		for i, x := range in.Interfaces {
			next.Interfaces[i] = x.Clone()
		}
	}
	return next
}

// cmpOrNew returns id, or a new ID when id is empty.
func cmpOrNew(id string, newID func() string) string {
	if id != "" {
		return id
	}
	return newID()
}
