package zabbix_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestNewValidates checks the Config rules: a http(s) URL, and a token
// or a user with a password, not both.
func TestNewValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   zabbix.Config
		field string // the field named in the error; "" when valid
	}{
		{"Token", zabbix.Config{URL: mockURL, Token: mockToken}, ""},
		{"HTTPS", zabbix.Config{URL: "https://z.example/api_jsonrpc.php", Token: mockToken}, ""},
		{"UserPassword", zabbix.Config{URL: mockURL, User: "Admin", Password: mockPassword}, ""},
		{"NoURL", zabbix.Config{Token: mockToken}, "URL"},
		{"NotHTTP", zabbix.Config{URL: "ftp://z.example/api_jsonrpc.php", Token: mockToken}, "URL"},
		{"NotAURL", zabbix.Config{URL: "z.example", Token: mockToken}, "URL"},
		{"NoCredential", zabbix.Config{URL: mockURL}, "Token"},
		{"Both", zabbix.Config{URL: mockURL, Token: mockToken, User: "Admin", Password: mockPassword}, "Token"},
		{"UserWithoutPassword", zabbix.Config{URL: mockURL, User: "Admin"}, "Password"},
		{"PasswordWithoutUser", zabbix.Config{URL: mockURL, Token: mockToken, Password: mockPassword}, "Password"},
		{"NegativeCap", zabbix.Config{URL: mockURL, Token: mockToken, MaxResponseBytes: -1}, "MaxResponseBytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := zabbix.New(tc.cfg)
			if tc.field == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v; want a client", c, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New accepted %s", tc.name)
			}
			if !strings.Contains(err.Error(), "Config."+tc.field) {
				t.Errorf("error %q does not name Config.%s", err, tc.field)
			}
			noSecrets(t, "error", err.Error())
		})
	}
}

// TestNewDefaults: no HTTP client means one with a timeout.
func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c, err := zabbix.New(zabbix.Config{URL: mockURL, Token: mockToken})
	if err != nil {
		t.Fatal(err)
	}
	hc := zabbix.HTTPClient(c)
	if hc == nil || hc == http.DefaultClient || hc.Timeout != zabbix.DefaultTimeout {
		t.Errorf("default HTTP client = %+v, want its own with a %v timeout", hc, zabbix.DefaultTimeout)
	}
	mine := &http.Client{}
	c, err = zabbix.New(zabbix.Config{URL: mockURL, Token: mockToken, HTTPClient: mine})
	if err != nil {
		t.Fatal(err)
	}
	if zabbix.HTTPClient(c) != mine {
		t.Error("the caller's HTTP client is not used")
	}
}
