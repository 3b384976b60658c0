package zabbix_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestNewValidates checks the Config rules: a http(s) URL, and a token
// or a user with a password, not both. Each refusal is one plain sentence
// per field (it used to be validator's "Key: 'Config.URL'
// Error:Field validation for 'URL' failed on the 'http_url' tag").
func TestNewValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  zabbix.Config
		want string // the error; "" when valid
	}{
		{"Token", zabbix.Config{URL: mockURL, Token: mockToken}, ""},
		{"HTTPS", zabbix.Config{URL: "https://z.example/api_jsonrpc.php", Token: mockToken}, ""},
		{"UserPassword", zabbix.Config{URL: mockURL, User: "Admin", Password: mockPassword}, ""},
		{"NoURL", zabbix.Config{Token: mockToken}, "zabbix: config: URL is required"},
		{"NotHTTP", zabbix.Config{URL: "ftp://z.example/api_jsonrpc.php", Token: mockToken},
			`zabbix: config: URL must be an http or https URL with a host, got "ftp://z.example/api_jsonrpc.php"`},
		{"NotAURL", zabbix.Config{URL: "z.example", Token: mockToken},
			`zabbix: config: URL must be an http or https URL with a host, got "z.example"`},
		{"NoCredential", zabbix.Config{URL: mockURL},
			"zabbix: config: Token is required when User is not set; User is required when Token is not set"},
		{"Both", zabbix.Config{URL: mockURL, Token: mockToken, User: "Admin", Password: mockPassword},
			"zabbix: config: Token must be empty when User is set; User must be empty when Token is set"},
		{"UserWithoutPassword", zabbix.Config{URL: mockURL, User: "Admin"},
			"zabbix: config: Password is required when User is set"},
		{"PasswordWithoutUser", zabbix.Config{URL: mockURL, Token: mockToken, Password: mockPassword},
			"zabbix: config: User is required when Password is set; Password must be empty when User is not set"},
		{"NegativeCap", zabbix.Config{URL: mockURL, Token: mockToken, MaxResponseBytes: -1},
			"zabbix: config: MaxResponseBytes must be at least 0, got -1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := zabbix.New(tc.cfg)
			if tc.want == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v; want a client", c, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New accepted %s", tc.name)
			}
			if err.Error() != tc.want {
				t.Errorf("New: %v\nwant      %s", err, tc.want)
			}
			var raw validator.ValidationErrors
			if !errors.As(err, &raw) {
				t.Errorf("errors.As(err, &validator.ValidationErrors{}) fails on %v", err)
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
