package storetest

import (
	"testing"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// testSettings: ErrNotFound before the first put; every field, secrets
// included, round-trips; a second put replaces the first.
func testSettings(t *testing.T, s store.Store) {
	ctx := t.Context()
	_, err := s.Settings(ctx)
	checkErr(t, "Settings before PutSettings", err, store.ErrNotFound)

	first := store.DefaultSettings()
	first.MonitoredBy = zabbix.MonitoredByProxyGroup
	first.InventoryMode = zabbix.InventoryDisabled
	first.TLSConnect = zabbix.TLSPSK
	first.TLSAccept = zabbix.TLSNone | zabbix.TLSPSK
	first.TLSPSKIdentity = "psk-identity"
	first.TLSPSK = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	first.AgentPort = 10150
	first.SNMP.AuthPassphrase = "snmp-auth-secret"
	first.SNMP.PrivPassphrase = "snmp-priv-secret"
	first.SNMP.Bulk = 0
	first.IPAssignmentMethod = store.IPAssignmentManual
	first.UseIP = store.UseIP
	first.EventLogEnabled = false
	first.TagPrefix = "nb_"
	first.TagNameFormatting = store.TagNamesUpper
	first.ExcludeCustomFieldEnabled = true
	first.ExcludeCustomFieldName = "no_zabbix"
	first.SNMP.Version, first.SNMP.Community = 3, "snmp-community-secret"
	first.StatusMap = map[string]zabbix.Status{"active": zabbix.StatusMonitored, "staged": zabbix.StatusMonitored}
	first.OwnWholeHost = true
	first.CreateHostGroups = true
	first.DeleteMode, first.GraveyardHostGroup, first.GraveyardSuffix = store.DeleteHard, "Attic", "-gone"

	second := store.DefaultSettings()
	second.TLSPSK = "" // secrets can be cleared again
	second.SNMP.AuthPassphrase = "another-auth-secret"

	for _, want := range []store.Settings{first, second} {
		if err := s.PutSettings(ctx, want); err != nil {
			t.Fatalf("PutSettings: %v", err)
		}
		got, err := s.Settings(ctx)
		if err != nil {
			t.Fatalf("Settings: %v", err)
		}
		diff(t, "Settings after PutSettings", want, got, equal())
		for _, sec := range []struct {
			name      string
			want, got zabbix.Secret
		}{
			{"TLSPSK", want.TLSPSK, got.TLSPSK},
			{"SNMP.AuthPassphrase", want.SNMP.AuthPassphrase, got.SNMP.AuthPassphrase},
			{"SNMP.PrivPassphrase", want.SNMP.PrivPassphrase, got.SNMP.PrivPassphrase},
			{"SNMP.Community", want.SNMP.Community, got.SNMP.Community},
		} {
			if sec.got.Reveal() != sec.want.Reveal() {
				t.Errorf("Settings().%s.Reveal() = %q, want %q: the store must keep the real secret", sec.name, sec.got.Reveal(), sec.want.Reveal())
			}
		}
	}
}
