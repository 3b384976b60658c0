package zabbix

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// contentType is the Content-Type Zabbix documents for its API; anything
// else but application/json and application/jsonrequest gets HTTP 412.
const contentType = "application/json-rpc"

// userAgent names the library in the server's access log.
const userAgent = "netbox-zabbix-go"

// call is one JSON-RPC call of an HTTP request: what to send, where to put
// the result, and, once sent, its own error.
type call struct {
	method string
	params any
	result any // decoded into when not nil

	id  uint64
	err error // the call's *APIError or decoding error, set by send
}

// auth is where a request carries its credential.
type auth struct {
	value  Secret
	header bool // Authorization: Bearer (6.4 and later); else the body's "auth"
}

// request is one HTTP request: a single call or a batch.
type request struct {
	calls []*call
	auth  *auth     // nil: no credential (apiinfo.version, user.login)
	read  bool      // every call only reads: safe to send again after a transport error
	scrub *scrubber // the secrets to keep out of errors
}

// wireRequest is a JSON-RPC 2.0 request object.
type wireRequest struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
	Auth    string `json:"auth,omitempty"`
	ID      uint64 `json:"id"`
}

// wireResponse is a JSON-RPC 2.0 response object.
type wireResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	Result  json.RawMessage `json:"result"`
	Error   *wireError      `json:"error"`
	ID      json.RawMessage `json:"id"`
}

// wireError is a JSON-RPC 2.0 error object as Zabbix fills it.
type wireError struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// methods names the calls of r for errors and logs: "host.create+host.get",
// with repeats counted: "host.update×500".
func (r *request) methods() string {
	var names []string
	for i := 0; i < len(r.calls); {
		j := i + 1
		for j < len(r.calls) && r.calls[j].method == r.calls[i].method {
			j++
		}
		if j-i > 1 {
			names = append(names, fmt.Sprintf("%s×%d", r.calls[i].method, j-i))
		} else {
			names = append(names, r.calls[i].method)
		}
		i = j
	}
	return strings.Join(names, "+")
}

// send sends r and sets each call's result or error. The error returned is
// about the request as a whole: the context, the transport, or an answer
// that is not a JSON-RPC response (*HTTPError). A read is sent again once
// after a transport error; a write never is, and is not abandoned when ctx
// ends after it was sent.
func (c *Client) send(ctx context.Context, r *request) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	body, err := c.encode(r)
	if err != nil {
		return err
	}
	// A write, once sent, is seen through even when ctx ends: Zabbix
	// carries it out whether or not anyone waits for the answer, and only
	// the answer tells the caller what happened. The HTTP client's timeout
	// still bounds it.
	sendCtx := ctx
	if !r.read {
		sendCtx = context.WithoutCancel(ctx)
	}
	for attempt := 1; ; attempt++ {
		raw, status, err := c.post(sendCtx, r, body, attempt)
		var terr *transportError
		if errors.As(err, &terr) && r.read && attempt == 1 && ctx.Err() == nil {
			c.log.LogAttrs(ctx, slog.LevelWarn, "zabbix: retrying a read after a transport error",
				slog.String("method", r.methods()), slog.Int("attempt", attempt+1), slog.String("error", r.scrub.scrub(terr.Error())))
			continue
		}
		if err != nil {
			return err
		}
		return c.decode(r, raw, status)
	}
}

// encode returns the JSON body of r: one request object, or an array of
// them for a batch.
func (c *Client) encode(r *request) ([]byte, error) {
	reqs := make([]wireRequest, len(r.calls))
	for i, cl := range r.calls {
		cl.id = c.nextID.Add(1)
		params := cl.params
		if params == nil {
			params = []any{}
		}
		reqs[i] = wireRequest{JSONRPC: "2.0", Method: cl.method, Params: params, ID: cl.id}
		if r.auth != nil && !r.auth.header {
			reqs[i].Auth = r.auth.value.Reveal()
		}
	}
	var v any = reqs
	if len(reqs) == 1 {
		v = reqs[0]
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("zabbix: %s: encode request: %w", r.methods(), err)
	}
	return body, nil
}

// transportError is a failure to exchange the request at all (connect,
// send, or read the answer): the server may or may not have acted on it.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// post makes one HTTP exchange and returns the body (at most the cap plus
// one byte) and the status.
func (c *Client) post(ctx context.Context, r *request, body []byte, attempt int) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("zabbix: %s: %w", r.methods(), err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if r.auth != nil && r.auth.header {
		req.Header.Set("Authorization", "Bearer "+r.auth.value.Reveal())
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.logExchange(ctx, r, attempt, start, 0, len(body), 0, err)
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if isDialError(err) {
			return nil, nil, &transportError{notSent(fmt.Errorf("zabbix: %s: %w", r.methods(), err))}
		}
		return nil, nil, &transportError{fmt.Errorf("zabbix: %s: %w", r.methods(), err)}
	}
	defer resp.Body.Close()
	// Reading to EOF (anything up to the cap) lets the connection be reused;
	// a body over the cap is left unread and the connection dropped.
	raw, err := readBody(resp, c.maxBytes+1)
	c.logExchange(ctx, r, attempt, start, resp.StatusCode, len(body), len(raw), err)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, &transportError{fmt.Errorf("zabbix: %s: read response: %w", r.methods(), err)}
	}
	return raw, resp, nil
}

// readBody reads at most limit bytes of resp's body, in one buffer sized
// from Content-Length when the server sent one (a read of thousands of
// hosts is megabytes, which io.ReadAll would copy as it grows).
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n > 0 && n < limit {
		buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
		_, err := buf.ReadFrom(io.LimitReader(resp.Body, limit))
		return buf.Bytes(), err
	}
	return io.ReadAll(io.LimitReader(resp.Body, limit))
}

// logExchange writes the Debug record of one HTTP exchange. It never logs
// a body or a header: both can carry secrets.
func (c *Client) logExchange(ctx context.Context, r *request, attempt int, start time.Time, status, sent, received int, err error) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.methods()),
		slog.Int("calls", len(r.calls)),
		slog.Int("attempt", attempt),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.Int("bytes_sent", sent),
		slog.Int("bytes_received", received),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", r.scrub.scrub(err.Error())))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "zabbix: request", attrs...)
}
