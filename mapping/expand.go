package mapping

import (
	"cmp"
	"context"
	"errors"
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
// other fetch error is returned. Fetched values are copied, so a caller may
// cache and share them across objects.
func Expand(ctx context.Context, obj *netbox.Object, paths []string, fetch FetchFunc) error {
	x := expander{fetch: fetch, cache: make(map[string]map[string]any)}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := x.walk(ctx, obj, strings.Split(p, ".")); err != nil {
			return err
		}
	}
	return nil
}

type expander struct {
	fetch FetchFunc
	cache map[string]map[string]any // URL → full object (nil: missing), per call
}

func (x *expander) walk(ctx context.Context, cur any, keys []string) error {
	for i, key := range keys {
		var (
			v  any
			ok bool
		)
		switch c := cur.(type) {
		case *netbox.Object:
			v, ok = c.Field(key)
		case *netbox.Nested:
			if v, ok = c.Field(key); !ok && c.URL != "" {
				full, err := x.get(ctx, c.URL)
				if err != nil {
					return err
				}
				mergeNested(c, full)
				v, ok = c.Field(key)
			}
		case map[string]any:
			if v, ok = c[key]; !ok {
				if url, _ := c["url"].(string); url != "" {
					full, err := x.get(ctx, url)
					if err != nil {
						return err
					}
					for k, fv := range full {
						if _, have := c[k]; !have {
							c[k] = fv
						}
					}
					v, ok = c[key]
				}
			}
		case []any:
			for _, e := range c {
				if err := x.walk(ctx, e, keys[i:]); err != nil {
					return err
				}
			}
			return nil
		}
		if !ok || isNil(v) {
			return nil
		}
		cur = v
	}
	return nil
}

// get returns a copy of the full object at url, fetching it at most once
// per call; a missing object gives nil.
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
	if full == nil {
		return nil, nil
	}
	return deepCopy(full).(map[string]any), nil
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

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(x))
		for k, e := range x {
			c[k] = deepCopy(e)
		}
		return c
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = deepCopy(e)
		}
		return c
	}
	return v
}
