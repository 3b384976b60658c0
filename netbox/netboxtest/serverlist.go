package netboxtest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// resource is a NetBox API endpoint the Server knows.
type resource struct {
	path  string // under /api/: "dcim/devices"
	kind  string // fixture file prefix: "device"
	model string // Django model name, for 404 messages
	order string // the field NetBox orders lists by
}

var resources = []*resource{
	{"dcim/devices", "device", "Device", "name"},
	{"virtualization/virtual-machines", "vm", "VirtualMachine", "name"},
	{"ipam/ip-addresses", "ip", "IPAddress", "address"},
	{"dcim/sites", "site", "Site", "name"},
	{"dcim/locations", "location", "Location", "name"},
	{"dcim/regions", "region", "Region", "name"},
	{"dcim/device-roles", "role", "DeviceRole", "name"},
	{"dcim/platforms", "platform", "Platform", "name"},
	{"tenancy/tenants", "tenant", "Tenant", "name"},
	{"virtualization/clusters", "cluster", "Cluster", "name"},
	{"dcim/interfaces", "interface", "Interface", "name"},
	{"virtualization/interfaces", "vminterface", "VMInterface", "name"},
}

func resourceOfKind(kind string) *resource {
	for _, r := range resources {
		if r.kind == kind {
			return r
		}
	}
	return nil
}

// route splits an API path into its resource and ID (0 for the list).
func route(p string) (*resource, int64, bool) {
	rest, ok := strings.CutPrefix(p, "/api/")
	if !ok || !strings.HasSuffix(rest, "/") {
		return nil, 0, false
	}
	rest = strings.TrimSuffix(rest, "/")
	for _, r := range resources {
		if rest == r.path {
			return r, 0, true
		}
		if idText, ok := strings.CutPrefix(rest, r.path+"/"); ok {
			id, err := strconv.ParseInt(idText, 10, 64)
			return r, id, err == nil && id > 0
		}
	}
	return nil, 0, false
}

// object returns the object of res with the given ID, decoded with its
// URLs on base: from its file, or synthesized when the config says so.
func (s *Server) object(res *resource, id int64, base string) (map[string]any, bool) {
	if b, ok := s.files[res.kind][id]; ok {
		return decode(rewriteHost(b, base)), true
	}
	if !s.cfg.Synthetic || len(s.files[res.kind]) == 0 {
		return nil, false
	}
	obj := maps.Clone(s.template(res.kind, base))
	obj["id"] = id
	obj["url"] = fmt.Sprintf("%s/api/%s/%d/", base, res.path, id)
	if _, ok := obj["display_url"]; ok {
		obj["display_url"] = fmt.Sprintf("%s/%s/%d/", base, res.path, id)
	}
	name := fmt.Sprintf("%s-%d", res.kind, id)
	if res.kind == "ip" {
		name = fmt.Sprintf("10.%d.%d.%d/16", id>>16&0xff, id>>8&0xff, id&0xff)
		obj["address"] = name
	} else {
		obj["name"] = name
	}
	obj["display"] = name
	return obj, true
}

// template is the decoded lowest-ID file of kind, decoded once per base
// URL. Synthesized objects are shallow copies of it: only top-level fields
// are set or removed, and nothing of it is changed.
func (s *Server) template(kind, base string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := kind + " " + base
	if t, ok := s.templates[key]; ok {
		return t
	}
	first := slices.Min(slices.Collect(maps.Keys(s.files[kind])))
	t := decode(rewriteHost(s.files[kind][first], base))
	s.templates[key] = t
	return t
}

// serveList answers a list request: the objects whose IDs the "id"
// parameters name (all files when none), in NetBox's order, one page of
// "limit" (NetBox's default 50, at most its MAX_PAGE_SIZE of 1000) from
// "offset".
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, res *resource, base string) {
	q := r.URL.Query()
	var ids []int64
	for _, v := range q["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"id": []string{"Enter a number."}})
			return
		}
		ids = append(ids, id)
	}
	if len(q["id"]) == 0 {
		ids = slices.Collect(maps.Keys(s.files[res.kind]))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var objs []map[string]any
	for _, id := range ids {
		if obj, ok := s.object(res, id, base); ok {
			trimConfigContext(r, res, obj)
			objs = append(objs, obj)
		}
	}
	slices.SortStableFunc(objs, func(a, b map[string]any) int {
		return cmp.Or(cmp.Compare(fmt.Sprint(a[res.order]), fmt.Sprint(b[res.order])), cmp.Compare(fmt.Sprint(a["id"]), fmt.Sprint(b["id"])))
	})
	limit := 50
	if v, err := strconv.Atoi(q.Get("limit")); err == nil && v >= 0 {
		limit = v
	}
	if limit == 0 || limit > 1000 {
		limit = 1000
	}
	offset := 0
	if v, err := strconv.Atoi(q.Get("offset")); err == nil && v >= 0 {
		offset = v
	}
	page := objs[min(offset, len(objs)):min(offset+limit, len(objs))]
	body := map[string]any{"count": len(objs), "next": nil, "previous": nil, "results": page}
	self := base + r.URL.Path
	if offset+limit < len(objs) {
		body["next"] = withOffset(self, q, offset+limit)
	}
	if offset > 0 {
		body["previous"] = withOffset(self, q, offset-limit)
	}
	if page == nil {
		body["results"] = []any{}
	}
	writeJSON(w, http.StatusOK, body)
}

// withOffset writes a page link as Django REST framework does: the query
// re-encoded with its keys sorted, offset replaced (or removed when ≤ 0).
func withOffset(self string, q url.Values, offset int) string {
	q2 := url.Values{}
	for k, v := range q {
		q2[k] = slices.Clone(v)
	}
	if offset > 0 {
		q2.Set("offset", strconv.Itoa(offset))
	} else {
		q2.Del("offset")
	}
	return self + "?" + q2.Encode()
}

// trimConfigContext drops config_context from a device or virtual machine
// when the request says exclude=config_context, as NetBox does.
func trimConfigContext(r *http.Request, res *resource, obj map[string]any) {
	if (res.kind == "device" || res.kind == "vm") && strings.Contains(r.URL.Query().Get("exclude"), "config_context") {
		delete(obj, "config_context")
	}
}

func decode(b []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		panic(fmt.Sprintf("netboxtest: fixture is not a JSON object: %v", err))
	}
	return m
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
