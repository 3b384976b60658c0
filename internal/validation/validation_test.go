package validation_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/internal/validation"
)

// hidden prints as "[redacted]", as zabbix.Secret does.
type hidden string

func (hidden) String() string { return "[redacted]" }

type kind string // a named type that prints as itself

type config struct {
	URL      string `validate:"required,http_url"`
	Token    hidden `validate:"required_without=User,excluded_with=User"`
	User     string `validate:"required_without=Token,excluded_with=Token,required_with=Password"`
	Password string `validate:"required_with=User,excluded_without=User"`
	Kind     kind   `validate:"omitempty,oneof=a b"`
	Size     int    `validate:"gte=0,lte=1000"`
	APIKey   string `validate:"omitempty,min=40"`
	Inner    inner  `json:"inner"`
}

type inner struct {
	Port   int      `json:"port" validate:"min=1,max=65535"`
	PSK    string   `json:"tls_psk" validate:"omitempty,len=32"`
	Groups []string `json:"groups" validate:"required,min=1"`
	Mode   int      `json:"mode" validate:"required_if=Port 10050"`
}

func TestStruct(t *testing.T) {
	t.Parallel()
	v := validation.New()
	good := config{URL: "https://z.example.com/api_jsonrpc.php", Token: "t", Inner: inner{Port: 1, Groups: []string{"2"}}}
	if err := validation.Struct(v, "x: config", good); err != nil {
		t.Fatalf("Struct(good) = %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*config)
		want   string
	}{
		{"URL missing", func(c *config) { c.URL = "" }, "x: config: URL is required"},
		{"URL without scheme", func(c *config) { c.URL = "zabbix.local" },
			`x: config: URL must be an http or https URL with a host, got "zabbix.local"`},
		{"token and user", func(c *config) { c.User, c.Password = "Admin", "zabbix" },
			"x: config: Token must be empty when User is set; User must be empty when Token is set"},
		{"neither", func(c *config) { c.Token = "" },
			"x: config: Token is required when User is not set; User is required when Token is not set"},
		{"password without user", func(c *config) { c.Token, c.Password = "", "pw" },
			"x: config: Token is required when User is not set; User is required when Token is not set; Password must be empty when User is not set"},
		{"oneof on a named type", func(c *config) { c.Kind = "c" }, `x: config: Kind must be one of a, b, got "c"`},
		{"number range", func(c *config) { c.Size = 5000 }, "x: config: Size must be at most 1000, got 5000"},
		{"nested with JSON names", func(c *config) { c.Inner.Port = 0 },
			`x: config: Inner.Port (JSON "inner.port") must be at least 1, got 0`},
		{"slice", func(c *config) { c.Inner.Groups = []string{} },
			`x: config: Inner.Groups (JSON "inner.groups") must have at least 1 element, got 0`},
		{"required_if", func(c *config) { c.Inner.Port = 10050 },
			`x: config: Inner.Mode (JSON "inner.mode") is required when Port is 10050`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := good
			c.Inner.Groups = []string{"2"}
			tc.change(&c)
			err := validation.Struct(v, "x: config", c)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Struct =\n  %v\nwant\n  %s", err, tc.want)
			}
			var ve *validation.Error
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Errorf("error is not an *Error with problems: %#v", err)
			}
			var raw validator.ValidationErrors
			if !errors.As(err, &raw) {
				t.Errorf("errors.As(ValidationErrors) fails on %v", err)
			}
		})
	}
}

// TestSecretsNeverShown: the values of secret fields stay out of the
// message, by type or by name.
func TestSecretsNeverShown(t *testing.T) {
	t.Parallel()
	v := validation.New()
	c := config{URL: "ftp://sekrit-url", Token: "sekrit-token-1", User: "u", APIKey: "sekrit-apikey",
		Inner: inner{Port: 1, Groups: []string{"2"}, PSK: "sekrit-psk"}}
	err := validation.Struct(v, "x: config", c)
	if err == nil {
		t.Fatal("Struct accepted a bad config")
	}
	for _, s := range []string{"sekrit-token-1", "sekrit-apikey", "sekrit-psk"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the message shows the secret %q: %v", s, err)
		}
	}
	for _, want := range []string{"Token must be empty when User is set", "APIKey must be at least 40 characters long",
		`Inner.PSK (JSON "inner.tls_psk") must be exactly 32 characters long`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
}

func TestVar(t *testing.T) {
	t.Parallel()
	v := validation.New()
	err := validation.Var(v, "zabbix: call", "method", "host get", "required,printascii")
	if err != nil {
		t.Fatalf("Var = %v", err)
	}
	err = validation.Var(v, "zabbix: call", "method", "", "required,printascii")
	if err == nil || err.Error() != "zabbix: call: method is required" {
		t.Errorf("Var = %v", err)
	}
	err = validation.Var(v, "zabbix: call", "method", "hôst.get", "required,printascii")
	if err == nil || err.Error() != `zabbix: call: method must be printable ASCII, got "hôst.get"` {
		t.Errorf("Var = %v", err)
	}
}

func TestExplainOtherErrors(t *testing.T) {
	t.Parallel()
	if validation.Explain("x", nil) != nil {
		t.Error("Explain(nil) is not nil")
	}
	err := validation.Struct(validation.New(), "x: config", 42)
	var inv *validator.InvalidValidationError
	if !errors.As(err, &inv) || !strings.HasPrefix(err.Error(), "x: config: ") {
		t.Errorf("Struct(42) = %v, want the InvalidValidationError wrapped with the prefix", err)
	}
}
