package netbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nbzbx/netbox-zabbix/internal/validation"
)

// Client reads devices, virtual machines, IP addresses and related objects
// from NetBox's REST API (NetBox 3.7 and 4.0 to 4.5). It is what
// provisioning's NetBoxClient and Fetcher ask for. Build it with New; it is
// safe for concurrent use.
type Client struct {
	base     *url.URL // scheme, host and path prefix (no trailing slash)
	auth     string   // the Authorization header value; never logged
	version  tokenVersion
	secrets  []string // what must never appear in errors or logs
	http     *http.Client
	log      *slog.Logger
	pageSize int
	// concurrency bounds the requests under way; slots holds a token per
	// request sent.
	concurrency int
	slots       chan struct{}
	// apiVersion is NetBox's API version from the API-Version header of
	// the last answer that had one, as major*1000+minor; 0 until then.
	apiVersion atomic.Int32
	context    bool // include config_context
	attempts   int
	maxWait    time.Duration
	maxBytes   int64
	// sleep waits between attempts; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// New checks cfg and returns a Client. It sends no request: a wrong URL or
// token shows at the first read, as an *HTTPError or *AuthError.
//
// Config.URL may end in "/" or "/api/"; both are taken off. The token's
// form chooses the Authorization scheme (see Config.Token); a token of
// neither form is refused here, with the accepted forms in the error and
// never the token itself.
func New(cfg Config) (*Client, error) {
	if err := validation.Struct(validation.New(), "netbox: config", cfg); err != nil {
		return nil, err
	}
	base, err := parseBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	version, auth, err := parseToken(cfg.Token)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		auth:        auth,
		version:     version,
		secrets:     tokenSecrets(cfg.Token),
		http:        cfg.HTTPClient,
		log:         cfg.Logger,
		pageSize:    cmp.Or(cfg.PageSize, DefaultPageSize),
		concurrency: cmp.Or(cfg.Concurrency, DefaultConcurrency),
		context:     cfg.IncludeConfigContext,
		attempts:    cmp.Or(cfg.MaxAttempts, DefaultMaxAttempts),
		maxWait:     cmp.Or(cfg.MaxRetryWait, DefaultMaxRetryWait),
		maxBytes:    cmp.Or(cfg.MaxResponseBytes, DefaultMaxResponseBytes),
		sleep:       sleep,
	}
	c.slots = make(chan struct{}, c.concurrency)
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// parseBaseURL checks NetBox's base URL and strips "/", "/api" and "/api/"
// from its end.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("netbox: config: URL is not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("netbox: config: URL must be http or https, not %q", u.Scheme)
	case u.Host == "":
		return nil, errors.New("netbox: config: URL has no host")
	case u.User != nil:
		return nil, errors.New("netbox: config: URL must not hold user info: give the token in Config.Token")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, errors.New("netbox: config: URL must be NetBox's base URL, without query or fragment")
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/api")
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: strings.TrimRight(p, "/")}, nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
