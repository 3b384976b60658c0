package mapping

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// FetchFunc returns the full object behind a NetBox API URL, as the "url" field
// of a nested object gives it.
type FetchFunc func(ctx context.Context, url string) (map[string]any, error)

// Expand makes paths resolvable that NetBox's nested summaries cannot
// answer. NetBox nests related objects as summaries (id, url, display,
// name, slug): "site.region" or "location.site.latitude" need the full
// site. Walking each path over obj, when a step's field is missing from a
// nested object that has a URL, Expand fetches that URL once and merges the
// full object's fields into the nested one, then goes on. A URL that NetBox
// reports missing (netbox.ErrNotFound) leaves the path unresolved; any
// other fetch error is returned. Fetched values are never changed — a path
// that goes on into one changes a copy — so a caller may cache them and
// share them across objects and goroutines.
func Expand(ctx context.Context, obj *netbox.Object, paths []string, fetch FetchFunc) error {
	x := expander{fetch: fetch, cache: make(map[string]map[string]any)}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := x.walk(ctx, obj, nil, strings.Split(p, ".")); err != nil {
			return err
		}
	}
	return nil
}

type expander struct {
	fetch FetchFunc
	cache map[string]map[string]any // URL → full object (nil: missing), per call
}

// walk follows keys from cur; set puts a new value in cur's place in its
// parent (nil for the object itself). The object and its nested summaries
// are its own and change in place; maps and lists that came from a
// fetched object may be shared with other objects and never change: a
// step that must add to one adds to a copy, which takes its place.
func (x *expander) walk(ctx context.Context, cur any, set func(any), keys []string) error {
	for i, key := range keys {
		var (
			v     any
			ok    bool
			child func(any)
		)
		switch c := cur.(type) {
		case *netbox.Object:
			v, ok = c.Field(key)
			child = func(nv any) { setField(c, key, nv) }
		case *netbox.Nested:
			if v, ok = c.Field(key); !ok && c.URL != "" {
				full, err := x.get(ctx, c.URL)
				if err != nil {
					return err
				}
				mergeNested(c, full)
				v, ok = c.Field(key)
			}
			child = func(nv any) {
				if c.Attrs == nil {
					c.Attrs = make(map[string]any)
				}
				c.Attrs[key] = nv
			}
		case map[string]any:
			if v, ok = c[key]; !ok {
				if url, _ := c["url"].(string); url != "" && set != nil {
					full, err := x.get(ctx, url)
					if err != nil {
						return err
					}
					own := maps.Clone(c)
					for k, fv := range full {
						if _, have := own[k]; !have {
							own[k] = fv
						}
					}
					set(own)
					c = own
					v, ok = c[key]
				}
			}
			child = func(nv any) {
				own := maps.Clone(c)
				own[key] = nv
				set(own)
				c = own
			}
		case []any:
			for j := range c {
				elem := func(nv any) {
					own := slices.Clone(c)
					own[j] = nv
					set(own)
					c = own
				}
				if err := x.walk(ctx, c[j], elem, keys[i:]); err != nil {
					return err
				}
			}
			return nil
		}
		if !ok || isNil(v) {
			return nil
		}
		cur, set = v, child
	}
	return nil
}

// setField puts v in the place of o's top-level field name: its custom
// fields, or an entry of Attrs (the only fields that hold maps and lists).
func setField(o *netbox.Object, name string, v any) {
	if name == "custom_fields" {
		if m, ok := v.(map[string]any); ok {
			o.CustomFields = m
		}
		return
	}
	if o.Attrs == nil {
		o.Attrs = make(map[string]any)
	}
	o.Attrs[name] = v
}

// get returns the full object at url, fetching it at most once per call;
// a missing object gives nil. The object is shared: it must not change.
func (x *expander) get(ctx context.Context, url string) (map[string]any, error) {
	full, seen := x.cache[url]
	if !seen {
		var err error
		full, err = x.fetch(ctx, url)
		switch {
		case errors.Is(err, netbox.ErrNotFound):
			full = nil
		case err != nil:
			return nil, err
		}
		x.cache[url] = full
	}
	return full, nil
}

// mergeNested adds the fields of the full object that n lacks: empty typed
// fields are filled, the others go to Attrs.
func mergeNested(n *netbox.Nested, full map[string]any) {
	for k, v := range full {
		s, _ := v.(string)
		switch k {
		case "id", "url":
		case "display":
			n.Display = cmp.Or(n.Display, s)
		case "name":
			n.Name = cmp.Or(n.Name, s)
		case "slug":
			n.Slug = cmp.Or(n.Slug, s)
		default:
			if _, have := n.Attrs[k]; !have {
				if n.Attrs == nil {
					n.Attrs = make(map[string]any, len(full))
				}
				n.Attrs[k] = v
			}
		}
	}
}
