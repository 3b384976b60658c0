package zabbix

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/internal/validation"
)

// Client is a Zabbix JSON-RPC API client for Zabbix 6.0 to 7.4. It
// implements the calls of provision.ZabbixClient (CreateHosts, Hosts,
// UpdateHost, DeleteHosts) and a generic Call.
//
// A Client is safe for concurrent use. It learns the server's version once
// (apiinfo.version, without credentials) and speaks that version's API.
type Client struct {
	url      string
	http     *http.Client
	log      *slog.Logger
	maxBytes int64
	validate *validator.Validate
	// dbBackoff is the base of the wait before resending a call rolled
	// back on a database error (databaseBackoff; tests shorten it).
	dbBackoff time.Duration
	nextID    atomic.Uint64

	token    Secret
	user     string
	password Secret

	version  atomic.Uint32 // 0 until a probe succeeds
	probeSem chan struct{} // one probe at a time

	mu       sync.Mutex    // guards session
	session  Secret        // the user.login session; "" when none
	loginSem chan struct{} // one login (or logout) at a time
}

// New checks cfg and returns a Client. It makes no request: the version
// probe and, with a user and password, the login happen at the first call.
func New(cfg Config) (*Client, error) {
	v := validation.New()
	if err := validation.Struct(v, "zabbix: config", cfg); err != nil {
		return nil, err
	}
	c := &Client{
		url:       cfg.URL,
		http:      cfg.HTTPClient,
		log:       cfg.Logger,
		maxBytes:  cmp.Or(cfg.MaxResponseBytes, DefaultMaxResponseBytes),
		validate:  v,
		dbBackoff: databaseBackoff,
		token:     cfg.Token,
		user:      cfg.User,
		password:  cfg.Password,
		probeSem:  make(chan struct{}, 1),
		loginSem:  make(chan struct{}, 1),
	}
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Call calls one API method with params (nil sends an empty array) and
// decodes the result into result (a pointer; nil discards it). It goes the
// way every call of the Client goes: the version probe, the credential in
// the form the version wants, one re-login when a session has ended, the
// same errors (*APIError with Method set, *HTTPError, the context's
// error). Methods that Zabbix wants called without credentials
// (apiinfo.version, user.login, user.checkAuthentication) are sent
// without. A method ending in ".get", or apiinfo.version, is sent again
// once after a transport error; any other method never is.
//
// Remember that Zabbix returns numbers as JSON strings. Secrets inside
// params are not known to the client: they are not removed from the
// server's error texts, as the Client's own ones are.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	if err := validation.Var(c.validate, "Call", "method", method, "required,printascii"); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidRequest, err)
	}
	cl := &call{method: method, params: params, result: result}
	r := &request{calls: []*call{cl}, read: isRead(method)}
	var err error
	switch {
	case method == methodVersion:
		r.scrub = c.secrets(nil)
		err = c.send(ctx, r)
	case noAuth(method):
		if _, err = c.Version(ctx); err == nil {
			r.scrub = c.secrets(nil)
			err = c.send(ctx, r)
		}
	default:
		err = c.do(ctx, r)
	}
	return cmp.Or(err, cl.err)
}

// isRead reports whether a method only reads, so that sending it twice is
// harmless.
func isRead(method string) bool {
	return strings.HasSuffix(method, ".get") || method == methodVersion
}

// noAuth reports whether Zabbix wants the method called without
// credentials.
func noAuth(method string) bool {
	switch strings.ToLower(method) {
	case methodVersion, methodLogin, "user.checkauthentication":
		return true
	}
	return false
}

// do sends an authenticated request: it probes the version, puts the
// credential where the version wants it (logging in first with a user and
// password), and, when a session turns out to have ended, logs in again
// once and sends the request again (Zabbix refused every call of it
// unexecuted, so that is safe even for writes).
func (c *Client) do(ctx context.Context, r *request) error {
	v, err := c.Version(ctx)
	if err != nil {
		return notSent(err)
	}
	cred, err := c.credential(ctx, "")
	if err != nil {
		return notSent(err)
	}
	known := r.scrub // the caller's secrets, e.g. the PSKs of the hosts sent
	r.auth = &auth{value: cred, header: v.AtLeast(V6_4)}
	r.scrub = c.secrets(known, cred)
	if err := c.send(ctx, r); err != nil {
		return err
	}
	if err := c.resendRolledBack(ctx, r); err != nil {
		return err
	}
	if c.token != "" || !allSessionTerminated(r.calls) {
		return nil
	}
	c.log.LogAttrs(ctx, slog.LevelWarn, "zabbix: session terminated; logging in again",
		slog.String("method", r.methods()), slog.String("user", c.user))
	if cred, err = c.credential(ctx, cred); err != nil {
		return err
	}
	r.auth.value = cred
	r.scrub = c.secrets(known, cred)
	for _, cl := range r.calls {
		cl.err = nil
	}
	return c.send(ctx, r)
}

