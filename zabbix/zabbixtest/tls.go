package zabbixtest

import (
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// pskHost returns a host using PSK both ways, with an identity unique to
// the subtest (7.x refuses one identity with two keys) and a random key.
func (h *harness) pskHost(label, ip string) zabbix.Host {
	in := h.host(label, ip)
	in.TLSConnect, in.TLSAccept = zabbix.TLSPSK, zabbix.TLSPSK
	in.TLSPSKIdentity = "zabbixtest " + label + " " + h.token
	in.TLSPSK = zabbix.Secret(randomHex(32))
	return in
}

// testPSK creates a host with a pre-shared key: tls_connect and tls_accept
// read back, the identity and key never do, and an update that leaves them
// out keeps the host valid.
func testPSK(t *testing.T, h *harness) {
	in := h.pskHost("psk", "192.0.2.100")
	got := h.create(t, in)[0]
	if diff := gocmp.Diff(h.readBack(in), got, ignoringIDs()...); diff != "" {
		t.Errorf("host read back (-want +got):\n%s", diff)
	}
	if got.TLSPSKIdentity != "" || !got.TLSPSK.IsZero() {
		t.Errorf("read back TLS PSK identity %q and a key; Zabbix never returns them", got.TLSPSKIdentity)
	}

	// The read-back host carries tls_connect/tls_accept = PSK but no PSK
	// fields: the server must use the ones it has.
	// An update that sends all the host's fields as read: with the PSK modes
	// but no PSK fields.
	u := got.AsUpdate()
	desc := "updated without PSK fields"
	u.Description = &desc
	updated := h.update(t, u)
	if updated.TLSConnect != zabbix.TLSPSK || updated.TLSAccept != zabbix.TLSPSK {
		t.Errorf("after update tls_connect/tls_accept = %d/%d, want %d/%d",
			updated.TLSConnect, updated.TLSAccept, zabbix.TLSPSK, zabbix.TLSPSK)
	}

	// Accepting PSK (and unencrypted) connections is enough to need a key.
	acc := h.pskHost("psk-accept", "192.0.2.101")
	acc.TLSConnect, acc.TLSAccept = zabbix.TLSNone, zabbix.TLSNone|zabbix.TLSPSK
	got = h.create(t, acc)[0]
	if got.TLSConnect != zabbix.TLSNone || got.TLSAccept != zabbix.TLSNone|zabbix.TLSPSK {
		t.Errorf("tls_connect/tls_accept = %d/%d, want 1/3", got.TLSConnect, got.TLSAccept)
	}
}

// testPSKRules creates hosts with PSK settings the server refuses.
func testPSKRules(t *testing.T, h *harness) {
	t.Run("FieldsWithoutPSKMode", func(t *testing.T) {
		in := h.pskHost("psk-nomode", "192.0.2.102")
		in.TLSConnect, in.TLSAccept = 0, 0
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		// The exact text is not pinned here (not yet measured); it names
		// the offending field.
		apiErr := wantAPIError(t, err, codeInvalidParams, "")
		if !strings.Contains(apiErr.Data, "tls_psk") {
			t.Errorf("APIError.Data = %q, want it to name tls_psk_identity or tls_psk", apiErr.Data)
		}
		h.wantNone(t, in.Host)
	})
	t.Run("ModeWithoutFields", func(t *testing.T) {
		in := h.pskHost("psk-nofields", "192.0.2.103")
		in.TLSPSKIdentity, in.TLSPSK = "", ""
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		want := `Incorrect value for field "tls_psk_identity": cannot be empty.`
		if h.v7() {
			want = `Invalid parameter "/1": the parameter "tls_psk_identity" is missing.`
		}
		wantAPIError(t, err, codeInvalidParams, want)
		h.wantNone(t, in.Host)
	})
	t.Run("ShortKey", func(t *testing.T) {
		in := h.pskHost("psk-short", "192.0.2.104")
		in.TLSPSK = "abc"
		_, err := h.c.CreateHosts(t.Context(), []zabbix.Host{in})
		want := `Incorrect value for field "tls_psk": an even number of hexadecimal characters is expected.`
		if h.v7() {
			want = `Invalid parameter "/1/tls_psk": minimum length is 32 characters.`
		}
		wantAPIError(t, err, codeInvalidParams, want)
		h.wantNone(t, in.Host)
	})
	t.Run("IdentityReused", func(t *testing.T) {
		first := h.pskHost("psk-first", "192.0.2.105")
		firstID := h.create(t, first)[0].HostID
		second := h.pskHost("psk-second", "192.0.2.106")
		second.TLSPSKIdentity = first.TLSPSKIdentity // same identity, another key
		got, err := h.c.CreateHosts(t.Context(), []zabbix.Host{second})
		if !h.v7() {
			if err != nil {
				t.Errorf("6.x accepts one PSK identity with two keys; CreateHosts: %v", err)
			} else if len(got) != 1 {
				t.Errorf("CreateHosts returned %d hosts, want 1", len(got))
			}
			return
		}
		wantAPIError(t, err, codeInvalidParams,
			`Invalid parameter "/1/tls_psk": another tls_psk value is already associated with given tls_psk_identity.`)
		// The refusal says how to rotate a key.
		wantIs(t, err, zabbix.ErrPSKConflict)
		if !strings.Contains(err.Error(), "use a new PSK identity with the new key, or change the key on every host that uses the identity") {
			t.Errorf("error %q does not say how to rotate the key", err)
		}
		h.wantNone(t, second.Host)

		// Both ways the error names work: a new identity with the new key,
		// or the new key on every host of the identity (here one).
		second.TLSPSKIdentity = first.TLSPSKIdentity + " rotated"
		h.create(t, second)
		h.update(t, zabbix.HostUpdate{HostID: firstID, TLSPSKIdentity: first.TLSPSKIdentity, TLSPSK: zabbix.Secret(randomHex(32))})
	})
}
