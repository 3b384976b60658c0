package netbox

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrURLRefused: Fetch (or a "next" link) named a URL the client does not
// send its token to: another host, another scheme than http or https, a
// path outside the NetBox API, or one with user info or dot segments.
var ErrURLRefused = errors.New("netbox: URL refused")

// Fetch returns the object at a NetBox API URL, as the "url" field of a
// nested object gives it: an absolute URL of the configured NetBox
// ("https://netbox.example.com/api/dcim/sites/1/") or a path starting with
// "/api/". It is provisioning's Fetcher, which mapping.Expand uses to read
// the full site, location or region that a path such as "site.region"
// needs.
//
// The token goes only to the configured NetBox: a URL naming another host
// is refused with an error matching ErrURLRefused (the scheme and default
// port of the configured URL are used, so an "http://" URL that NetBox
// behind a TLS proxy writes still works). A device or virtual machine is
// read without config_context unless Config.IncludeConfigContext is set. A
// missing object is an *HTTPError matching ErrNotFound. Numbers are
// json.Number. Every call is one GET (retried as all reads are); the result
// is the caller's.
func (c *Client) Fetch(ctx context.Context, rawURL string) (map[string]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	u, err := c.resolve(rawURL)
	if err != nil {
		return nil, err
	}
	for _, e := range endpoints {
		if strings.HasPrefix(u.Path, c.base.Path+"/api/"+e.path+"/") {
			c.trim(u, e)
			break
		}
	}
	a, err := c.get(ctx, u)
	if err != nil {
		return nil, err
	}
	m, err := decodeObject(a.body)
	if err != nil {
		return nil, c.badBody(a, err)
	}
	return m, nil
}

// resolve turns an API URL or path into the URL to send: always the
// configured scheme and host, the path under the API root.
func (c *Client) resolve(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: not a URL", ErrURLRefused)
	}
	shown := redactURL(u)
	root := c.base.Path + "/api/"
	path := u.Path
	switch {
	case u.User != nil:
		return nil, fmt.Errorf("%w: %s holds user info", ErrURLRefused, shown)
	case u.Scheme == "" && u.Host == "":
		if !strings.HasPrefix(path, root) && strings.HasPrefix(path, "/api/") {
			path = c.base.Path + path
		}
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: %s: only http and https URLs of NetBox are fetched", ErrURLRefused, shown)
	case !c.sameHost(u):
		return nil, fmt.Errorf("%w: %s is not on the configured NetBox host %s; the token is sent to no other host "+
			"(if NetBox writes URLs with another host name, set its proxy to pass the Host header)", ErrURLRefused, shown, c.base.Host)
	}
	if !strings.HasPrefix(path, root) {
		return nil, fmt.Errorf("%w: %s is not under the NetBox API root %s", ErrURLRefused, shown, root)
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("%w: %s has dot segments", ErrURLRefused, shown)
		}
	}
	out := *c.base
	out.Path = path
	out.RawQuery = u.RawQuery
	return &out, nil
}

// sameHost reports whether u names the configured host: the same host
// name (any case) and port, a missing port meaning the scheme's default.
func (c *Client) sameHost(u *url.URL) bool {
	return strings.EqualFold(u.Hostname(), c.base.Hostname()) && portOf(u) == portOf(c.base)
}

func portOf(u *url.URL) string {
	p := u.Port()
	if p == "" || u.Scheme == "http" && p == "80" || u.Scheme == "https" && p == "443" {
		return ""
	}
	return p
}
