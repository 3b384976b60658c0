package zabbix

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// Host API methods.
const (
	methodHostCreate = "host.create"
	methodHostGet    = "host.get"
	methodHostUpdate = "host.update"
	methodHostDelete = "host.delete"
)

// idsResult is the result of host.create, host.update and host.delete.
type idsResult struct {
	HostIDs []flexString `json:"hostids"`
}

func (r idsResult) strings() []string {
	out := make([]string, len(r.HostIDs))
	for i, id := range r.HostIDs {
		out[i] = string(id)
	}
	return out
}

// CreateHosts creates the hosts, all or none (Zabbix's array host.create is
// atomic), and returns them in input order as stored: what was sent, with
// the new host IDs and the interfaces read back with their IDs.
//
// It costs one HTTP request (after the version probe, and a login with a
// user and password): a JSON-RPC batch of one array host.create and a
// host.get of the new names, which Zabbix runs in order. The read is
// trusted only when the create succeeded and the host IDs it returned are
// exactly those read back, in input order; otherwise the error is a
// *ReadBackError naming the hosts that were created. A refused create is
// the server's *APIError (the host.get of that batch, which would show
// another, pre-existing host of the same name, is ignored).
//
// Creating no hosts makes no request. A host monitored by a proxy group on
// a server older than 7.0 is a *VersionError, and a host monitored by a
// proxy without a ProxyID there an error matching ErrInvalidRequest; in
// both cases nothing is sent.
func (c *Client) CreateHosts(ctx context.Context, hosts []Host) ([]Host, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(hosts) == 0 {
		return nil, nil
	}
	v, err := c.Version(ctx)
	if err != nil {
		return nil, notSent(err)
	}
	params := make([]map[string]any, len(hosts))
	names := make([]string, len(hosts))
	secrets := &scrubber{}
	for i, h := range hosts {
		if params[i], err = createParams(v, h); err != nil {
			return nil, err
		}
		names[i] = h.Host
		secrets.addHost(h)
	}
	var created idsResult
	var read []readHost
	create := &call{method: methodHostCreate, params: params, result: &created}
	get := &call{method: methodHostGet, result: &read, params: map[string]any{
		"output":           []string{"hostid", "host"},
		"selectInterfaces": interfaceFields(),
		"filter":           map[string]any{"host": names},
	}}
	if err := c.do(ctx, &request{calls: []*call{create, get}, scrub: secrets}); err != nil {
		return nil, err
	}
	if create.err != nil {
		return nil, create.err
	}
	ids := created.strings()
	fail := func(format string, args ...any) error {
		return &ReadBackError{Method: methodHostCreate, HostIDs: ids, Reason: fmt.Sprintf(format, args...)}
	}
	if len(ids) != len(hosts) {
		return nil, fail("it returned %d host IDs for %d hosts", len(ids), len(hosts))
	}
	if get.err != nil {
		e := fail("host.get failed").(*ReadBackError)
		e.Err = get.err
		return nil, e
	}
	byName := make(map[string]readHost, len(read))
	for _, r := range read {
		byName[r.Host] = r
	}
	out := make([]Host, len(hosts))
	for i, name := range names {
		r, ok := byName[name]
		switch {
		case !ok:
			return nil, fail("host %q is not there", name)
		case string(r.HostID) != ids[i]:
			return nil, fail("host %q reads back with host ID %s, not %s", name, r.HostID, ids[i])
		}
		out[i] = asCreated(hosts[i], ids[i], r.host(v).Interfaces)
	}
	return out, nil
}

// asCreated is a host as host.create stored it: what was sent, with its new
// host ID and the interfaces read back. The read-back is kept to the
// interfaces (the part Zabbix gives IDs to), which keeps a large batch's
// host.get cheap; the rest Zabbix accepted as sent.
func asCreated(sent Host, hostID string, ifaces []HostInterface) Host {
	h := sent.Clone()
	h.HostID, h.Interfaces = hostID, ifaces
	h.TLSPSKIdentity, h.TLSPSK, h.TemplatesClear = "", "", nil
	if h.Name == "" {
		h.Name = h.Host
	}
	if h.InventoryMode == InventoryDisabled || len(h.Inventory) == 0 {
		h.Inventory = nil
	}
	h.TLSConnect, h.TLSAccept = cmp.Or(h.TLSConnect, TLSNone), cmp.Or(h.TLSAccept, TLSNone)
	if h.MonitoredBy != MonitoredByProxy {
		h.ProxyID = "" // not sent
	}
	if h.MonitoredBy != MonitoredByProxyGroup {
		h.ProxyGroupID = ""
	}
	return h
}

