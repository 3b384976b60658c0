package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Settings returns the saved settings, or an error wrapping
// store.ErrNotFound when none were saved.
func (s *Store) Settings(ctx context.Context) (store.Settings, error) {
	const op = "settings"
	if err := ctx.Err(); err != nil {
		return store.Settings{}, err
	}
	var data []byte
	var sec settingsSecretColumns
	err := s.read(ctx, func(t *txn) error {
		return t.queryRow(ctx, "SELECT data, tls_psk, snmp_authpassphrase, snmp_privpassphrase, snmp_community FROM settings WHERE id = 1").
			Scan(&data, &sec.psk, &sec.auth, &sec.priv, &sec.community)
	})
	if err != nil {
		return store.Settings{}, noRows(ctx, op, op, err)
	}
	// Fields saved by an older version are missing from the JSON: they
	// keep their defaults.
	st := store.DefaultSettings()
	st.StatusMap = nil
	if err := json.Unmarshal(data, &st); err != nil {
		return store.Settings{}, fail(ctx, op, err)
	}
	sec.set(&st)
	return st, nil
}

// PutSettings saves the settings, replacing any saved before.
func (s *Store) PutSettings(ctx context.Context, st store.Settings) error {
	const op = "put settings"
	sec := secretsOf(st)
	settingsSecretColumns{}.set(&st) // the JSON never carries them
	var j jsonArgs
	data := j.value(st)
	if j.err != nil {
		return fail(ctx, op, j.err)
	}
	err := s.write(ctx, "PutSettings", func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO settings (id, data, tls_psk, snmp_authpassphrase, snmp_privpassphrase, snmp_community)
			VALUES (1, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET data = excluded.data, tls_psk = excluded.tls_psk,
				snmp_authpassphrase = excluded.snmp_authpassphrase, snmp_privpassphrase = excluded.snmp_privpassphrase,
				snmp_community = excluded.snmp_community`,
			data, sec.psk, sec.auth, sec.priv, sec.community)
		return err
	})
	return fail(ctx, op, err)
}

// settingsSecretColumns are the secrets of the settings as their columns
// hold them. Every zabbix.Secret field of store.Settings is here (a test
// checks).
type settingsSecretColumns struct{ psk, auth, priv, community string }

// secretsOf returns the secrets of st, revealed for their columns.
func secretsOf(st store.Settings) settingsSecretColumns {
	return settingsSecretColumns{st.TLSPSK.Reveal(), st.SNMP.AuthPassphrase.Reveal(), st.SNMP.PrivPassphrase.Reveal(), st.SNMP.Community.Reveal()}
}

// set sets the secrets of st.
func (c settingsSecretColumns) set(st *store.Settings) {
	st.TLSPSK = zabbix.Secret(c.psk)
	st.SNMP.AuthPassphrase = zabbix.Secret(c.auth)
	st.SNMP.PrivPassphrase = zabbix.Secret(c.priv)
	st.SNMP.Community = zabbix.Secret(c.community)
}
