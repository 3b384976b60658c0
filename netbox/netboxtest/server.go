package netboxtest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// FixtureHost is the base URL the fixture files are written with. A Server
// replaces it with its own URL, as NetBox writes its URLs with the host a
// request names.
const FixtureHost = "https://netbox.example.com"

// ServerConfig says what a Server serves and how it acts.
type ServerConfig struct {
	// Dir holds the fixture files, one per object: "<kind>_<id>.json" with
	// kind one of device, vm, ip, site, location, region, role, platform,
	// tenant, cluster, interface and vminterface, each holding the object
	// as NetBox's detail endpoint answers (with config_context). Other
	// files are ignored.
	Dir string
	// Version is the NetBox version the Server acts as ("3.7", "4.2",
	// "4.5"): it decides the token forms accepted (v2 tokens from 4.5),
	// the messages of 403 and 404 answers, and the API-Version header.
	// Empty means the base name of Dir.
	Version string
	// Tokens are the API tokens accepted. A request without one of them
	// gets 403, with NetBox's message for the case.
	Tokens []string
	// Forbidden lists API resources ("ipam/ip-addresses") the token's user
	// may not view: reads of them get 403 "You do not have permission to
	// perform this action."
	Forbidden []string
	// Synthetic answers for IDs that have no file with a copy of the
	// kind's lowest-ID file, renumbered (id, url, display_url, display,
	// name; address for IP addresses): bulk tests read thousands of
	// objects that way.
	Synthetic bool
	// Intercept, when set, sees every request first; when it returns true
	// it has answered and the Server does not.
	Intercept func(w http.ResponseWriter, r *http.Request) bool
}

// Server is an httptest server that answers GET requests of the NetBox
// REST API from fixture files: detail endpoints from the files, list
// endpoints ("?id=1&id=2&limit=…&offset=…") with pages built from them,
// ordered as NetBox orders (by name, IP addresses by address) and linked
// with "next" and "previous" URLs written as NetBox writes them. It honours
// exclude=config_context, checks the token as the version does, and
// records every request. It is closed when the test ends.
type Server struct {
	// URL is the base URL of the server, the NetBox URL to configure.
	URL string

	cfg     ServerConfig
	version [2]int
	files   map[string]map[int64][]byte // kind → ID → file content

	mu        sync.Mutex
	requests  []string
	templates map[string]map[string]any // "kind base" → decoded template
}

// NewServer starts a Server; it is closed when t ends.
func NewServer(t testing.TB, cfg ServerConfig) *Server {
	t.Helper()
	if cfg.Version == "" {
		cfg.Version = filepath.Base(cfg.Dir)
	}
	s := &Server{cfg: cfg, version: parseVersion(cfg.Version), files: make(map[string]map[int64][]byte),
		templates: make(map[string]map[string]any)}
	if err := s.load(); err != nil {
		t.Fatalf("netboxtest: load fixtures: %v", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Requests returns the requests received, oldest first, as "GET
// /api/dcim/devices/1/?exclude=config_context".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Count returns the number of requests received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Reset forgets the requests received.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Server) load() error {
	entries, err := os.ReadDir(s.cfg.Dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		kind, idText, ok := strings.Cut(name, "_")
		id, err := strconv.ParseInt(idText, 10, 64)
		if e.IsDir() || !ok || err != nil || resourceOfKind(kind) == nil || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.cfg.Dir, e.Name()))
		if err != nil {
			return err
		}
		if s.files[kind] == nil {
			s.files[kind] = make(map[int64][]byte)
		}
		s.files[kind][id] = b
	}
	if len(s.files) == 0 {
		return os.ErrNotExist
	}
	return nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	s.mu.Unlock()
	if s.cfg.Intercept != nil && s.cfg.Intercept(w, r) {
		return
	}
	w.Header().Set("API-Version", s.cfg.Version)
	if r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"detail": `Method "` + r.Method + `" not allowed.`})
		return
	}
	if detail, ok := s.authorize(r.Header.Get("Authorization")); !ok {
		writeJSON(w, http.StatusForbidden, map[string]any{"detail": detail})
		return
	}
	res, id, ok := route(r.URL.Path)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"detail": "Not found."})
		return
	}
	for _, f := range s.cfg.Forbidden {
		if f == res.path {
			writeJSON(w, http.StatusForbidden, map[string]any{"detail": "You do not have permission to perform this action."})
			return
		}
	}
	base := "http://" + r.Host
	if id != 0 {
		s.serveDetail(w, r, res, id, base)
		return
	}
	s.serveList(w, r, res, base)
}

func (s *Server) serveDetail(w http.ResponseWriter, r *http.Request, res *resource, id int64, base string) {
	obj, ok := s.object(res, id, base)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"detail": s.notFound(res)})
		return
	}
	trimConfigContext(r, res, obj)
	writeJSON(w, http.StatusOK, obj)
}

// notFound is NetBox's 404 message: Django REST framework 3.14 (NetBox
// 3.7) says "Not found.", 3.15 and later (NetBox 4.x) name the model.
func (s *Server) notFound(res *resource) string {
	if s.version[0] < 4 {
		return "Not found."
	}
	return "No " + res.model + " matches the given query."
}

// authorize checks the Authorization header as NetBox's
// TokenAuthentication does, and returns NetBox's message when it fails.
// NetBox answers every authentication failure with 403, as its first
// authentication class (sessions) sends no WWW-Authenticate challenge.
func (s *Server) authorize(h string) (string, bool) {
	const none = "Authentication credentials were not provided."
	fields := strings.Fields(h)
	if len(fields) == 0 {
		return none, false
	}
	v45 := s.version[0] > 4 || s.version[0] == 4 && s.version[1] >= 5
	scheme := strings.ToLower(fields[0])
	switch {
	case scheme == "bearer" && !v45, scheme != "token" && scheme != "bearer":
		return none, false
	case len(fields) != 2 && !v45:
		return "Invalid token header. Token string should not contain spaces.", false
	case len(fields) != 2:
		return `Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"`, false
	}
	token := fields[1]
	accepted := false
	for _, t := range s.cfg.Tokens {
		accepted = accepted || t == token
	}
	switch {
	case !v45 && !accepted:
		return "Invalid token", false
	case !v45:
		return "", true
	case strings.HasPrefix(token, "nbt_") && !strings.Contains(token, "."):
		return "Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?", false
	case strings.HasPrefix(token, "nbt_") && !accepted:
		return "Invalid v2 token", false
	case !accepted:
		return "Invalid v1 token", false
	}
	return "", true
}

func parseVersion(v string) [2]int {
	major, minor, _ := strings.Cut(v, ".")
	a, _ := strconv.Atoi(major)
	b, _ := strconv.Atoi(strings.SplitN(minor, ".", 2)[0])
	return [2]int{a, b}
}

// rewriteHost puts base in place of FixtureHost in a fixture file.
func rewriteHost(b []byte, base string) []byte {
	return bytes.ReplaceAll(b, []byte(FixtureHost), []byte(base))
}