// Hosts returns the hosts whose ID is in q.HostIDs, whose technical name
// is in q.Names or starts with q.NamePrefix, each once, ordered by host ID, with their interfaces,
// templates, groups, tags and non-empty inventory fields. Missing hosts are
// left out; an empty query matches nothing and makes no request.
//
// It costs one HTTP request: host.get ANDs hostids with a filter, so a
// query with more than one kind is a batch of host.get whose answers are
// merged; AgentIPs add a hostinterface.get to the batch and, when it finds
// hosts the rest did not, a second request reading them.
// Being a read, it is sent again once after a transport error.
func (c *Client) Hosts(ctx context.Context, q HostQuery) ([]Host, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.Empty() {
		return nil, nil
	}
	v, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	params := getParams
	if q.Brief {
		params = briefParams
	}
	var calls []*call
	results := make([][]readHost, 6)
	if len(q.HostIDs) > 0 {
		calls = append(calls, &call{method: methodHostGet, result: &results[0],
			params: params(v, map[string]any{"hostids": q.HostIDs})})
	}
	if len(q.Names) > 0 {
		calls = append(calls, &call{method: methodHostGet, result: &results[1],
			params: params(v, map[string]any{"filter": map[string]any{"host": q.Names}})})
	}
	if q.NamePrefix != "" {
		// Zabbix searches without case; the exact prefix is checked below.
		calls = append(calls, &call{method: methodHostGet, result: &results[2],
			params: params(v, map[string]any{"search": map[string]any{"host": q.NamePrefix}, "startSearch": true})})
	}
	if q.Tag != "" {
		// Operator 4: the tag exists, whatever its value; 1: it equals the
		// value. Conditions on one tag name are ORed.
		tags := []map[string]any{{"tag": q.Tag, "operator": 4}}
		if len(q.TagValues) > 0 {
			tags = make([]map[string]any, len(q.TagValues))
			for i, val := range q.TagValues {
				tags[i] = map[string]any{"tag": q.Tag, "value": val, "operator": 1}
			}
		}
		calls = append(calls, &call{method: methodHostGet, result: &results[3], params: params(v, map[string]any{"tags": tags})})
	}
	if len(q.VisibleNames) > 0 {
		calls = append(calls, &call{method: methodHostGet, result: &results[4],
			params: params(v, map[string]any{"filter": map[string]any{"name": q.VisibleNames}})})
	}
	var ifaces []struct {
		HostID flexString `json:"hostid"`
	}
	if len(q.AgentIPs) > 0 {
		calls = append(calls, &call{method: "hostinterface.get", result: &ifaces,
			params: map[string]any{"output": []string{"hostid"}, "filter": map[string]any{"ip": q.AgentIPs, "type": int(InterfaceAgent)}}})
	}
	if err := c.do(ctx, &request{calls: calls, read: true}); err != nil {
		return nil, err
	}
	for _, cl := range calls {
		if cl.err != nil {
			return nil, cl.err
		}
	}
	if len(ifaces) > 0 {
		have := make(map[string]bool)
		for _, rs := range results {
			for _, r := range rs {
				have[string(r.HostID)] = true
			}
		}
		var more []string
		for _, in := range ifaces {
			if id := string(in.HostID); !have[id] {
				have[id] = true
				more = append(more, id)
			}
		}
		if len(more) > 0 {
			get := &call{method: methodHostGet, result: &results[5], params: params(v, map[string]any{"hostids": more})}
			if err := c.do(ctx, &request{calls: []*call{get}, read: true}); err != nil {
				return nil, err
			}
			if get.err != nil {
				return nil, get.err
			}
		}
	}
	results[2] = slices.DeleteFunc(results[2], func(r readHost) bool { return !strings.HasPrefix(r.Host, q.NamePrefix) })
	seen := make(map[string]bool)
	var out []Host
	for _, rs := range results {
		for _, r := range rs {
			if id := string(r.HostID); !seen[id] {
				seen[id] = true
				out = append(out, r.host(v))
			}
		}
	}
	slices.SortFunc(out, func(a, b Host) int { return CompareIDs(a.HostID, b.HostID) })
	return out, nil
}

// UpdateHost sends a host.update (see HostUpdate for what it leaves alone)
// and returns the host read back.
//
// It costs one HTTP request, a batch of host.update and a host.get of the
// host; the read is trusted only when the update succeeded. A refused
// update is the server's *APIError; a successful one that cannot be read
// back is a *ReadBackError. It is never sent twice, except when Zabbix
// rolled it back on a database conflict.
func (c *Client) UpdateHost(ctx context.Context, h HostUpdate) (Host, error) {
	if err := ctx.Err(); err != nil {
		return Host{}, err
	}
	v, err := c.Version(ctx)
	if err != nil {
		return Host{}, notSent(err)
	}
	params, err := updateParams(v, h)
	if err != nil {
		return Host{}, err
	}
	secrets := &scrubber{}
	secrets.addUpdate(h)
	var updated idsResult
	var read []readHost
	update := &call{method: methodHostUpdate, params: params, result: &updated}
	get := &call{method: methodHostGet, params: getParams(v, map[string]any{"hostids": []string{h.HostID}}), result: &read}
	if err := c.do(ctx, &request{calls: []*call{update, get}, scrub: secrets}); err != nil {
		return Host{}, err
	}
	if update.err != nil {
		return Host{}, update.err
	}
	switch {
	case get.err != nil:
		return Host{}, &ReadBackError{Method: methodHostUpdate, HostIDs: []string{h.HostID}, Reason: "host.get failed", Err: get.err}
	case len(read) != 1 || string(read[0].HostID) != h.HostID:
		return Host{}, &ReadBackError{Method: methodHostUpdate, HostIDs: []string{h.HostID},
			Reason: fmt.Sprintf("host.get returned %d hosts for host ID %s", len(read), h.HostID)}
	}
	return read[0].host(v), nil
}

// DeleteHosts deletes hosts, all or none: one unknown ID fails the call
// (an *APIError matching ErrNoObject) and deletes nothing. It costs one
// HTTP request, never sent twice; deleting no hosts makes none.
func (c *Client) DeleteHosts(ctx context.Context, hostIDs ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(hostIDs) == 0 {
		return nil
	}
	var deleted idsResult
	cl := &call{method: methodHostDelete, params: slices.Clone(hostIDs), result: &deleted}
	if err := c.do(ctx, &request{calls: []*call{cl}}); err != nil {
		return err
	}
	return cl.err
}
