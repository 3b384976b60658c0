package storetest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// mustPutMapping stores m and returns what the store returned.
func mustPutMapping(t *testing.T, s store.Store, m store.Mapping) store.Mapping {
	t.Helper()
	got, err := s.PutMapping(t.Context(), m)
	if err != nil {
		t.Fatalf("PutMapping(%q): %v", m.Name, err)
	}
	return got
}

// mustMappings returns the mappings of object type ot.
func mustMappings(t *testing.T, s store.Store, ot netbox.ObjectType) []store.Mapping {
	t.Helper()
	got, err := s.Mappings(t.Context(), ot)
	if err != nil {
		t.Fatalf("Mappings(%s): %v", ot, err)
	}
	return got
}

// mustCreate creates cs and checks the IDs and times the store assigned.
func mustCreate(t *testing.T, s store.Store, cs ...store.HostConfig) []store.HostConfig {
	t.Helper()
	got, err := s.CreateHostConfigs(t.Context(), cs)
	if err != nil {
		t.Fatalf("CreateHostConfigs: %v", err)
	}
	if len(got) != len(cs) {
		t.Fatalf("CreateHostConfigs returned %d configs, want %d", len(got), len(cs))
	}
	return got
}

// mustConfig returns the config with the given ID.
func mustConfig(t *testing.T, s store.Store, id int64) store.HostConfig {
	t.Helper()
	got, err := s.HostConfig(t.Context(), id)
	if err != nil {
		t.Fatalf("HostConfig(%d): %v", id, err)
	}
	return got
}

// mustFind returns the configs that match f.
func mustFind(t *testing.T, s store.Store, f store.HostConfigFilter) []store.HostConfig {
	t.Helper()
	got, err := s.FindHostConfigs(t.Context(), f)
	if err != nil {
		t.Fatalf("FindHostConfigs(%+v): %v", f, err)
	}
	return got
}

// mustUpdate updates c and returns what the store returned.
func mustUpdate(t *testing.T, s store.Store, c store.HostConfig) store.HostConfig {
	t.Helper()
	got, err := s.UpdateHostConfig(t.Context(), c)
	if err != nil {
		t.Fatalf("UpdateHostConfig(%d): %v", c.ID, err)
	}
	return got
}
