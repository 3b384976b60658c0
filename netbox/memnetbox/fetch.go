package memnetbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// PutRelated adds or replaces the object that Fetch serves at the API path
// p ("/api/dcim/sites/1/"; an absolute URL counts by its path).
func (n *NetBox) PutRelated(p string, obj map[string]any) {
	c, err := jsonCopy(obj)
	if err != nil {
		panic(fmt.Sprintf("memnetbox: PutRelated(%q): %v", p, err))
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.related[apiPath(p)] = c
}

// Fetch returns a copy of the object at an API URL or path, as the REST
// client's Fetch does: a related object held at that path, or a device,
// virtual machine or IP address at its API path
// ("/api/dcim/devices/1/", "/api/virtualization/virtual-machines/1/",
// "/api/ipam/ip-addresses/10/") in NetBox's JSON shape. The host of an
// absolute URL is ignored. Numbers come back as json.Number, as the REST
// client returns them. A missing path is an error matching
// netbox.ErrNotFound.
func (n *NetBox) Fetch(ctx context.Context, rawURL string) (map[string]any, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	idx, err := n.begin(ctx, Call{Method: MethodFetch, URL: rawURL})
	if err != nil {
		return nil, n.end(idx, err)
	}
	p := apiPath(rawURL)
	if obj, ok := n.related[p]; ok {
		return jsonCopy(obj)
	}
	if v, ok := n.held(p); ok {
		return jsonCopy(v)
	}
	return nil, n.end(idx, fmt.Errorf("memnetbox: %s: %w", p, netbox.ErrNotFound))
}

// held finds the device, virtual machine or IP address at an API path.
// n.mu must be held.
func (n *NetBox) held(p string) (any, bool) {
	for prefix, t := range map[string]netbox.ObjectType{
		"/api/dcim/devices/":                    netbox.TypeDevice,
		"/api/virtualization/virtual-machines/": netbox.TypeVirtualMachine,
		"/api/ipam/ip-addresses/":               netbox.TypeIPAddress,
	} {
		idText, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSuffix(idText, "/"), 10, 64)
		if err != nil {
			return nil, false
		}
		if t == netbox.TypeIPAddress {
			ip, ok := n.ips[id]
			return ip, ok
		}
		o, ok := n.objects[netbox.Ref{Type: t, ID: id}]
		return o, ok
	}
	return nil, false
}

// apiPath is the path of an API URL, with a trailing slash.
func apiPath(raw string) string {
	p := raw
	if u, err := url.Parse(raw); err == nil {
		p = u.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// jsonCopy returns v as generic JSON (numbers as json.Number): a deep copy
// in the form the REST client returns.
func jsonCopy(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}
