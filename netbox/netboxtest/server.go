package netboxtest

import (
	"bytes"
	"fmt"
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
	// objects that way. A synthesized device or virtual machine N has the
	// synthesized IP address N as its primary IPv4, and IP address N is
	// assigned to interface N of device N. Synthesized objects are read by
	// ID only: a list without an id filter holds the files' objects.
	Synthetic bool
	// NamePrefix starts the names of synthesized objects:
	// "<NamePrefix>device-7". Empty means none.
	NamePrefix string
	// SyntheticList, with Synthetic, adds the synthesized objects with IDs
	// FirstSyntheticID to FirstSyntheticID+SyntheticList-1 of every kind
	// to lists without an id filter, so that reads by filter meet many
	// objects.
	SyntheticList int
	// MaxPageSize is the server's MAX_PAGE_SIZE: the longest page it
	// sends, whatever limit is asked for. 0 means NetBox's default, 1000.
	MaxPageSize int
	// Intercept, when set, sees every request first; when it returns true
	// it has answered and the Server does not.
	Intercept func(w http.ResponseWriter, r *http.Request) bool
}

// FirstSyntheticID is the ID of the first synthesized object that
// ServerConfig.SyntheticList adds to lists.
const FirstSyntheticID = 1001

// Server is an httptest server that answers GET requests of the NetBox
// REST API from fixture files, as the NetBox version it acts as would:
//
//   - detail endpoints from the files; list endpoints with pages built from
//     them, ordered as NetBox orders (by name, IP addresses by address), of
//     "limit" objects (NetBox's default 50, at most its MAX_PAGE_SIZE,
//     1000 unless ServerConfig.MaxPageSize says otherwise; "limit=0" means
//     MAX_PAGE_SIZE) from "offset", linked with "next" and
//     "previous" URLs written as NetBox writes them;
//   - the filters of Filters, with NetBox's 400 answer for a value that
//     names nothing; other query parameters are ignored, as NetBox ignores
//     parameters it does not know;
//   - exclude=config_context, and from NetBox 4.0 on fields=a,b,c: only
//     the top-level fields named (names the object lacks are ignored;
//     nested objects stay NetBox's summaries). NetBox 3.7 has no fields
//     parameter and, ignoring it, sends every field;
//   - the token, checked as the version does, and the API-Version header.
//
// It records every request and counts the bytes of the bodies it sends.
type Server struct {
	// URL is the base URL of the server, the NetBox URL to configure.
	URL string

	cfg     ServerConfig
	version [2]int
	files   map[string]map[int64][]byte // kind → ID → file content
	known   map[string]map[string]bool  // filter → values that name something
	srv     *httptest.Server

	mu        sync.Mutex
	requests  []string
	bytes     int64
	templates map[string]map[string]any // "kind base" → decoded template
}

// Stats counts what a Server received and sent.
type Stats struct {
	Requests int   // requests received
	Bytes    int64 // bytes of the response bodies sent
}

// NewServer starts a Server for a test; it is closed when t ends.
func NewServer(t testing.TB, cfg ServerConfig) *Server {
	t.Helper()
	s, err := StartServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// StartServer starts a Server outside a test, e.g. in a benchmark
// program; Close stops it.
func StartServer(cfg ServerConfig) (*Server, error) {
	if cfg.Version == "" {
		cfg.Version = filepath.Base(cfg.Dir)
	}
	s := &Server{cfg: cfg, version: parseVersion(cfg.Version), files: make(map[string]map[int64][]byte),
		templates: make(map[string]map[string]any)}
	if err := s.load(); err != nil {
		return nil, fmt.Errorf("netboxtest: load fixtures from %s: %w", cfg.Dir, err)
	}
	s.known = s.knownValues()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

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

// Stats returns the requests received and the body bytes sent since the
// start or the last Reset.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{Requests: len(s.requests), Bytes: s.bytes}
}

// Reset forgets the requests received and the bytes sent.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.bytes = 0
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

func (s *Server) serve(rw http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	s.mu.Unlock()
	w := &countingWriter{ResponseWriter: rw}
	defer func() {
		s.mu.Lock()
		s.bytes += w.n
		s.mu.Unlock()
	}()
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
	writeJSON(w, http.StatusOK, s.render(r, res, obj))
}

// countingWriter counts the body bytes written through it.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
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
