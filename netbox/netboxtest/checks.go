package netboxtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// checkObject compares an object read with what the fixture says of it.
func checkObject(t *testing.T, got *netbox.Object, typ netbox.ObjectType, want Object) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s %d: got nil", typ.Label(), want.ID)
	}
	what := fmt.Sprintf("%s %d", typ.Label(), want.ID)
	if got.Type != typ || got.ID != want.ID || got.Name != want.Name {
		t.Errorf("%s: got Type %q, ID %d, Name %q; want %q, %d, %q", what, got.Type, got.ID, got.Name, typ, want.ID, want.Name)
	}
	if want.Status != "" && got.Status.Value != want.Status {
		t.Errorf("%s: Status = %+v, want value %q", what, got.Status, want.Status)
	}
	for _, r := range []struct {
		field string
		got   *netbox.Nested
		want  string
	}{
		{"site", got.Site, want.Site}, {"role", got.Role, want.Role}, {"platform", got.Platform, want.Platform},
		{"cluster", got.Cluster, want.Cluster}, {"tenant", got.Tenant, want.Tenant},
	} {
		switch {
		case r.want == "" && r.got != nil:
			t.Errorf("%s: %s = %q, want none", what, r.field, r.got.Name)
		case r.want != "" && (r.got == nil || r.got.Name != r.want):
			t.Errorf("%s: %s = %s, want %q", what, r.field, nestedText(r.got), r.want)
		case r.got != nil && r.got.ID <= 0:
			t.Errorf("%s: %s has ID %d", what, r.field, r.got.ID)
		}
	}
	if got.Site != nil && got.Site.URL == "" {
		t.Errorf("%s: the site has no URL, so paths such as site.region cannot be expanded", what)
	}
	var tags []string
	for _, tag := range got.Tags {
		tags = append(tags, tag.Name)
	}
	slices.Sort(tags)
	wantTags := slices.Clone(want.Tags)
	slices.Sort(wantTags)
	if !slices.Equal(tags, wantTags) {
		t.Errorf("%s: tags %q, want %q", what, tags, wantTags)
	}
	for k, w := range want.CustomFields {
		g, ok := got.CustomFields[k]
		if !ok {
			t.Errorf("%s: custom field %q missing; have %v", what, k, keys(got.CustomFields))
			continue
		}
		if !sameValue(w, g) {
			t.Errorf("%s: custom field %q = %#v, want %#v", what, k, g, w)
		}
	}
	for k, w := range want.Attrs {
		g, ok := got.Field(k)
		if !ok {
			t.Errorf("%s: field %q missing; Attrs has %v", what, k, keys(got.Attrs))
			continue
		}
		if !sameValue(w, g) {
			t.Errorf("%s: field %q = %#v, want %#v", what, k, g, w)
		}
	}
	switch {
	case want.PrimaryIP4 == nil && got.PrimaryIP4 != nil:
		t.Errorf("%s: primary_ip4 = %+v, want none", what, *got.PrimaryIP4)
	case want.PrimaryIP4 != nil && got.PrimaryIP4 == nil:
		t.Errorf("%s: primary_ip4 missing, want %d %s", what, want.PrimaryIP4.ID, want.PrimaryIP4.Address)
	case want.PrimaryIP4 != nil && (got.PrimaryIP4.ID != want.PrimaryIP4.ID || got.PrimaryIP4.Address != want.PrimaryIP4.Address):
		t.Errorf("%s: primary_ip4 = %d %q, want %d %q", what, got.PrimaryIP4.ID, got.PrimaryIP4.Address, want.PrimaryIP4.ID, want.PrimaryIP4.Address)
	}
}

// checkIP compares an IP address read with the fixture.
func checkIP(t *testing.T, got *netbox.IPAddress, want *IP) {
	t.Helper()
	if got.ID != want.ID || got.Address != want.Address || got.DNSName != want.DNSName {
		t.Errorf("IP address %d: got ID %d, address %q, dns_name %q; want %d, %q, %q",
			want.ID, got.ID, got.Address, got.DNSName, want.ID, want.Address, want.DNSName)
	}
	if got.AssignedObjectType != want.AssignedObjectType || got.AssignedObjectID != want.AssignedObjectID {
		t.Errorf("IP address %d: assigned to %s %d, want %s %d", want.ID, got.AssignedObjectType, got.AssignedObjectID,
			want.AssignedObjectType, want.AssignedObjectID)
	}
	switch ao := got.AssignedObject; {
	case ao == nil:
		t.Errorf("IP address %d: no assigned_object, want interface %q", want.ID, want.Interface)
	case ao.ID != want.AssignedObjectID || ao.Name != want.Interface:
		t.Errorf("IP address %d: assigned_object %d %q, want %d %q", want.ID, ao.ID, ao.Name, want.AssignedObjectID, want.Interface)
	}
	if _, err := got.IP(); err != nil {
		t.Errorf("IP address %d: %v", want.ID, err)
	}
}

func nestedText(n *netbox.Nested) string {
	if n == nil {
		return "none"
	}
	return strconv.Quote(n.Name)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sameValue reports whether got holds want: numbers compare by value
// (json.Number, float64 and integers alike), a JSON object in want need
// only be part of got's, lists and scalars compare whole.
func sameValue(want, got any) bool {
	return contains(normalize(want), normalize(got))
}

func contains(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if !contains(wv, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !contains(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return cmp.Equal(want, got)
}

// normalize turns a value into generic JSON with float64 numbers, going
// through encoding/json so that typed values (*netbox.Nested, ints,
// json.Number) compare with decoded ones.
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}
