package memzabbix

import (
	"cmp"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// pskMinLen is Zabbix's PSK_MIN_LEN.
const pskMinLen = 32

// usesPSK reports whether tls_connect or tls_accept ask for PSK.
func usesPSK(connect, accept zabbix.TLSMode) bool {
	return connect == zabbix.TLSPSK || accept&zabbix.TLSPSK != 0
}

// pskPair is a PSK identity and key a request sets, for the 7.x rule that
// one identity has one key across all hosts.
type pskPair struct {
	n        int    // the host's 1-based position in the request
	self     string // the host's ID on update, "" on create
	identity string
	psk      zabbix.Secret
}

// checkTLS validates the TLS fields of h as CHostGeneral::validateEncryption
// does. Fields h leaves zero are taken from db, the stored host (nil on
// create, where they default to no encryption). n is h's 1-based position
// in the request. It returns the PSK pair h sets, if any.
func (s *Server) checkTLS(method string, n int, h zabbix.Host, db *zabbix.Host) (*pskPair, error) {
	connect, accept := h.TLSConnect, h.TLSAccept
	if connect == 0 {
		connect = zabbix.TLSNone
		if db != nil {
			connect = db.TLSConnect
		}
	}
	if accept == 0 {
		accept = zabbix.TLSNone
		if db != nil {
			accept = db.TLSAccept
		}
	}
	if connect != zabbix.TLSNone && connect != zabbix.TLSPSK && connect != zabbix.TLSCert {
		return nil, invalidParams(method, textTLSValue, "tls_connect", connect)
	}
	if accept < zabbix.TLSNone || accept > zabbix.TLSNone|zabbix.TLSPSK|zabbix.TLSCert {
		return nil, invalidParams(method, textTLSValue, "tls_accept", accept)
	}
	if !usesPSK(connect, accept) {
		// Only what the request gives counts: stored PSK fields are cleared.
		for _, f := range []struct {
			field string
			set   bool
		}{{"tls_psk_identity", h.TLSPSKIdentity != ""}, {"tls_psk", !h.TLSPSK.IsZero()}} {
			field := f.field
			if !f.set {
				continue
			}
			if s.v7() {
				return nil, invalidParams(method, textPSKWithoutTLS7, path(n, field))
			}
			return nil, invalidParams(method, textPSKWithoutTLS, field)
		}
		return nil, nil
	}
	identity, psk := h.TLSPSKIdentity, h.TLSPSK
	if db != nil {
		identity = cmp.Or(identity, db.TLSPSKIdentity)
		psk = cmp.Or(psk, db.TLSPSK)
	}
	for _, f := range []struct {
		field string
		empty bool
	}{{"tls_psk_identity", identity == ""}, {"tls_psk", psk.IsZero()}} {
		switch {
		case !f.empty:
		case s.v7(): // measured on 7.0.22
			return nil, invalidParams(method, textMissing7, path(n), f.field)
		default:
			return nil, invalidParams(method, textFieldEmpty, f.field)
		}
	}
	if s.v7() {
		if len(psk.Reveal()) < pskMinLen {
			return nil, invalidParams(method, textPSKLen7, path(n, "tls_psk"))
		}
		if !isEvenHex(psk.Reveal()) {
			return nil, invalidParams(method, textPSKHex7, path(n, "tls_psk"))
		}
	} else {
		if !isEvenHex(psk.Reveal()) {
			return nil, invalidParams(method, textPSKHex6)
		}
		if len(psk.Reveal()) < pskMinLen {
			return nil, invalidParams(method, textPSKLen6)
		}
	}
	if h.TLSPSKIdentity == "" && h.TLSPSK.IsZero() {
		return nil, nil // nothing new to compare against other hosts
	}
	self := ""
	if db != nil {
		self = db.HostID
	}
	return &pskPair{n: n, self: self, identity: identity, psk: psk}, nil
}

// checkPSKReuse enforces, from 7.0 on, that an identity has one key: among
// the pairs of one request first, then against the stored hosts. 6.x
// accepts a reused identity with another key.
func (s *Server) checkPSKReuse(method string, pairs []*pskPair) error {
	if !s.v7() {
		return nil
	}
	seen := make(map[string]zabbix.Secret)
	for _, p := range pairs {
		if k, ok := seen[p.identity]; ok && k != p.psk {
			return invalidParams(method, textPSKReused7, path(p.n, "tls_psk"))
		}
		seen[p.identity] = p.psk
	}
	for _, p := range pairs {
		for _, id := range s.sortedHostIDs() {
			h := s.hosts[id]
			if id != p.self && h.TLSPSKIdentity == p.identity && h.TLSPSK != p.psk {
				return invalidParams(method, textPSKReused7, path(p.n, "tls_psk"))
			}
		}
	}
	return nil
}

// applyTLS sets dst's TLS fields from the request h: given values replace,
// and PSK fields are cleared when dst no longer uses PSK.
func applyTLS(dst *zabbix.Host, h zabbix.Host) {
	dst.TLSConnect = cmp.Or(h.TLSConnect, dst.TLSConnect, zabbix.TLSNone)
	dst.TLSAccept = cmp.Or(h.TLSAccept, dst.TLSAccept, zabbix.TLSNone)
	if !usesPSK(dst.TLSConnect, dst.TLSAccept) {
		dst.TLSPSKIdentity, dst.TLSPSK = "", ""
		return
	}
	dst.TLSPSKIdentity = cmp.Or(h.TLSPSKIdentity, dst.TLSPSKIdentity)
	dst.TLSPSK = cmp.Or(h.TLSPSK, dst.TLSPSK)
}

// isEvenHex reports whether s is one or more pairs of hexadecimal digits.
func isEvenHex(s string) bool {
	if s == "" || len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
