package mapping_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
)

// summaries is a device as NetBox nests its relations: summaries only.
func summaries() *netbox.Object {
	return &netbox.Object{
		Type: netbox.TypeDevice, ID: 1, Name: "sw-01",
		Site:     &netbox.Nested{ID: 1, URL: "/api/dcim/sites/1/", Name: "DC1", Slug: "dc1"},
		Location: &netbox.Nested{ID: 4, URL: "/api/dcim/locations/4/", Name: "Room 1"},
		Tenant:   &netbox.Nested{ID: 9, URL: "/api/tenancy/tenants/9/"},
	}
}

// netboxAPI answers Fetch from fixed full objects and counts the calls.
type netboxAPI struct {
	objects map[string]map[string]any
	calls   map[string]int
	fail    error
}

func newNetboxAPI() *netboxAPI {
	return &netboxAPI{calls: make(map[string]int), objects: map[string]map[string]any{
		"/api/dcim/sites/1/": {"id": 1, "url": "/api/dcim/sites/1/", "name": "DC1", "slug": "dc1",
			"latitude": "59.33", "region": map[string]any{"id": 3, "url": "/api/dcim/regions/3/", "name": "Stockholm"}},
		"/api/dcim/regions/3/": {"id": 3, "name": "Stockholm", "parent": map[string]any{"id": 2, "name": "Sweden"}},
		"/api/dcim/locations/4/": {"id": 4, "name": "Room 1",
			"site": map[string]any{"id": 1, "url": "/api/dcim/sites/1/", "name": "DC1"}},
	}}
}

func (a *netboxAPI) fetch(_ context.Context, url string) (map[string]any, error) {
	a.calls[url]++
	if a.fail != nil {
		return nil, a.fail
	}
	o, ok := a.objects[url]
	if !ok {
		return nil, fmt.Errorf("%s: %w", url, netbox.ErrNotFound)
	}
	return o, nil
}

func TestExpand(t *testing.T) {
	t.Parallel()
	api := newNetboxAPI()
	obj := summaries()
	paths := []string{"site.region", "site.latitude", "site.region.parent.name", "location.site.latitude", "tenant.name", "name", "cluster.name"}
	if err := mapping.Expand(t.Context(), obj, paths, api.fetch); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"site.region":             {"Stockholm"},
		"site.latitude":           {"59.33"},
		"site.region.parent.name": {"Sweden"},
		"location.site.latitude":  {"59.33"},
		"tenant.name":             nil, // the tenant's URL is missing in NetBox
		"cluster.name":            nil,
	}
	for path, texts := range want {
		v, _ := mapping.Lookup(obj, path)
		if diff := cmp.Diff(texts, mapping.Texts(v)); diff != "" {
			t.Errorf("%s after Expand (-want +got):\n%s", path, diff)
		}
	}
	wantCalls := map[string]int{"/api/dcim/sites/1/": 1, "/api/dcim/regions/3/": 1, "/api/dcim/locations/4/": 1, "/api/tenancy/tenants/9/": 1}
	if diff := cmp.Diff(wantCalls, api.calls); diff != "" {
		t.Errorf("fetches (-want +got): each URL once\n%s", diff)
	}
	if obj.Site.Name != "DC1" || obj.Site.ID != 1 {
		t.Errorf("typed fields of the site changed: %+v", obj.Site)
	}
}

func TestExpandNothingToFetch(t *testing.T) {
	t.Parallel()
	api := newNetboxAPI()
	if err := mapping.Expand(t.Context(), summaries(), []string{"name", "site.name", "site.slug", ""}, api.fetch); err != nil {
		t.Fatal(err)
	}
	if len(api.calls) != 0 {
		t.Errorf("fetched %v; summaries answer these paths", api.calls)
	}
}

func TestExpandFetchError(t *testing.T) {
	t.Parallel()
	api := newNetboxAPI()
	api.fail = errors.New("connection refused")
	err := mapping.Expand(t.Context(), summaries(), []string{"site.region"}, api.fetch)
	if !errors.Is(err, api.fail) {
		t.Fatalf("Expand = %v, want the fetch error", err)
	}
}

// TestExpandShares: objects expanded at once from one shared cache of
// fetched responses (as a bulk run's planner shares them) resolve every
// path, and the shared responses never change, even where a path goes on
// into a fetched object ("location.site.latitude": the location's site
// summary needs the full site).
func TestExpandShares(t *testing.T) {
	t.Parallel()
	api := newNetboxAPI()
	before := fmt.Sprint(api.objects)
	var mu sync.Mutex
	cache := map[string]map[string]any{}
	shared := func(ctx context.Context, url string) (map[string]any, error) {
		mu.Lock()
		defer mu.Unlock()
		if m, ok := cache[url]; ok {
			return m, nil
		}
		m, err := api.fetch(ctx, url)
		cache[url] = m
		return m, err
	}
	paths := []string{"site.region.name", "location.site.latitude", "site.region.parent.name"}
	objs := make([]*netbox.Object, 8)
	var wg sync.WaitGroup
	for i := range objs {
		objs[i] = summaries()
		wg.Go(func() {
			if err := mapping.Expand(t.Context(), objs[i], paths, shared); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, o := range objs {
		if v, _ := mapping.Lookup(o, "site.region.name"); v != "Stockholm" {
			t.Errorf("site.region.name = %v", v)
		}
		if v, _ := mapping.Lookup(o, "location.site.latitude"); v == nil {
			t.Errorf("location.site.latitude unresolved")
		}
	}
	if after := fmt.Sprint(api.objects); after != before {
		t.Errorf("the fetched responses changed:\nbefore %s\nafter  %s", before, after)
	}
}
