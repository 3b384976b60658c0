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

// serveList answers a list request: the objects whose IDs the "id"
// parameters name (all files when none) that match the filters, in
// NetBox's order, one page of "limit" (NetBox's default 50, at most its
// MAX_PAGE_SIZE; 0 means MAX_PAGE_SIZE) from "offset".
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
	filters, invalid := s.filters(res, q)
	if len(invalid) > 0 {
		writeJSON(w, http.StatusBadRequest, invalid)
		return
	}
	if len(q["id"]) == 0 {
		ids = slices.Collect(maps.Keys(s.files[res.kind]))
		if s.cfg.Synthetic {
			for i := range s.cfg.SyntheticList {
				ids = append(ids, FirstSyntheticID+int64(i))
			}
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var objs []map[string]any
	for _, id := range ids {
		if obj, ok := s.object(res, id, base); ok && matchAll(filters, obj) {
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
	maxPage := cmp.Or(s.cfg.MaxPageSize, 1000)
	if limit == 0 || limit > maxPage {
		limit = maxPage
	}
	offset := 0
	if v, err := strconv.Atoi(q.Get("offset")); err == nil && v >= 0 {
		offset = v
	}
	page := make([]map[string]any, 0, limit)
	for _, obj := range objs[min(offset, len(objs)):min(offset+limit, len(objs))] {
		page = append(page, s.render(r, res, obj))
	}
	body := map[string]any{"count": len(objs), "next": nil, "previous": nil, "results": page}
	self := base + r.URL.Path
	if offset+limit < len(objs) {
		body["next"] = withOffset(self, q, offset+limit)
	}
	if offset > 0 {
		body["previous"] = withOffset(self, q, offset-limit)
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

// render is obj as the request asks for it: without config_context when
// the request says exclude=config_context, as NetBox does, and from NetBox
// 4.0 on with only the top-level fields "fields=a,b,c" names (Django's
// QueryDict.get gives the last "fields" parameter; names the object lacks
// are ignored). NetBox 3.7 has no fields parameter and ignores it.
func (s *Server) render(r *http.Request, res *resource, obj map[string]any) map[string]any {
	q := r.URL.Query()
	out := maps.Clone(obj)
	if (res.kind == "device" || res.kind == "vm") && strings.Contains(last(q["exclude"]), "config_context") {
		delete(out, "config_context")
	}
	if f := last(q["fields"]); f != "" && s.version[0] >= 4 {
		keep := strings.Split(f, ",")
		for k := range out {
			if !slices.Contains(keep, k) {
				delete(out, k)
			}
		}
	}
	return out
}

func last(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return vals[len(vals)-1]
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
