package zabbix

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The methods of the objects hosts refer to.
const (
	methodHostGroupGet    = "hostgroup.get"
	methodHostGroupCreate = "hostgroup.create"
	methodTemplateGet     = "template.get"
	methodProxyGet        = "proxy.get"
	methodProxyGroupGet   = "proxygroup.get"
)

// readObject is a host group, template, proxy or proxy group as its .get
// returns it, in any version.
type readObject struct {
	GroupID      flexString `json:"groupid"`
	TemplateID   flexString `json:"templateid"`
	ProxyID      flexString `json:"proxyid"`
	ProxyGroupID flexString `json:"proxy_groupid"`
	Host         string     `json:"host"` // templates; proxies before 7.0
	Name         string     `json:"name"`
}

// byName is the params of a .get of objects named names (every object
// when none is given), reading output.
func byName(field string, names []string, output ...string) map[string]any {
	p := map[string]any{"output": output}
	if len(names) > 0 {
		p["filter"] = map[string]any{field: names}
	}
	return p
}

// getObjects runs one .get and returns its objects ordered by ID.
func getObjects[T any](ctx context.Context, c *Client, method string, params map[string]any, conv func(readObject) (T, string)) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var read []readObject
	cl := &call{method: method, params: params, result: &read}
	if err := c.do(ctx, &request{calls: []*call{cl}, read: true}); err != nil {
		return nil, err
	}
	if cl.err != nil {
		return nil, cl.err
	}
	type withID struct {
		v  T
		id string
	}
	out := make([]withID, len(read))
	for i, r := range read {
		v, id := conv(r)
		out[i] = withID{v, id}
	}
	slices.SortFunc(out, func(a, b withID) int { return CompareIDs(a.id, b.id) })
	vs := make([]T, len(out))
	for i, o := range out {
		vs[i] = o.v
	}
	return vs, nil
}

// HostGroups returns the host groups with the given names (every host
// group when none is given), ordered by ID. Names Zabbix has no group of
// are left out. It costs one HTTP request.
func (c *Client) HostGroups(ctx context.Context, names ...string) ([]HostGroup, error) {
	return getObjects(ctx, c, methodHostGroupGet, byName("name", names, "groupid", "name"), func(r readObject) (HostGroup, string) {
		return HostGroup{GroupID: string(r.GroupID), Name: r.Name}, string(r.GroupID)
	})
}

// CreateHostGroups creates host groups, all or none, and returns them with
// their IDs in input order. A name Zabbix already has is an *APIError
// (`Host group "…" already exists.`). It costs one HTTP request, never sent
// twice; creating none makes none.
func (c *Client) CreateHostGroups(ctx context.Context, names ...string) ([]HostGroup, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, nil
	}
	params := make([]map[string]string, len(names))
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			return nil, invalid(methodHostGroupCreate, "host group %d of %d has no name", i+1, len(names))
		}
		params[i] = map[string]string{"name": n}
	}
	var res struct {
		GroupIDs []flexString `json:"groupids"`
	}
	cl := &call{method: methodHostGroupCreate, params: params, result: &res}
	if err := c.do(ctx, &request{calls: []*call{cl}}); err != nil {
		return nil, err
	}
	if cl.err != nil {
		return nil, cl.err
	}
	if len(res.GroupIDs) != len(names) {
		return nil, fmt.Errorf("zabbix: %s returned %d group IDs for %d groups", methodHostGroupCreate, len(res.GroupIDs), len(names))
	}
	out := make([]HostGroup, len(names))
	for i, n := range names {
		out[i] = HostGroup{GroupID: string(res.GroupIDs[i]), Name: n}
	}
	return out, nil
}

// Templates returns the templates with the given technical names (every
// template when none is given), ordered by ID. It costs one HTTP request.
func (c *Client) Templates(ctx context.Context, names ...string) ([]Template, error) {
	return getObjects(ctx, c, methodTemplateGet, byName("host", names, "templateid", "host"), func(r readObject) (Template, string) {
		return Template{TemplateID: string(r.TemplateID), Name: r.Host}, string(r.TemplateID)
	})
}

// Proxies returns the proxies with the given names (every proxy when none
// is given), ordered by ID. Before 7.0 a proxy's name is its "host". It
// costs one HTTP request.
func (c *Client) Proxies(ctx context.Context, names ...string) ([]Proxy, error) {
	v, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	field := "name"
	if !v.HasProxyGroups() {
		field = "host"
	}
	return getObjects(ctx, c, methodProxyGet, byName(field, names, "proxyid", field), func(r readObject) (Proxy, string) {
		name := r.Name
		if field == "host" {
			name = r.Host
		}
		return Proxy{ProxyID: string(r.ProxyID), Name: name}, string(r.ProxyID)
	})
}

// ProxyGroups returns the proxy groups with the given names (every proxy
// group when none is given), ordered by ID. Servers before 7.0 have none:
// it returns none without a request. Otherwise it costs one HTTP request.
func (c *Client) ProxyGroups(ctx context.Context, names ...string) ([]ProxyGroup, error) {
	v, err := c.Version(ctx)
	if err != nil || !v.HasProxyGroups() {
		return nil, err
	}
	return getObjects(ctx, c, methodProxyGroupGet, byName("name", names, "proxy_groupid", "name"), func(r readObject) (ProxyGroup, string) {
		return ProxyGroup{ProxyGroupID: string(r.ProxyGroupID), Name: r.Name}, string(r.ProxyGroupID)
	})
}
