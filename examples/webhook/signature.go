package main

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"strings"
)

// signatureHeader is where NetBox puts the body's signature when the
// webhook has a secret.
const signatureHeader = "X-Hook-Signature"

var (
	errUnsigned     = errors.New("no " + signatureHeader + " header: the webhook in NetBox needs the same secret")
	errBadSignature = errors.New(signatureHeader + " does not match the body: the secrets differ, or the body was changed")
)

// sign returns what NetBox sends in X-Hook-Signature: the hex HMAC-SHA512
// of the raw body, keyed with the webhook's secret
// (extras.webhooks.generate_signature).
func sign(secret, body []byte) string {
	mac := hmac.New(sha512.New, secret)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// verify checks the signature header of a body in constant time:
// errUnsigned when there is none, errBadSignature when it does not match.
func verify(secret, body []byte, header string) error {
	header = strings.TrimSpace(header)
	if header == "" {
		return errUnsigned
	}
	got, err := hex.DecodeString(header)
	if err != nil {
		return errBadSignature
	}
	mac := hmac.New(sha512.New, secret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errBadSignature
	}
	return nil
}
