package netbox

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/internal/redact"
)

// Sentinels for the failures callers act on. *HTTPError and *AuthError
// match them under errors.Is.
var (
	// ErrUnauthorized: NetBox refused the token (HTTP 401 or 403): it is
	// unknown, expired or of a form this NetBox does not accept, or its
	// user lacks a view permission.
	ErrUnauthorized = errors.New("netbox: not authorized")
	// ErrUnavailable: NetBox answered 429, 502, 503 or 504 to every
	// attempt; try again later (HTTPError.RetryAfter says when, if NetBox
	// did).
	ErrUnavailable = errors.New("netbox: unavailable")
	// ErrBadResponse: the answer is not what the NetBox API sends: not
	// JSON, not the expected shape, or larger than Config.MaxResponseBytes.
	// Check that Config.URL is NetBox's base URL.
	ErrBadResponse = errors.New("netbox: not a NetBox API response")
)

// maxExcerpt is the most of a body an error keeps.
const maxExcerpt = 256

// HTTPError is an answer of NetBox (or of a proxy in front of it) that the
// client could not turn into a result: a status other than 2xx, 401 and
// 403, or a 2xx body that is not the JSON expected.
//
// It matches ErrNotFound under errors.Is for a 404 of the NetBox API,
// ErrUnavailable for 429, 502, 503 and 504, ErrBadQuery for 400 (NetBox
// refusing a filter value), and ErrBadResponse when Reason
// is set: a 2xx answer it could not read, or a 404 that is not the API's
// (Config.URL is likely not NetBox's base URL).
// URL and BodyExcerpt never hold the token.
type HTTPError struct {
	Method      string // "GET"
	URL         string // the request URL, with query values other than id, limit, offset, exclude, brief and fields redacted
	StatusCode  int    // e.g. 503
	Status      string // e.g. "503 Service Unavailable"
	BodyExcerpt string // the start of the body (at most 256 bytes)
	// Reason says what is wrong with a 2xx answer, e.g. "body is not JSON".
	Reason string
	// RetryAfter is the wait NetBox asked for with Retry-After, if any.
	RetryAfter time.Duration
}

// Error describes the request, the status, what is wrong and the start of
// the body.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "netbox: %s %s: HTTP %s", e.Method, e.URL, statusText(e.StatusCode, e.Status))
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (NetBox asks to retry after %s)", e.RetryAfter)
	}
	if e.BodyExcerpt != "" {
		fmt.Fprintf(&b, "; body starts %q", e.BodyExcerpt)
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's status.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && e.Reason == ""
	case ErrUnavailable:
		return retryableStatus(e.StatusCode)
	case ErrBadResponse:
		return e.Reason != ""
	case ErrBadQuery:
		return e.StatusCode == http.StatusBadRequest
	}
	return false
}

// AuthError is NetBox refusing a request for its credentials: HTTP 401 or
// 403. It matches ErrUnauthorized under errors.Is. Detail is NetBox's own
// message; Hint says what to check.
type AuthError struct {
	Method     string
	URL        string // redacted as in HTTPError
	StatusCode int
	Detail     string // e.g. "Invalid token", "You do not have permission to perform this action."
	Hint       string
}

// Error describes the request, NetBox's message and the hint.
func (e *AuthError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "netbox: %s %s: HTTP %s", e.Method, e.URL, statusText(e.StatusCode, ""))
	if e.Detail != "" {
		fmt.Fprintf(&b, ": NetBox says %q", e.Detail)
	}
	if e.Hint != "" {
		b.WriteString(": ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Is reports whether target is ErrUnauthorized.
func (e *AuthError) Is(target error) bool { return target == ErrUnauthorized }

func statusText(code int, status string) string {
	if status != "" {
		return status
	}
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// authHint says what to check when NetBox refused the token, from NetBox's
// message, the token's form and the path asked for.
func authHint(detail string, v tokenVersion, path string) string {
	d := strings.ToLower(detail)
	switch {
	case strings.Contains(d, "credentials were not provided") && v == tokenV2:
		return "NetBox did not take the v2 token (nbt_…, sent as Bearer): NetBox before 4.5 knows only v1 tokens; " +
			"create a v1 token (40 characters) or upgrade NetBox to 4.5 or later"
	case strings.Contains(d, "credentials were not provided"):
		return "NetBox did not see the token: a proxy in front of NetBox may drop the Authorization header"
	case strings.Contains(d, "did you mean to use 'token'"), strings.Contains(d, "invalid authorization header"):
		return "NetBox could not read the token: " + errTokenForm.Error()
	case strings.Contains(d, "expired"):
		return "the token has expired: renew it in NetBox (User → API Tokens)"
	case strings.Contains(d, "disabled"):
		return "the token is disabled in NetBox: enable it or create another"
	case strings.Contains(d, "source ip"), strings.Contains(d, "client ip"):
		return "the token may not be used from this address: check its allowed IPs"
	case strings.Contains(d, "inactive"):
		return "the token's user is inactive in NetBox"
	case strings.Contains(d, "invalid") && strings.Contains(d, "token"):
		return "NetBox does not know this token: check that it was copied whole and still exists" + versionHint(d, v)
	case strings.Contains(d, "permission"):
		return "the token's user may not read " + permissionFor(path) +
			": grant it a permission with the view action on that object type"
	}
	return "check the token and that its user may read " + permissionFor(path)
}

// versionHint adds a note when NetBox's message names a token version
// other than the one sent.
func versionHint(detail string, v tokenVersion) string {
	if v == tokenV1 && strings.Contains(detail, "v1") {
		return " (NetBox 4.5 deprecates v1 tokens and plans to drop them in 4.7: prefer a v2 nbt_ token)"
	}
	return ""
}

// permissionFor names the NetBox view permission a request path needs.
func permissionFor(path string) string {
	for _, e := range endpoints {
		if strings.Contains(path, "/api/"+e.path+"/") {
			return e.permission
		}
	}
	return "the objects at " + path
}

// scrub replaces every secret in s with "[redacted]" (internal/redact: a
// secret containing another is replaced whole).
func scrub(s string, secrets []string) string {
	return redact.String(s, secrets...)
}

// excerpt returns the start of body, secrets replaced before the cut so
// that no part of one survives at the end.
func excerpt(body []byte, secrets []string) string {
	if n := maxExcerpt + redact.Longest(secrets...); len(body) > n {
		body = body[:n]
	}
	text := scrub(strings.ToValidUTF8(string(body), ""), secrets)
	if len(text) > maxExcerpt {
		text = strings.ToValidUTF8(text[:maxExcerpt], "")
	}
	return strings.TrimSpace(text)
}
