package zabbix

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Sentinels for answers that are not JSON-RPC responses. An *HTTPError
// matches them under errors.Is.
var (
	// ErrBadResponse: the server's answer is not a JSON-RPC response to
	// the request sent (a status other than 2xx, an empty or non-JSON
	// body, a body over the size cap, a response id that was not asked
	// for). A write's outcome is then unknown: look before writing again.
	ErrBadResponse = errors.New("zabbix: not a JSON-RPC response")
	// ErrResponseTooLarge: the response body is larger than
	// Config.MaxResponseBytes. It also matches ErrBadResponse.
	ErrResponseTooLarge = errors.New("zabbix: response too large")
)

// maxExcerpt is the most of a body an *HTTPError keeps.
const maxExcerpt = 256

// HTTPError is an answer that is not a JSON-RPC response to the request
// sent. Zabbix answers HTTP 412 with an empty body to a request with a
// Content-Type other than application/json-rpc, and HTTP 500 with an empty
// body when PHP fails; a proxy in between may answer with an HTML page.
//
// It matches ErrBadResponse under errors.Is, and ErrResponseTooLarge when
// the body was over the cap. Body never holds the request's secrets.
type HTTPError struct {
	Method     string // the JSON-RPC method(s) sent, e.g. "host.create+host.get"
	StatusCode int    // e.g. 412
	Status     string // e.g. "412 Precondition Failed"
	// Body is the start of the response body (at most 256 bytes), with the
	// request's secrets replaced by "[redacted]".
	Body string
	// Reason says what is wrong with the answer, e.g. "empty body".
	Reason string
	// Hint says what to check, when the answer suggests it: an HTML page
	// usually means that Config.URL is the Zabbix frontend, not its API,
	// and the hint then names the URL that would be right.
	Hint string

	tooLarge bool
}

// Error describes the answer: method, status, what is wrong, the start of
// the body.
func (e *HTTPError) Error() string {
	var b strings.Builder
	b.WriteString("zabbix: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "HTTP %s: %s", cmp.Or(e.Status, fmt.Sprint(e.StatusCode)), e.Reason)
	if e.StatusCode == 412 {
		b.WriteString(" (Zabbix answers 412 to a Content-Type other than application/json-rpc, or to a GET)")
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	if e.Body != "" {
		fmt.Fprintf(&b, "; body starts %q", e.Body)
	}
	return b.String()
}

// Is reports whether target is ErrBadResponse, or ErrResponseTooLarge for
// a body over the cap.
func (e *HTTPError) Is(target error) bool {
	return target == ErrBadResponse || target == ErrResponseTooLarge && e.tooLarge
}

// excerpt returns the start of body, cut on a UTF-8 boundary, with the
// secrets s knows replaced. The secrets are replaced before the cut, so
// that no part of one survives at the end of the excerpt.
func excerpt(body []byte, s *scrubber) string {
	if n := maxExcerpt + s.longest(); len(body) > n {
		body = body[:n]
	}
	text := s.scrub(strings.ToValidUTF8(string(body), ""))
	if len(text) > maxExcerpt {
		text = strings.ToValidUTF8(text[:maxExcerpt], "")
	}
	return text
}

// apiFile is the file of the Zabbix frontend that serves the API.
const apiFile = "api_jsonrpc.php"

// frontendHint says what an HTML answer (or a 404) to a request sent to
// rawURL suggests: that the URL is the frontend's, with the URL of its API;
// or, when the URL is already api_jsonrpc.php, that something in front of
// Zabbix answered. It returns "" when the answer suggests neither. The URL
// shown has no user information or query.
func frontendHint(rawURL string, status int, contentType string, body []byte) string {
	html := strings.Contains(strings.ToLower(contentType), "html") || bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
	if !html && status != http.StatusNotFound {
		return ""
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	dir, file := path.Split(u.Path)
	if file == apiFile {
		if !html {
			return ""
		}
		return "an HTML page answered at the API's URL: a login page, proxy or load balancer in front of Zabbix may have taken the request"
	}
	if !strings.HasSuffix(file, ".php") { // a directory given without its slash
		dir = strings.TrimSuffix(u.Path, "/") + "/"
	}
	u.Path = dir + apiFile
	return fmt.Sprintf("Config.URL is probably the Zabbix frontend, not its API: use %s", u)
}
