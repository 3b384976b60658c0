package netbox

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults of a Config.
const (
	// DefaultTimeout bounds a whole HTTP exchange of the *http.Client New
	// makes when Config.HTTPClient is nil.
	DefaultTimeout = 30 * time.Second
	// DefaultPageSize is the page size used when Config.PageSize is 0. A
	// read by IDs asks for at most MaxIDsPerRequest objects a request, so
	// with pages of 200 every request is answered in one page: 1,000
	// objects cost 5 requests. A page of 200 devices of every field
	// (without config_context) is some 0.5–1 MB of JSON, which NetBox
	// serialises well within a proxy's usual timeouts.
	DefaultPageSize = 200
	// MaxPageSize is NetBox's default MAX_PAGE_SIZE, the largest page a
	// list request asks for. NetBox shortens pages to its MAX_PAGE_SIZE
	// (and treats "limit=0" as MAX_PAGE_SIZE unless that is 0), so the
	// client never relies on a page being as long as it asked.
	MaxPageSize = 1000
	// DefaultConcurrency is Config.Concurrency when it is 0: a NetBox of
	// a few gunicorn workers serves four requests at once without
	// queueing much, and the answers of one can be decoded while NetBox
	// serialises the next.
	DefaultConcurrency = 4
	// MaxIDsPerRequest is the most IDs one list request carries
	// ("?id=1&id=2…"). 200 IDs of 8 digits make a query of about 2.4 KB, so
	// the request line stays under gunicorn's default limit of 4094 bytes
	// and the 8 KB header buffers of common reverse proxies.
	MaxIDsPerRequest = 200
	// DefaultMaxAttempts is how many times a read is sent at most when
	// NetBox answers 429 or 503 (or the connection fails) and
	// Config.MaxAttempts is 0.
	DefaultMaxAttempts = 3
	// DefaultMaxRetryWait is the longest wait before a retry when
	// Config.MaxRetryWait is 0.
	DefaultMaxRetryWait = 30 * time.Second
	// DefaultMaxResponseBytes caps a response body when
	// Config.MaxResponseBytes is 0: 64 MiB, far above a page of 1,000
	// devices with their config contexts.
	DefaultMaxResponseBytes int64 = 64 << 20
)

// Config is what New builds a Client from. It is validated once, by New.
type Config struct {
	// URL is NetBox's base URL, e.g. "https://netbox.example.com" or, when
	// NetBox runs under a BASE_PATH, "https://example.com/netbox". The API
	// is under URL + "/api/". Required; http or https.
	URL string `validate:"required,http_url"`

	// Token is a NetBox API token: a v1 token (40 letters or digits, sent
	// as "Authorization: Token <token>") or, on NetBox 4.5 and later, a v2
	// token ("nbt_<key>.<secret>", sent as "Authorization: Bearer
	// <token>"). Required. It never appears in errors or logs: Config's
	// String, GoString and LogValue redact it.
	Token string `validate:"required"`

	// HTTPClient sends the requests. Timeouts, proxies and TLS settings are
	// the caller's. Nil means a client of its own with DefaultTimeout and a
	// keep-alive transport cloned from http.DefaultTransport.
	HTTPClient *http.Client

	// Logger receives a Debug record per HTTP request and a Warn record per
	// retry, never the token. Nil discards them.
	Logger *slog.Logger

	// PageSize is the "limit" of the first list request of a read by
	// filter, at most MaxPageSize, and caps the IDs per request of a read
	// by IDs, which never exceed MaxIDsPerRequest. The rest of a read by
	// filter is cut into pages large enough to spread it over Concurrency
	// requests, from PageSize up to MaxPageSize objects. 0 means
	// DefaultPageSize. When NetBox's MAX_PAGE_SIZE is lower, NetBox
	// shortens the pages and the client reads on where they end.
	PageSize int `validate:"gte=0,lte=1000"`

	// Concurrency is the most requests the Client has under way at once,
	// across all its calls: a read of many objects sends its requests (ID
	// chunks, pages) that many at a time, and concurrent calls share the
	// bound, so that NetBox's workers are kept busy but not swamped. 0
	// means DefaultConcurrency; 1 sends one request after the other.
	Concurrency int `validate:"gte=0,lte=64"`

	// IncludeConfigContext asks NetBox for the rendered config_context of
	// devices and virtual machines, so that paths such as
	// "config_context.ntp_servers" resolve. It is off by default: the
	// rendered context is often the largest part of a device and costs
	// NetBox a query per object, and provisioning rarely needs it. Off, the
	// client sends "exclude=config_context" (honoured by NetBox 2.x to
	// 4.x).
	IncludeConfigContext bool

	// MaxAttempts is how many times a read is sent at most when NetBox
	// answers 429 Too Many Requests or 503 Service Unavailable, or the
	// connection fails before an answer. 0 means DefaultMaxAttempts; 1
	// disables retries.
	MaxAttempts int `validate:"gte=0,lte=10"`

	// MaxRetryWait is the longest the client waits before a retry. A
	// Retry-After that asks for longer ends the retries at once: the
	// error, an *HTTPError, carries the wait NetBox asked for. 0 means
	// DefaultMaxRetryWait.
	MaxRetryWait time.Duration `validate:"gte=0"`

	// MaxResponseBytes caps a response body; a larger one fails the call
	// with an *HTTPError. 0 means DefaultMaxResponseBytes.
	MaxResponseBytes int64 `validate:"gte=0"`
}

// String describes c with the token redacted.
func (c Config) String() string {
	return fmt.Sprintf("netbox.Config{URL: %q, Token: %s, PageSize: %d, Concurrency: %d, IncludeConfigContext: %t, MaxAttempts: %d, MaxRetryWait: %s, MaxResponseBytes: %d}",
		c.URL, redactToken(c.Token), c.PageSize, c.Concurrency, c.IncludeConfigContext, c.MaxAttempts, c.MaxRetryWait, c.MaxResponseBytes)
}

// GoString is String, so that %#v does not reveal the token either.
func (c Config) GoString() string { return c.String() }

// LogValue makes log/slog print c with the token redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", c.URL),
		slog.String("token", redactToken(c.Token)),
		slog.Int("page_size", c.PageSize),
		slog.Int("concurrency", c.Concurrency),
		slog.Bool("include_config_context", c.IncludeConfigContext),
	)
}

// defaultHTTPClient is the client used when Config.HTTPClient is nil: its
// own transport, keeping idle connections to the one NetBox host.
func defaultHTTPClient() *http.Client {
	var tr *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		tr = dt.Clone()
	} else {
		tr = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	tr.MaxIdleConnsPerHost = 8
	return &http.Client{Timeout: DefaultTimeout, Transport: tr}
}
