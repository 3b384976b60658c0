package netbox_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	good := netbox.Config{URL: "https://netbox.example.com", Token: tokenV1}
	for name, tc := range map[string]struct {
		mod  func(*netbox.Config)
		want string
	}{
		"no URL":          {func(c *netbox.Config) { c.URL = "" }, "URL"},
		"no token":        {func(c *netbox.Config) { c.Token = "" }, "Token"},
		"ftp URL":         {func(c *netbox.Config) { c.URL = "ftp://netbox.example.com" }, "URL"},
		"URL with query":  {func(c *netbox.Config) { c.URL = "https://netbox.example.com/?x=1" }, "without query"},
		"URL with user":   {func(c *netbox.Config) { c.URL = "https://me:pw@netbox.example.com/" }, "user info"},
		"short token":     {func(c *netbox.Config) { c.Token = tokenV1[:39] }, "v1 token (40 letters or digits"},
		"v2 without dot":  {func(c *netbox.Config) { c.Token = "nbt_Ab3dEf6hJk9ms3cr3t" }, "no '.'"},
		"v2 bad key":      {func(c *netbox.Config) { c.Token = "nbt_short.s3cr3tZ7x8c9v0b1n2m3" }, "12 letters or digits"},
		"page size":       {func(c *netbox.Config) { c.PageSize = 5000 }, "PageSize"},
		"negative wait":   {func(c *netbox.Config) { c.MaxRetryWait = -1 }, "MaxRetryWait"},
		"too many tries":  {func(c *netbox.Config) { c.MaxAttempts = 50 }, "MaxAttempts"},
		"token as header": {func(c *netbox.Config) { c.Token = "Token " + tokenV1 }, "v2 token of NetBox 4.5"},
	} {
		cfg := good
		tc.mod(&cfg)
		_, err := netbox.New(cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New = %v, want an error mentioning %q", name, err, tc.want)
			continue
		}
		if cfg.Token != "" && strings.Contains(err.Error(), strings.TrimPrefix(cfg.Token, "Token ")) {
			t.Errorf("%s: the error holds the token: %v", name, err)
		}
	}
	for _, ok := range []netbox.Config{
		good,
		{URL: "http://10.0.0.5:8000/", Token: tokenV2},
		{URL: "https://example.com/netbox/api/", Token: strings.ToUpper(tokenV1)},
	} {
		if _, err := netbox.New(ok); err != nil {
			t.Errorf("New(%v): %v", ok, err)
		}
	}
}

// TestConfigRedactsToken: printing or logging a Config never shows the
// token.
func TestConfigRedactsToken(t *testing.T) {
	t.Parallel()
	for _, token := range []string{tokenV1, tokenV2} {
		cfg := netbox.Config{URL: "https://netbox.example.com", Token: token}
		var logs bytes.Buffer
		slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "netbox", cfg)
		for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), cfg.String(), logs.String()} {
			if strings.Contains(s, token) || strings.Contains(s, "s3cr3t") {
				t.Errorf("the token shows: %s", s)
			}
			if !strings.Contains(s, "redacted") {
				t.Errorf("no sign of the redacted token: %s", s)
			}
		}
	}
}