// How often a request that Zabbix rolled back on a database error is sent
// in all, and the backoff between sends: before send n+1 the client waits
// a random time below databaseBackoff×2^(n-1), at most
// databaseBackoff×2^databaseMaxShift ("full jitter", so that the writers
// that collided do not collide again). The budget (up to 9.5 s of waits,
// 4.75 s on average, plus the database's own lock waits) outlasts a
// long batch of writes that a concurrent writer keeps colliding with; see
// rolledBack for the collisions measured.
const (
	databaseAttempts = 10
	databaseBackoff  = 100 * time.Millisecond
	databaseMaxShift = 4
)

// databaseWait returns the random wait before send attempt+1 of a
// request rolled back on a database error.
func (c *Client) databaseWait(attempt int) time.Duration {
	return time.Duration(rand.Int64N(int64(c.dbBackoff<<min(attempt-1, databaseMaxShift)) + 1))
}

// pauseBeforeResend logs at Warn that what (the calls named by the
// attribute) is sent again after cause, then waits databaseWait(attempt)
// before send attempt+1. It returns ctx's error when ctx ends first.
func (c *Client) pauseBeforeResend(ctx context.Context, attempt int, msg string, what slog.Attr, cause error) error {
	wait := c.databaseWait(attempt)
	c.log.LogAttrs(ctx, slog.LevelWarn, msg, what, slog.Int("attempt", attempt+1), slog.Int("max_attempts", databaseAttempts),
		slog.Duration("wait", wait), slog.String("error", cause.Error()))
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// resendRolledBack sends r again, up to databaseAttempts sends in all,
// while Zabbix answers its first call with an error saying that the
// database refused a statement and the call was rolled back (see
// rolledBack). Each resend is logged at Warn. It returns the context's
// error when ctx ends during a wait, or the transport's; otherwise the
// calls hold the last answer.
func (c *Client) resendRolledBack(ctx context.Context, r *request) error {
	for attempt := 1; attempt < databaseAttempts && rolledBack(r.calls); attempt++ {
		if err := c.pauseBeforeResend(ctx, attempt, "zabbix: call rolled back on a database error; sending it again",
			slog.String("method", r.methods()), r.calls[0].err); err != nil {
			return err
		}
		for _, cl := range r.calls {
			cl.err = nil
		}
		if err := c.send(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// rolledBack reports whether sending r's calls again is safe and may
// succeed: Zabbix refused the first call because its database refused a
// statement (ErrDatabase), which rolls the whole call back, and every
// other call of the request only reads. An array host.create of many hosts
// is one call, and one transaction: none of its hosts was created.
//
// Three cases were measured: a brand-new database races on its first ID
// allocations (concurrent first host.create calls; PostgreSQL refuses a
// duplicate key in table ids; 6.0 answers "DBEXECUTE_ERROR"); on 6.0 a
// host.create (which takes the IDs of new tags before those of new
// template links) and a host.update (template links before tags) that run
// at once deadlock on table ids, PostgreSQL aborts one after its
// deadlock_timeout (1 s by default), and 6.0 answers "Your database is
// not working properly. …"; and on 7.0 hosts that share a set of host
// groups share a row of table hgset, which a concurrent host.delete can
// remove under a host.create or host.update ("SQL statement execution has
// failed "DELETE FROM hgset …"").
func rolledBack(calls []*call) bool {
	if len(calls) == 0 || !errors.Is(calls[0].err, ErrDatabase) {
		return false
	}
	for _, cl := range calls[1:] {
		if !isRead(cl.method) {
			return false
		}
	}
	return true
}

// allSessionTerminated reports whether Zabbix refused every call because
// the session has ended.
func allSessionTerminated(calls []*call) bool {
	for _, cl := range calls {
		if !errors.Is(cl.err, ErrSessionTerminated) {
			return false
		}
	}
	return len(calls) > 0
}

// secrets returns a scrubber that knows the client's credentials (token,
// password, current session), what known knows (nil: nothing) and extra.
func (c *Client) secrets(known *scrubber, extra ...Secret) *scrubber {
	s := known.clone()
	s.add(c.token, c.password, c.currentSession())
	s.add(extra...)
	return s
}
