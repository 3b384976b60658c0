package netboxtest

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// filterCase is a filter and the test every object it selects must pass.
type filterCase struct {
	filter string
	holds  func(o *netbox.Object) bool
}

// relationFilters are filters on the relations of obj (read with every
// field), each selecting obj: by slug and by ID, status, tags (all of
// them, as NetBox's tag filter wants each), name in another case, and a
// combination.
func relationFilters(obj *netbox.Object) []filterCase {
	var cases []filterCase
	for _, r := range []struct {
		key string
		n   *netbox.Nested
		get func(o *netbox.Object) *netbox.Nested
	}{
		{"site", obj.Site, func(o *netbox.Object) *netbox.Nested { return o.Site }},
		{"role", obj.Role, func(o *netbox.Object) *netbox.Nested { return o.Role }},
		{"platform", obj.Platform, func(o *netbox.Object) *netbox.Nested { return o.Platform }},
		{"tenant", obj.Tenant, func(o *netbox.Object) *netbox.Nested { return o.Tenant }},
	} {
		if r.n == nil {
			continue
		}
		want := *r.n
		if want.Slug != "" {
			cases = append(cases, filterCase{r.key + "=" + url.QueryEscape(want.Slug), func(o *netbox.Object) bool {
				return r.get(o) != nil && r.get(o).Slug == want.Slug
			}})
		}
		cases = append(cases, filterCase{r.key + "_id=" + strconv.FormatInt(want.ID, 10), func(o *netbox.Object) bool {
			return r.get(o) != nil && r.get(o).ID == want.ID
		}})
	}
	status := obj.Status.Value
	cases = append(cases,
		filterCase{"status=" + url.QueryEscape(status), func(o *netbox.Object) bool { return o.Status.Value == status }},
		filterCase{"name=" + url.QueryEscape(strings.ToUpper(obj.Name)), func(o *netbox.Object) bool { return strings.EqualFold(o.Name, obj.Name) }},
	)
	if len(obj.Tags) > 0 {
		v := url.Values{}
		var slugs []string
		for _, tag := range obj.Tags {
			v.Add("tag", tag.Slug)
			slugs = append(slugs, tag.Slug)
		}
		cases = append(cases, filterCase{v.Encode(), func(o *netbox.Object) bool {
			for _, s := range slugs {
				if !slices.ContainsFunc(o.Tags, func(tag netbox.Tag) bool { return tag.Slug == s }) {
					return false
				}
			}
			return true
		}})
	}
	if obj.Site != nil {
		site := obj.Site.ID
		cases = append(cases, filterCase{fmt.Sprintf("site_id=%d&status=%s", site, url.QueryEscape(status)), func(o *netbox.Object) bool {
			return o.Site != nil && o.Site.ID == site && o.Status.Value == status
		}})
	}
	return cases
}

// checkFilter reads q and checks that the result holds the object with ID
// want, that every object passes holds, and that it is ordered by ID.
func checkFilter(t *testing.T, c Client, q netbox.Query, want int64, holds func(o *netbox.Object) bool) {
	t.Helper()
	got, err := c.Objects(t.Context(), q)
	if err != nil {
		t.Errorf("Objects(%v): %v", q, err)
		return
	}
	ids := objectIDs(got)
	if !slices.Contains(ids, want) {
		t.Errorf("Objects(%v) = IDs %v, without %d", q, ids, want)
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("Objects(%v) = IDs %v, not ordered by ID, each once", q, ids)
	}
	for _, o := range got {
		if o.Type != q.Type {
			t.Errorf("Objects(%v) returned %s of type %q", q, o, o.Type)
		}
		if !holds(o) {
			t.Errorf("Objects(%v) returned %s, which does not match the filter", q, o)
		}
	}
}

