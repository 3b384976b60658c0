package zabbix_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Test credentials: made up, shaped like the real ones (a token is 64 hex
// characters, a session ID 32).
const (
	mockURL      = "http://zabbix.test/api_jsonrpc.php"
	mockToken    = "7a0c5f0e3b7d4e21a9c6b1f2d3e4c5b6a7980f1e2d3c4b5a69788796a5b4c3d2"
	mockSession  = "0424bd59b807674191e7d77572075f33"
	mockSession2 = "5f4dcc3b5aa765d61d8327deb882cf99"
	mockPassword = "s3cret-Passw0rd"
	mockPSK      = "1f87b595725ac58dd977beef14b97461a7c1045b9a1c963065002c5473194952"
	mockAuthPass = "auth-Passphrase-9"
	mockPrivPass = "priv-Passphrase-7"
)

// rpcError is a JSON-RPC error object a handler answers with.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func errInvalidParams(data string) *rpcError { return &rpcError{-32602, "Invalid params.", data} }

func errApplication(data string) *rpcError { return &rpcError{-32500, "Application error.", data} }

// handler answers one JSON-RPC call: a result, or an error object.
type handler func(call mockCall) (any, *rpcError)

// mockCall is one JSON-RPC call the mock received.
type mockCall struct {
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Auth   *string         `json:"auth"`
	ID     json.RawMessage `json:"id"`
	Header http.Header     `json:"-"` // the HTTP request's
}

// mockRequest is one HTTP request the mock received.
type mockRequest struct {
	Header http.Header
	Body   []byte
	Calls  []mockCall
	Batch  bool
}

// mockZabbix is a JSON-RPC server on an httpmock transport of its own. It
// routes on the request body (one body matcher per method, so that
// GetCallCountInfo counts requests per method) and answers every call of
// a batch with the handler of its method.
type mockZabbix struct {
	t  *testing.T
	mt *httpmock.MockTransport

	mu       sync.Mutex
	handlers map[string]handler
	reqs     []mockRequest
}

// Methods the mock routes on, in the order their matchers are tried
// (httpmock orders named matchers by name): a batch that starts with a
// write is counted under the write.
var mockMethods = []string{
	"apiinfo.version", "user.login", "user.logout",
	"host.create", "host.update", "host.delete",
	"host.get",
	"hostgroup.create", "hostgroup.get", "template.get", "proxy.get", "proxygroup.get",
}

// newMock returns a mock answering apiinfo.version with version ("" for
// none: register it yourself).
func newMock(t *testing.T, version string) *mockZabbix {
	t.Helper()
	m := &mockZabbix{t: t, mt: httpmock.NewMockTransport(), handlers: make(map[string]handler)}
	for i, method := range mockMethods {
		m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
			httpmock.BodyContainsString(`"method":"`+method+`"`).WithName(matcherName(i, method)),
			m.respond)
	}
	if version != "" {
		m.on("apiinfo.version", func(mockCall) (any, *rpcError) { return version, nil })
	}
	return m
}

func matcherName(i int, method string) string { return fmt.Sprintf("%02d %s", i, method) }

// on sets the handler of method.
func (m *mockZabbix) on(method string, h handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.handlers[method] = h
}

// result makes method always answer res.
func (m *mockZabbix) result(method string, res any) {
	m.on(method, func(mockCall) (any, *rpcError) { return res, nil })
}

// fail makes method always answer with e.
func (m *mockZabbix) fail(method string, e *rpcError) {
	m.on(method, func(mockCall) (any, *rpcError) { return nil, e })
}

// calls returns how many HTTP requests were routed to method's matcher.
func (m *mockZabbix) calls(method string) int {
	for i, name := range mockMethods {
		if name == method {
			return m.mt.GetCallCountInfo()["POST "+mockURL+" <"+matcherName(i, method)+">"]
		}
	}
	m.t.Fatalf("mock does not route %s", method)
	return 0
}

// total returns how many HTTP requests the mock received.
func (m *mockZabbix) total() int { return m.mt.GetTotalCallCount() }

// requests returns the requests received so far.
func (m *mockZabbix) requests() []mockRequest {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mockRequest(nil), m.reqs...)
}

// respond is the httpmock responder: it answers each call of the request.
func (m *mockZabbix) respond(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	rec := mockRequest{Header: req.Header.Clone(), Body: body}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		rec.Batch = true
		if err := json.Unmarshal(trimmed, &rec.Calls); err != nil {
			m.t.Errorf("mock: batch is not JSON: %v", err)
		}
	} else {
		var c mockCall
		if err := json.Unmarshal(trimmed, &c); err != nil {
			m.t.Errorf("mock: request is not JSON: %v", err)
		}
		rec.Calls = []mockCall{c}
	}
	m.mu.Lock()
	m.reqs = append(m.reqs, rec)
	m.mu.Unlock()

	answers := make([]map[string]any, len(rec.Calls))
	for i, c := range rec.Calls {
		c.Header = rec.Header
		m.mu.Lock()
		h := m.handlers[c.Method]
		m.mu.Unlock()
		a := map[string]any{"jsonrpc": "2.0", "id": c.ID}
		if h == nil {
			a["error"] = &rpcError{-32601, "Method not found.", fmt.Sprintf("Incorrect method %q.", c.Method)}
		} else if res, e := h(c); e != nil {
			a["error"] = e
		} else {
			a["result"] = res
		}
		answers[i] = a
	}
	var out any = answers
	if !rec.Batch {
		out = answers[0]
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return httpmock.NewBytesResponse(http.StatusOK, b), nil
}

// client returns a client of the mock; cfg.URL and, when cfg has no
// credential, cfg.Token are filled in.
func (m *mockZabbix) client(cfg zabbix.Config) *zabbix.Client {
	m.t.Helper()
	cfg.URL = mockURL
	if cfg.Token == "" && cfg.User == "" {
		cfg.Token = mockToken
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: m.mt}
	}
	c, err := zabbix.New(cfg)
	if err != nil {
		m.t.Fatalf("zabbix.New: %v", err)
	}
	return c
}

// params decodes a call's params into v.
func (c mockCall) params(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(c.Params, v); err != nil {
		t.Fatalf("%s params: %v", c.Method, err)
	}
}

// logBuffer collects log output for inspection; safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// debugLogger returns a logger writing every record to buf as JSON.
func debugLogger(buf *logBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// noSecrets fails the test when text holds one of the test secrets.
func noSecrets(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{mockToken, mockSession, mockSession2, mockPassword, mockPSK, mockAuthPass, mockPrivPass} {
		if strings.Contains(text, s) {
			t.Errorf("%s holds the secret %.8s…:\n%s", what, s, text)
		}
	}
}

// readHostJSON is a host as host.get answers it on 7.0.
func readHostJSON(id, name string) map[string]any {
	return map[string]any{
		"hostid": id, "host": name, "name": name, "status": "0", "description": "",
		"inventory_mode": "-1", "tls_connect": "1", "tls_accept": "1",
		"monitored_by": "0", "proxyid": "0", "proxy_groupid": "0",
		"interfaces": []any{map[string]any{
			"interfaceid": "1" + id[len(id)-2:], "hostid": id, "type": "1", "main": "1", "useip": "1",
			"ip": "192.0.2.10", "dns": "", "port": "10050", "details": []any{},
		}},
		"parentTemplates": []any{}, "hostgroups": []any{map[string]any{"groupid": "2"}},
		"tags": []any{}, "inventory": []any{},
	}
}
