package zabbix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// decode checks the HTTP answer and hands each call its result or error.
func (c *Client) decode(r *request, raw []byte, resp *http.Response) error {
	bad := func(reason string) error {
		return &HTTPError{Method: r.methods(), StatusCode: resp.StatusCode, Status: resp.Status,
			Body: excerpt(raw, r.scrub), Reason: reason,
			Hint: frontendHint(c.url, resp.StatusCode, resp.Header.Get("Content-Type"), raw)}
	}
	if int64(len(raw)) > c.maxBytes {
		e := bad(fmt.Sprintf("response larger than %d bytes (Config.MaxResponseBytes)", c.maxBytes)).(*HTTPError)
		e.tooLarge = true
		return e
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if len(bytes.TrimSpace(raw)) == 0 {
			return bad("empty body")
		}
		return bad("unexpected status")
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return bad("empty body")
	}
	var resps []wireResponse
	switch trimmed[0] {
	case '{':
		var one wireResponse
		if err := json.Unmarshal(trimmed, &one); err != nil {
			return bad("body is not a JSON-RPC response: " + err.Error())
		}
		resps = []wireResponse{one}
	case '[':
		if err := json.Unmarshal(trimmed, &resps); err != nil {
			return bad("body is not a JSON-RPC batch response: " + err.Error())
		}
	default:
		return bad("body is not JSON")
	}
	return c.assign(r, resps, bad)
}

// assign matches responses to calls by id. A response without an id (the
// server could not read the request) answers every call left unanswered.
func (c *Client) assign(r *request, resps []wireResponse, bad func(string) error) error {
	byID := make(map[string]*call, len(r.calls))
	for _, cl := range r.calls {
		byID[strconv.FormatUint(cl.id, 10)] = cl
	}
	answered := make(map[*call]bool, len(r.calls))
	var anonymous *wireResponse
	for i := range resps {
		resp := &resps[i]
		var id flexString
		if len(resp.ID) > 0 {
			if err := id.UnmarshalJSON(resp.ID); err != nil {
				return bad("response id is neither a number nor a string")
			}
		}
		if id == "" {
			if resp.Error == nil {
				return bad("response without an id carries no error")
			}
			anonymous = resp
			continue
		}
		cl, ok := byID[string(id)]
		if !ok || answered[cl] {
			return bad(fmt.Sprintf("response id %s does not answer a call of this request", id))
		}
		answered[cl] = true
		cl.err = c.result(cl, resp, r.scrub)
	}
	for _, cl := range r.calls {
		if answered[cl] {
			continue
		}
		if anonymous == nil {
			return bad(fmt.Sprintf("no response for call %d (%s)", cl.id, cl.method))
		}
		cl.err = c.result(cl, anonymous, r.scrub)
	}
	return nil
}

// result decodes one response into its call: an *APIError for an error
// object, else the result.
func (c *Client) result(cl *call, resp *wireResponse, s *scrubber) error {
	if resp.Error != nil {
		return &APIError{
			Method:  cl.method,
			Code:    resp.Error.Code,
			Message: s.scrub(resp.Error.Message),
			Data:    s.scrub(errorData(resp.Error.Data)),
		}
	}
	if len(resp.Result) == 0 {
		return fmt.Errorf("zabbix: %s: %w: response has neither result nor error", cl.method, ErrBadResponse)
	}
	if cl.result == nil {
		return nil
	}
	if err := json.Unmarshal(resp.Result, cl.result); err != nil {
		return fmt.Errorf("zabbix: %s: %w: decode result: %s", cl.method, ErrBadResponse, s.scrub(err.Error()))
	}
	return nil
}

// errorData returns the error object's data: a string as it is, any other
// JSON value as its text.
func errorData(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}
