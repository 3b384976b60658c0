package memzabbix

import (
	"context"
	"slices"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// CreateHosts creates hosts, all or none, as one array host.create does,
// and returns them read back in input order with their host and interface
// IDs. The first invalid host fails the whole call with the error a real
// server of the configured version gives. On a server older than 7.0,
// monitoring by proxy group is a *zabbix.VersionError. Creating no hosts is
// not an error. Interface IDs in hosts are ignored, and TemplatesClear has
// no meaning here.
func (s *Server) CreateHosts(ctx context.Context, hosts []zabbix.Host) ([]zabbix.Host, error) {
	in := cloneHosts(hosts)
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodCreateHosts, cloneHosts(in))
	if err != nil {
		return nil, s.end(idx, err)
	}
	for i := range in {
		in[i].Name = visibleName(in[i].Name, in[i].Host)
	}
	if s.v7() {
		err = s.validateCreate7(in)
	} else {
		err = s.validateCreate6(in)
	}
	if err != nil {
		return nil, s.end(idx, err)
	}
	ids := make([]string, len(in))
	for i, h := range in {
		ids[i] = s.insert(h)
	}
	if after != nil {
		return nil, s.end(idx, after)
	}
	out := make([]zabbix.Host, len(ids))
	for i, id := range ids {
		out[i] = s.read(id)
	}
	return out, s.end(idx, nil)
}

// insert stores a validated new host and returns its ID.
func (s *Server) insert(h zabbix.Host) string {
	st := zabbix.Host{
		HostID:        s.newHostID(),
		Host:          h.Host,
		Name:          h.Name,
		Status:        h.Status,
		Description:   h.Description,
		GroupIDs:      slices.Clone(h.GroupIDs),
		TemplateIDs:   slices.Clone(h.TemplateIDs),
		Tags:          slices.Clone(h.Tags),
		InventoryMode: h.InventoryMode,
		Inventory:     storedInventory(h.InventoryMode, h.Inventory, nil),
		MonitoredBy:   h.MonitoredBy,
	}
	setMonitoring(&st, h)
	applyTLS(&st, h)
	for _, in := range h.Interfaces {
		st.Interfaces = append(st.Interfaces, s.storedInterface(in, st.HostID, s.newInterfaceID()))
	}
	s.hosts[st.HostID] = st
	return st.HostID
}

// setMonitoring keeps the proxy only when monitored by proxy, and the proxy
// group only when monitored by proxy group, as Zabbix stores them.
func setMonitoring(dst *zabbix.Host, h zabbix.Host) {
	dst.MonitoredBy = h.MonitoredBy
	dst.ProxyID, dst.ProxyGroupID = "", ""
	switch h.MonitoredBy {
	case zabbix.MonitoredByProxy:
		dst.ProxyID = h.ProxyID
	case zabbix.MonitoredByProxyGroup:
		dst.ProxyGroupID = h.ProxyGroupID
	}
}

// storedInventory is the inventory Zabbix keeps for mode: none when
// disabled; otherwise cur (nil on create) with the fields set merged in,
// without empty values.
func storedInventory(mode zabbix.InventoryMode, set, cur map[string]string) map[string]string {
	if mode == zabbix.InventoryDisabled {
		return nil
	}
	var out map[string]string
	for _, m := range []map[string]string{cur, set} {
		for k, v := range m {
			if out == nil {
				out = make(map[string]string)
			}
			out[k] = v
		}
	}
	for k, v := range out {
		if v == "" {
			delete(out, k)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