// testFilterObjects: devices selected by a filter on their relations,
// status, tags and name, read with every field and with Fields.
func testFilterObjects(t *testing.T, c Client, fx Fixture) {
	dev := readOne(t, c, netbox.TypeDevice, fx.Device.ID)
	for _, fc := range relationFilters(dev) {
		checkFilter(t, c, netbox.Query{Type: netbox.TypeDevice, Filter: fc.filter}, dev.ID, fc.holds)
		checkFilter(t, c, netbox.Query{Type: netbox.TypeDevice, Filter: fc.filter, Fields: typedFields}, dev.ID, fc.holds)
	}
}

// testFilterVMs: virtual machines selected by their relations and their
// cluster, by ID and by name.
func testFilterVMs(t *testing.T, c Client, fx Fixture) {
	vm := readOne(t, c, netbox.TypeVirtualMachine, fx.VM.ID)
	cases := relationFilters(vm)
	if vm.Cluster != nil {
		cl := *vm.Cluster
		cases = append(cases,
			filterCase{"cluster_id=" + strconv.FormatInt(cl.ID, 10), func(o *netbox.Object) bool { return o.Cluster != nil && o.Cluster.ID == cl.ID }},
			filterCase{"cluster=" + url.QueryEscape(cl.Name), func(o *netbox.Object) bool { return o.Cluster != nil && o.Cluster.Name == cl.Name }})
	}
	for _, fc := range cases {
		checkFilter(t, c, netbox.Query{Type: netbox.TypeVirtualMachine, Filter: fc.filter}, vm.ID, fc.holds)
	}
}

// testFilterAndIDs: IDs and a filter together select the objects that
// have one of the IDs and match the filter.
func testFilterAndIDs(t *testing.T, c Client, fx Fixture) {
	dev := readOne(t, c, netbox.TypeDevice, fx.Device.ID)
	other := readOne(t, c, netbox.TypeDevice, fx.DeviceWithoutIP.ID)
	q := netbox.Query{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID, fx.DeviceWithoutIP.ID, fx.missingIDs()[0]},
		Filter: "status=" + url.QueryEscape(dev.Status.Value)}
	want := []int64{dev.ID}
	if other.Status.Value == dev.Status.Value {
		want = sortedIDs(dev.ID, other.ID)
	}
	for _, fields := range [][]string{nil, {}} {
		q.Fields = fields
		got, err := c.Objects(t.Context(), q)
		if err != nil || !slices.Equal(objectIDs(got), want) {
			t.Errorf("Objects(%v) = IDs %v, %v; want %v", q, objectIDs(got), err, want)
		}
	}
	q = netbox.Query{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID}, Filter: "name=" + url.QueryEscape(dev.Name)}
	if got, err := c.Objects(t.Context(), q); err != nil || !slices.Equal(objectIDs(got), []int64{dev.ID}) {
		t.Errorf("Objects(%v) = IDs %v, %v; want [%d]", q, objectIDs(got), err, dev.ID)
	}
}

// testFilterIPs: IP addresses selected by address: with a prefix length,
// that address and length; without, the host whatever the length.
func testFilterIPs(t *testing.T, c Client, fx Fixture) {
	want := fx.Device.PrimaryIP4
	host, length, _ := strings.Cut(want.Address, "/")
	if length != "32" && length != "" {
		q := netbox.Query{Filter: "address=" + url.QueryEscape(host+"/32")}
		if got, err := c.IPAddresses(t.Context(), q); err != nil || slices.Contains(ipIDs(got), want.ID) {
			t.Errorf("IPAddresses(%v) = IDs %v, %v; want %d (%s) not among them", q, ipIDs(got), err, want.ID, want.Address)
		}
	}
	for _, f := range []string{"address=" + url.QueryEscape(want.Address), "address=" + host} {
		for _, fields := range [][]string{nil, {}} {
			q := netbox.Query{Filter: f, Fields: fields}
			got, err := c.IPAddresses(t.Context(), q)
			if err != nil || !slices.Contains(ipIDs(got), want.ID) {
				t.Errorf("IPAddresses(%v) = IDs %v, %v; want %d among them", q, ipIDs(got), err, want.ID)
			}
			for _, ip := range got {
				if a, err := ip.IP(); err != nil || a.String() != host {
					t.Errorf("IPAddresses(%v) returned %d %s", q, ip.ID, ip.Address)
				}
			}
		}
	}
}

