package memzabbix

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// UpdateHost updates the host h.HostID, all or nothing, and returns it read
// back (see Hosts).
//
// What h leaves out stays as it is: a nil slice or map (GroupIDs,
// TemplateIDs, Tags, Inventory, Interfaces), an empty string (Host, Name,
// Description, TLSPSKIdentity, TLSPSK) and a zero TLSConnect or TLSAccept.
// A non-nil slice or map, even an empty one, replaces: Interfaces is the
// host's new interface set, where an interface with an InterfaceID keeps
// that ID (it must be one of the host's) and one without gets a new ID;
// TemplateIDs is the new set of linked templates. TemplatesClear unlinks
// the templates it lists (linked or not). Status, InventoryMode and
// MonitoredBy are always applied, so pass the values the host should have;
// ProxyID and ProxyGroupID count only when MonitoredBy asks for them, and
// PSK fields are cleared when the host stops using PSK.
//
// An unknown host ID is an error matching zabbix.ErrNoObject; so is an
// unknown InterfaceID. The rest is validated as CreateHosts does.
func (s *Server) UpdateHost(ctx context.Context, h zabbix.Host) (zabbix.Host, error) {
	in := h.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodUpdateHost, in.Clone())
	if err != nil {
		return zabbix.Host{}, s.end(idx, err)
	}
	var next zabbix.Host
	if s.v7() {
		next, err = s.validateUpdate7(in)
	} else {
		next, err = s.validateUpdate6(in)
	}
	if err != nil {
		return zabbix.Host{}, s.end(idx, err)
	}
	for i, x := range next.Interfaces {
		next.Interfaces[i] = s.storedInterface(x, next.HostID, cmpOrNew(x.InterfaceID, s.newInterfaceID))
	}
	s.hosts[next.HostID] = next
	if after != nil {
		return zabbix.Host{}, s.end(idx, after)
	}
	return s.read(next.HostID), s.end(idx, nil)
}

// merge returns cur changed by the request in (see UpdateHost).
func merge(cur, in zabbix.Host) zabbix.Host {
	next := cur.Clone()
	next.Host = cmp.Or(in.Host, cur.Host)
	if strings.TrimSpace(in.Name) != "" {
		next.Name = in.Name
	}
	next.Status = in.Status
	next.Description = cmp.Or(in.Description, cur.Description)
	if in.GroupIDs != nil {
		next.GroupIDs = slices.Clone(in.GroupIDs)
	}
	if in.TemplateIDs != nil {
		next.TemplateIDs = slices.Clone(in.TemplateIDs)
	}
	next.TemplateIDs = slices.DeleteFunc(next.TemplateIDs, func(id string) bool {
		return slices.Contains(in.TemplatesClear, id)
	})
	if in.Tags != nil {
		next.Tags = slices.Clone(in.Tags)
	}
	next.InventoryMode = in.InventoryMode
	next.Inventory = storedInventory(in.InventoryMode, in.Inventory, cur.Inventory)
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
