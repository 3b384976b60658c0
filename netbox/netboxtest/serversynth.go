package netboxtest

import (
	"fmt"
	"maps"
	"slices"
)

// object returns the object of res with the given ID, decoded with its
// URLs on base: from its file, or synthesized when the config says so.
// The result is the caller's to change at the top level.
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
	name := s.syntheticName(res.kind, id)
	switch res.kind {
	case "ip":
		name = syntheticAddress(id)
		obj["address"] = name
		s.renumberAssignment(obj, id, base)
	case "device", "vm":
		for _, k := range []string{"primary_ip4", "primary_ip"} {
			if ip, ok := obj[k].(map[string]any); ok {
				ip = maps.Clone(ip)
				ip["id"], ip["address"], ip["display"] = id, syntheticAddress(id), syntheticAddress(id)
				ip["url"] = fmt.Sprintf("%s/api/ipam/ip-addresses/%d/", base, id)
				obj[k] = ip
			}
		}
		obj["name"] = name
	default:
		obj["name"] = name
	}
	obj["display"] = name
	return obj, true
}

// renumberAssignment assigns a synthesized IP address N to interface N of
// device (or virtual machine) N.
func (s *Server) renumberAssignment(obj map[string]any, id int64, base string) {
	ao, ok := obj["assigned_object"].(map[string]any)
	if !ok {
		return
	}
	obj["assigned_object_id"] = id
	ao = maps.Clone(ao)
	ao["id"] = id
	parentKey, parentKind, parentPath, ifacePath := "device", "device", "dcim/devices", "dcim/interfaces"
	if obj["assigned_object_type"] == "virtualization.vminterface" {
		parentKey, parentKind, parentPath, ifacePath = "virtual_machine", "vm", "virtualization/virtual-machines", "virtualization/interfaces"
	}
	ao["url"] = fmt.Sprintf("%s/api/%s/%d/", base, ifacePath, id)
	if parent, ok := ao[parentKey].(map[string]any); ok {
		parent = maps.Clone(parent)
		name := s.syntheticName(parentKind, id)
		parent["id"], parent["name"], parent["display"] = id, name, name
		parent["url"] = fmt.Sprintf("%s/api/%s/%d/", base, parentPath, id)
		ao[parentKey] = parent
	}
	obj["assigned_object"] = ao
}

func (s *Server) syntheticName(kind string, id int64) string {
	return fmt.Sprintf("%s%s-%d", s.cfg.NamePrefix, kind, id)
}

func syntheticAddress(id int64) string {
	return fmt.Sprintf("10.%d.%d.%d/16", id>>16&0xff, id>>8&0xff, id&0xff)
}

// template is the decoded lowest-ID file of kind, decoded once per base
// URL. Synthesized objects are shallow copies of it: only top-level fields
// are set or replaced, and nothing of it is changed.
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
