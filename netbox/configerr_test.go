package netbox_test

import (
	"errors"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// TestNewConfigSentences: netbox.New refuses a bad Config with one plain
// sentence per field, never validator's raw "Key: 'Config.URL'
// Error:Field validation for 'URL' failed on the 'http_url' tag" (issue
// 10, item 5), and never the token.
func TestNewConfigSentences(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg  netbox.Config
		want string
	}{
		{netbox.Config{Token: tokenV1}, "netbox: config: URL is required"},
		{netbox.Config{URL: "netbox.example.com", Token: tokenV1},
			`netbox: config: URL must be an http or https URL with a host, got "netbox.example.com"`},
		{netbox.Config{URL: "https://netbox.example.com"}, "netbox: config: Token is required"},
		{netbox.Config{URL: "https://netbox.example.com", Token: tokenV1, PageSize: 5000},
			"netbox: config: PageSize must be at most 1000, got 5000"},
		{netbox.Config{URL: "https://netbox.example.com", Token: tokenV1, MaxAttempts: -1},
			"netbox: config: MaxAttempts must be at least 0, got -1"},
	} {
		_, err := netbox.New(tc.cfg)
		if err == nil || err.Error() != tc.want {
			t.Errorf("New(%v) = %v\nwant %s", tc.cfg, err, tc.want)
			continue
		}
		var raw validator.ValidationErrors
		if !errors.As(err, &raw) {
			t.Errorf("errors.As(err, &validator.ValidationErrors{}) fails on %v", err)
		}
	}
}
