package netbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// answer is a 2xx response read whole.
type answer struct {
	url         *url.URL
	status      string
	statusCode  int
	contentType string
	body        []byte
}

// get sends GET u and returns the 2xx answer. It retries, up to
// c.attempts, when NetBox answers 429, 502, 503 or 504 (waiting as
// Retry-After says, or 1 s, 2 s, … without one) or the connection fails
// before an answer; a wait longer than c.maxWait ends the retries. A 401
// or 403 is an *AuthError, any other status an *HTTPError; a canceled
// context returns the context's error.
func (c *Client) get(ctx context.Context, u *url.URL) (*answer, error) {
	shown := redactURL(u)
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := c.acquire(ctx); err != nil {
			return nil, err
		}
		a, retryAfter, err := c.send(ctx, u, shown, attempt)
		<-c.slots
		if err == nil {
			return a, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !retryable(err) || attempt >= c.attempts {
			return nil, err
		}
		wait := retryAfter
		if wait < 0 {
			wait = time.Duration(attempt) * time.Second
		}
		if wait > c.maxWait {
			return nil, err
		}
		c.log.LogAttrs(ctx, slog.LevelWarn, "netbox retry",
			slog.String("url", shown), slog.Int("attempt", attempt), slog.Duration("wait", wait),
			slog.String("error", err.Error()))
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// send makes one attempt. retryAfter is the wait NetBox asked for, or -1.
func (c *Client) send(ctx context.Context, u *url.URL, shown string, attempt int) (*answer, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, -1, fmt.Errorf("netbox: GET %s: %w", shown, err)
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelDebug, "netbox request",
			slog.String("method", http.MethodGet), slog.String("url", shown), slog.Int("attempt", attempt),
			slog.Duration("elapsed", time.Since(start)), slog.String("error", c.transportText(err)))
		return nil, -1, &transportError{url: shown, err: err, text: c.transportText(err)}
	}
	defer drainClose(resp.Body)
	c.noteVersion(resp.Header.Get("API-Version"))
	body, tooLarge, rerr := readBody(resp.Body, c.maxBytes)
	c.log.LogAttrs(ctx, slog.LevelDebug, "netbox request",
		slog.String("method", http.MethodGet), slog.String("url", shown), slog.Int("attempt", attempt),
		slog.Int("status", resp.StatusCode), slog.Int("bytes", len(body)), slog.Duration("elapsed", time.Since(start)))
	a := &answer{url: u, status: resp.Status, statusCode: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: body}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, -1, c.authError(a)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		e := c.httpError(a, "")
		wait := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if wait >= 0 {
			e.RetryAfter = wait
		}
		if resp.StatusCode == http.StatusNotFound && !isJSON(body) {
			e.Reason = "not an answer of the NetBox API: is Config.URL NetBox's base URL?"
		}
		return nil, wait, e
	case rerr != nil:
		return nil, -1, &transportError{url: shown, err: rerr, text: c.transportText(rerr)}
	case tooLarge:
		return nil, -1, c.httpError(a, fmt.Sprintf("body larger than %d bytes (Config.MaxResponseBytes)", c.maxBytes))
	}
	return a, -1, nil
}

// acquire waits for a free request slot (see Config.Concurrency) or for
// ctx to end. The caller gives the slot back with <-c.slots.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryable reports whether a failed attempt may be sent again: NetBox was
// busy or unavailable, or the connection failed before an answer (but did
// not time out: the next attempt would likely time out as well).
func retryable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return retryableStatus(he.StatusCode)
	}
	var te *transportError
	if errors.As(err, &te) {
		var ne net.Error
		return !(errors.As(te.err, &ne) && ne.Timeout())
	}
	return false
}

// transportError is a request that got no answer.
type transportError struct {
	url  string
	err  error
	text string // err's text with the URL and secrets taken out
}

func (e *transportError) Error() string { return "netbox: GET " + e.url + ": " + e.text }
func (e *transportError) Unwrap() error { return e.err }

// transportText is the text of a transport error without the request URL
// (net/http puts the whole URL in it) or a secret.
func (c *Client) transportText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return scrub(err.Error(), c.secrets)
}

func (c *Client) httpError(a *answer, reason string) *HTTPError {
	return &HTTPError{
		Method:      http.MethodGet,
		URL:         redactURL(a.url),
		StatusCode:  a.statusCode,
		Status:      a.status,
		BodyExcerpt: excerpt(a.body, c.secrets),
		Reason:      reason,
	}
}

// badBody is the error for a 2xx answer whose body is not what was
// expected.
func (c *Client) badBody(a *answer, err error) error {
	reason := "body is not the JSON the NetBox API sends: " + scrub(err.Error(), c.secrets)
	if !isJSON(a.body) {
		reason = fmt.Sprintf("body is not JSON (Content-Type %q): is Config.URL NetBox's base URL?", a.contentType)
	}
	return c.httpError(a, reason)
}

func (c *Client) authError(a *answer) *AuthError {
	var detail string
	if m, err := decodeObject(a.body); err == nil {
		detail, _ = m["detail"].(string)
	}
	return &AuthError{
		Method:     http.MethodGet,
		URL:        redactURL(a.url),
		StatusCode: a.statusCode,
		Detail:     scrub(detail, c.secrets),
		Hint:       authHint(detail, c.version, a.url.Path),
	}
}

// readBody reads at most max bytes of r; tooLarge reports more.
func readBody(r io.Reader, max int64) (body []byte, tooLarge bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(body)) > max {
		return body[:max], true, err
	}
	return body, false, err
}

// drainClose reads a little of what is left so that the connection can be
// reused, then closes the body.
func drainClose(b io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 64<<10))
	_ = b.Close()
}

// isJSON reports whether body looks like a JSON object or list.
func isJSON(body []byte) bool {
	s := strings.TrimSpace(string(body[:min(len(body), 64)]))
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP
// date. It returns -1 when the header is absent or unreadable.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return -1
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs < 0 {
			return -1
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0).Round(time.Second)
	}
	return -1
}
