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
	var psk, auth, priv string
	err := s.read(ctx, func(t *txn) error {
		return t.queryRow(ctx, "SELECT data, tls_psk, snmp_authpassphrase, snmp_privpassphrase FROM settings WHERE id = 1").
			Scan(&data, &psk, &auth, &priv)
	})
	if err != nil {
		return store.Settings{}, noRows(ctx, op, op, err)
	}
	var st store.Settings
	if err := json.Unmarshal(data, &st); err != nil {
		return store.Settings{}, fail(ctx, op, err)
	}
	setSettingsSecrets(&st, psk, auth, priv)
	return st, nil
}

// PutSettings saves the settings, replacing any saved before.
func (s *Store) PutSettings(ctx context.Context, st store.Settings) error {
	const op = "put settings"
	psk, auth, priv := settingsSecrets(st)
	setSettingsSecrets(&st, "", "", "") // the JSON never carries them
	var j jsonArgs
	data := j.value(st)
	if j.err != nil {
		return fail(ctx, op, j.err)
	}
	err := s.write(ctx, "PutSettings", func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO settings (id, data, tls_psk, snmp_authpassphrase, snmp_privpassphrase)
			VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET data = excluded.data, tls_psk = excluded.tls_psk,
				snmp_authpassphrase = excluded.snmp_authpassphrase, snmp_privpassphrase = excluded.snmp_privpassphrase`,
			data, psk, auth, priv)
		return err
	})
	return fail(ctx, op, err)
}

// settingsSecrets returns the secrets of st, revealed for their columns.
// Every zabbix.Secret field of store.Settings is here (a test checks).
func settingsSecrets(st store.Settings) (psk, auth, priv string) {
	return st.TLSPSK.Reveal(), st.SNMP.AuthPassphrase.Reveal(), st.SNMP.PrivPassphrase.Reveal()
}

// setSettingsSecrets sets the secrets of st.
func setSettingsSecrets(st *store.Settings, psk, auth, priv string) {
	st.TLSPSK = zabbix.Secret(psk)
	st.SNMP.AuthPassphrase = zabbix.Secret(auth)
	st.SNMP.PrivPassphrase = zabbix.Secret(priv)
}
