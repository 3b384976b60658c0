package netbox_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// The client is what the conformance suite exercises, and the Fetcher
// provisioning asks for.
var (
	_ netboxtest.Client = (*netbox.Client)(nil)
)

// Tokens of the tests: a v1 token (40 hexadecimal digits, as NetBox before
// 4.5 makes them) and a v2 token (NetBox 4.5).
const (
	tokenV1 = "0123456789abcdef0123456789abcdef01234567"
	tokenV2 = "nbt_Ab3dEf6hJk9m.s3cr3tZ7x8c9v0b1n2m3QwErTyUiOpAsDfGhJkLzX"
)

// versions are the NetBox versions fixtures exist for, in testdata/<v>/.
var versions = []string{"3.7", "4.2", "4.5"}

// newServer starts a fixture server acting as NetBox version v, accepting
// both test tokens (the v2 one only from 4.5, as NetBox does).
func newServer(t testing.TB, v string, mod ...func(*netboxtest.ServerConfig)) *netboxtest.Server {
	t.Helper()
	cfg := netboxtest.ServerConfig{Dir: "testdata/" + v, Tokens: []string{tokenV1, tokenV2}}
	for _, m := range mod {
		m(&cfg)
	}
	return netboxtest.NewServer(t, cfg)
}

// newClient returns a client of srvURL with the token and config changes.
func newClient(t testing.TB, srvURL, token string, mod ...func(*netbox.Config)) *netbox.Client {
	t.Helper()
	cfg := netbox.Config{URL: srvURL, Token: token}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := netbox.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// logBuffer captures log output (safe for concurrent writes).
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

func debugLogger(w *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// handlerFunc adapts a function to an Intercept that answers everything.
func answerAll(f func(w http.ResponseWriter, r *http.Request)) func(w http.ResponseWriter, r *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		f(w, r)
		return true
	}
}