// testFilterNamesNothing: a filter value that names nothing NetBox has is
// an error matching netbox.ErrBadQuery, as NetBox answers it with 400.
func testFilterNamesNothing(t *testing.T, c Client, fx Fixture) {
	for _, q := range []netbox.Query{
		{Type: netbox.TypeDevice, Filter: "site=no-such-site-4711"},
		{Type: netbox.TypeDevice, Filter: "status=no-such-status"},
		{Type: netbox.TypeVirtualMachine, Filter: "tag=no-such-tag-4711"},
		{Type: netbox.TypeDevice, IDs: []int64{fx.Device.ID, fx.DeviceWithoutIP.ID}, Filter: "role=no-such-role-4711"},
	} {
		got, err := c.Objects(t.Context(), q)
		if !errors.Is(err, netbox.ErrBadQuery) {
			t.Errorf("Objects(%v) = IDs %v, %v; want an error matching netbox.ErrBadQuery", q, objectIDs(got), err)
		}
	}
}

// testAll: All reads every object, ordered by ID.
func testAll(t *testing.T, c Client, fx Fixture) {
	for _, fields := range [][]string{nil, {}} {
		q := netbox.Query{Type: netbox.TypeDevice, All: true, Fields: fields}
		got, err := c.Objects(t.Context(), q)
		if err != nil {
			t.Fatalf("Objects(%v): %v", q, err)
		}
		ids := objectIDs(got)
		if !slices.Contains(ids, fx.Device.ID) || !slices.Contains(ids, fx.DeviceWithoutIP.ID) {
			t.Errorf("Objects(%v) = IDs %v, without %d and %d", q, ids, fx.Device.ID, fx.DeviceWithoutIP.ID)
		}
		if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Errorf("Objects(%v) = IDs %v, not ordered by ID, each once", q, ids)
		}
	}
}

// testBadQueries: queries a backend cannot answer fail with an error
// matching netbox.ErrBadQuery that names the query.
func testBadQueries(t *testing.T, c Client, fx Fixture) {
	dev := []int64{fx.Device.ID}
	for _, q := range []netbox.Query{
		{Type: netbox.TypeIPAddress, IDs: dev},
		{Type: "dcim.site", IDs: dev},
		{IDs: dev},
		{Type: netbox.TypeDevice, All: true, IDs: dev},
		{Type: netbox.TypeDevice, Filter: "site=dc1&limit=5"},
		{Type: netbox.TypeDevice, Filter: "offset=10"},
		{Type: netbox.TypeDevice, Filter: "fields=id"},
		{Type: netbox.TypeDevice, Filter: "brief=1"},
		{Type: netbox.TypeDevice, Filter: "exclude=config_context"},
		{Type: netbox.TypeDevice, Filter: "id=1", IDs: dev},
		{Type: netbox.TypeDevice, Filter: "site=%zz"},
		{Type: netbox.TypeDevice, IDs: dev, Fields: []string{"site.region"}},
		{Type: netbox.TypeDevice, IDs: dev, Fields: []string{"id,name"}},
		{Type: netbox.TypeDevice, IDs: dev, Fields: []string{""}},
	} {
		got, err := c.Objects(t.Context(), q)
		if !errors.Is(err, netbox.ErrBadQuery) {
			t.Errorf("Objects(%#v) = IDs %v, %v; want an error matching netbox.ErrBadQuery", q, objectIDs(got), err)
		}
	}
	if got, err := c.IPAddresses(t.Context(), netbox.Query{Type: netbox.TypeDevice, IDs: dev}); !errors.Is(err, netbox.ErrBadQuery) {
		t.Errorf("IPAddresses(of type device) = %v, %v; want an error matching netbox.ErrBadQuery", ipIDs(got), err)
	}
}
