package zabbix

import (
	"log/slog"
	"net/http"
	"time"
)

// Defaults of a Config.
const (
	// DefaultTimeout bounds a whole HTTP exchange (connect, send, read)
	// of the *http.Client New makes when Config.HTTPClient is nil.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxResponseBytes is the largest response body read when
	// Config.MaxResponseBytes is 0: 64 MiB, some 50,000 hosts read back
	// with every select.
	DefaultMaxResponseBytes int64 = 64 << 20
)

// Config is what New builds a Client from. It is validated once, by New.
//
// Authenticate either with an API token (Token) or with a user name and
// password (User and Password), never both.
type Config struct {
	// URL is the API endpoint, the api_jsonrpc.php of the Zabbix frontend,
	// e.g. "https://zabbix.example.com/api_jsonrpc.php". Required; http or
	// https.
	URL string `validate:"required,http_url"`

	// Token is an API token (Zabbix 5.4 and later). Required unless User
	// and Password are set.
	Token Secret `validate:"required_without=User,excluded_with=User"`

	// User and Password log in with user.login at the first call that
	// needs it; the session is reused, renewed once when Zabbix ends it,
	// and ended by Close.
	User     string `validate:"required_without=Token,excluded_with=Token,required_with=Password"`
	Password Secret `validate:"required_with=User,excluded_without=User"`

	// HTTPClient sends the requests. Timeouts, proxies and TLS settings are
	// the caller's. Nil means a client of its own with DefaultTimeout and
	// a keep-alive transport cloned from http.DefaultTransport.
	HTTPClient *http.Client

	// Logger receives a Debug record per HTTP request and a Warn record per
	// retry, never a secret. Nil discards them.
	Logger *slog.Logger

	// MaxResponseBytes caps a response body; a larger one fails the call
	// with an *HTTPError matching ErrResponseTooLarge. 0 means
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64 `validate:"gte=0"`
}

// defaultHTTPClient is the client used when Config.HTTPClient is nil: its
// own transport (so that nothing is shared with other code), keeping idle
// connections to the one Zabbix host for reuse.
func defaultHTTPClient() *http.Client {
	var tr *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		tr = dt.Clone()
	} else {
		tr = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	tr.MaxIdleConnsPerHost = 16
	return &http.Client{Timeout: DefaultTimeout, Transport: tr}
}
