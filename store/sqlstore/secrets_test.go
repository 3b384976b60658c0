package sqlstore_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// secretFields lists the paths of the zabbix.Secret fields in t.
func secretFields(t reflect.Type, prefix string) []string {
	var out []string
	for f := range t.Fields() {
		switch {
		case f.Type == reflect.TypeFor[zabbix.Secret]():
			out = append(out, prefix+f.Name)
		case f.Type.Kind() == reflect.Struct:
			out = append(out, secretFields(f.Type, prefix+f.Name+".")...)
		}
	}
	return out
}

// TestSecretFieldsKnown guards the secret columns: the store writes the
// secrets of settings and SNMP interfaces to columns of their own (JSON
// would hold "[redacted]"). A new zabbix.Secret field in those records
// needs a column too; this test names it.
func TestSecretFieldsKnown(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want []string
	}{
		{reflect.TypeFor[store.Settings](), []string{"TLSPSK", "SNMP.Community", "SNMP.AuthPassphrase", "SNMP.PrivPassphrase"}},
		{reflect.TypeFor[store.SNMPInterface](), []string{"Community", "AuthPassphrase", "PrivPassphrase"}},
		{reflect.TypeFor[store.HostConfig](), nil},
		{reflect.TypeFor[store.Interface](), nil},
		{reflect.TypeFor[store.Mapping](), nil},
	} {
		if got := secretFields(tc.typ, ""); !slices.Equal(got, tc.want) {
			t.Errorf("zabbix.Secret fields of %v = %q; the store keeps %q in their own columns: add columns for the new ones (settings.go, interfaces.go, a migration)",
				tc.typ, got, tc.want)
		}
	}
}

// TestSecretsAtRest: secrets are stored as themselves in their own columns,
// and the JSON columns hold neither them nor "[redacted]".
func TestSecretsAtRest(t *testing.T) {
	for _, b := range allBackends() {
		t.Run(b.name, func(t *testing.T) {
			db, _, _ := b.open(t)
			s := newStore(t, db, b.dialect)
			st := store.DefaultSettings()
			st.TLSConnect, st.TLSPSKIdentity, st.TLSPSK = zabbix.TLSPSK, "id", "psk-0123456789abcdef"
			st.SNMP.AuthPassphrase, st.SNMP.PrivPassphrase = "settings-auth-pass", "settings-priv-pass"
			st.SNMP.Community = "settings-community"
			if err := s.PutSettings(t.Context(), st); err != nil {
				t.Fatal(err)
			}
			c := deviceConfig(1, 1)
			c.Interfaces = append(c.Interfaces, store.Interface{Name: "snmp", Type: zabbix.InterfaceSNMP, IP: "192.0.2.1", Port: 161,
				SNMP: &store.SNMPInterface{Version: 3, Community: "iface-community", AuthPassphrase: "iface-auth-pass", PrivPassphrase: "iface-priv-pass"}})
			if _, err := s.CreateHostConfigs(t.Context(), []store.HostConfig{c}); err != nil {
				t.Fatal(err)
			}

			var data, psk, auth, priv, community string
			if err := db.QueryRow("SELECT data, tls_psk, snmp_authpassphrase, snmp_privpassphrase, snmp_community FROM settings").
				Scan(&data, &psk, &auth, &priv, &community); err != nil {
				t.Fatal(err)
			}
			if psk != "psk-0123456789abcdef" || auth != "settings-auth-pass" || priv != "settings-priv-pass" || community != "settings-community" {
				t.Errorf("settings secret columns = %q, %q, %q, %q; want the secrets", psk, auth, priv, community)
			}
			var snmp, iauth, ipriv, icommunity string
			if err := db.QueryRow("SELECT snmp, snmp_authpassphrase, snmp_privpassphrase, snmp_community FROM interfaces WHERE snmp IS NOT NULL").
				Scan(&snmp, &iauth, &ipriv, &icommunity); err != nil {
				t.Fatal(err)
			}
			if iauth != "iface-auth-pass" || ipriv != "iface-priv-pass" || icommunity != "iface-community" {
				t.Errorf("interface secret columns = %q, %q, %q; want the secrets", iauth, ipriv, icommunity)
			}
			for _, text := range []string{data, snmp} {
				for _, bad := range []string{"auth-pass", "priv-pass", "psk-0123", "-community", "[redacted]"} {
					if strings.Contains(text, bad) {
						t.Errorf("JSON column holds %q: %s", bad, text)
					}
				}
			}
		})
	}
}
