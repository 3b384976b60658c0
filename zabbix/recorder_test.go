package zabbix_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
)

// recorded is one HTTP request a recorder saw.
type recorded struct {
	method  string   // the first JSON-RPC method
	methods []string // every JSON-RPC method, in order
	hasAuth bool     // some call carries a body "auth" field
	header  http.Header
	body    []byte
}

// recorder is an http.RoundTripper that records the requests it passes on
// (to next, or http.DefaultTransport).
type recorder struct {
	next http.RoundTripper

	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	rec := recorded{header: req.Header.Clone(), body: body}
	var calls []map[string]json.RawMessage
	if err := json.Unmarshal(body, &calls); err != nil {
		var one map[string]json.RawMessage
		_ = json.Unmarshal(body, &one)
		calls = []map[string]json.RawMessage{one}
	}
	for _, c := range calls {
		var m string
		_ = json.Unmarshal(c["method"], &m)
		rec.methods = append(rec.methods, m)
		if _, ok := c["auth"]; ok {
			rec.hasAuth = true
		}
	}
	if len(rec.methods) > 0 {
		rec.method = rec.methods[0]
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	next := r.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// all returns the requests seen so far.
func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// count returns how many requests carried method.
func (r *recorder) count(method string) int {
	n := 0
	for _, q := range r.all() {
		if slices.Contains(q.methods, method) {
			n++
		}
	}
	return n
}
