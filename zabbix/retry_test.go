package zabbix_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

var errReset = errors.New("read: connection reset by peer")

// failOnce makes the first request carrying method fail at the transport.
func failOnce(m *mockZabbix, method string) {
	first := httpmock.NewErrorResponder(errReset)
	m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
		httpmock.BodyContainsString(`"method":"`+method+`"`).WithName("!reset "+method),
		onceThen(first, m.respond))
}

// onceThen answers the first request with first, the others with then.
func onceThen(first, then httpmock.Responder) httpmock.Responder {
	var used atomic.Bool
	return func(req *http.Request) (*http.Response, error) {
		if used.CompareAndSwap(false, true) {
			return first(req)
		}
		return then(req)
	}
}

// TestReadRetriedOnce sends a read again after a transport error, with a
// warning in the log.
func TestReadRetriedOnce(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.result("host.get", []any{readHostJSON("10601", "web-01")})
	logs := &logBuffer{}
	c := m.client(zabbix.Config{Logger: debugLogger(logs)})
	if _, err := c.Version(t.Context()); err != nil {
		t.Fatal(err)
	}
	failOnce(m, "host.get")
	got, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
	if err != nil {
		t.Fatalf("Hosts: %v", err)
	}
	if len(got) != 1 {
		t.Errorf("Hosts returned %d hosts, want 1", len(got))
	}
	if n := m.total(); n != 3 {
		t.Errorf("%d requests, want 3 (probe, failed read, read)", n)
	}
	if !strings.Contains(logs.String(), `"level":"WARN","msg":"zabbix: retrying a read after a transport error"`) {
		t.Errorf("no retry warning in the log:\n%s", logs)
	}
}

// TestReadRetriedOnlyOnce gives up after the second transport error.
func TestReadRetriedOnlyOnce(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	c := m.client(zabbix.Config{})
	if _, err := c.Version(t.Context()); err != nil {
		t.Fatal(err)
	}
	m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
		httpmock.BodyContainsString(`"method":"host.get"`).WithName("!reset host.get"),
		httpmock.NewErrorResponder(errReset))
	_, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
	if !errors.Is(err, errReset) {
		t.Errorf("error = %v, want the transport error", err)
	}
	if n := m.total(); n != 3 {
		t.Errorf("%d requests, want 3 (probe and two reads)", n)
	}
}

// TestWritesNotRetried never sends a write twice after a transport error:
// its outcome is unknown, and the caller must look before writing again.
func TestWritesNotRetried(t *testing.T) {
	t.Parallel()
	writes := []struct {
		method string
		call   func(context.Context, *zabbix.Client) error
	}{
		{"host.create", func(ctx context.Context, c *zabbix.Client) error {
			_, err := c.CreateHosts(ctx, []zabbix.Host{goldenMinimalHost()})
			return err
		}},
		{"host.update", func(ctx context.Context, c *zabbix.Client) error {
			_, err := c.UpdateHost(ctx, goldenUpdate())
			return err
		}},
		{"host.delete", func(ctx context.Context, c *zabbix.Client) error { return c.DeleteHosts(ctx, "10601") }},
		{"hostgroup.create", func(ctx context.Context, c *zabbix.Client) error {
			return c.Call(ctx, "hostgroup.create", map[string]string{"name": "g"}, nil)
		}},
	}
	for _, w := range writes {
		t.Run(w.method, func(t *testing.T) {
			t.Parallel()
			m := newMock(t, "7.0.22")
			c := m.client(zabbix.Config{})
			if _, err := c.Version(t.Context()); err != nil {
				t.Fatal(err)
			}
			failOnce(m, w.method)
			err := w.call(t.Context(), c)
			if !errors.Is(err, errReset) {
				t.Errorf("error = %v, want the transport error", err)
			}
			var apiErr *zabbix.APIError
			if errors.As(err, &apiErr) {
				t.Errorf("a lost answer reads as a refusal (*APIError): %v", err)
			}
			if n := m.total(); n != 2 {
				t.Errorf("%d requests, want 2 (probe, one write)", n)
			}
		})
	}
}

// TestProbeRetried sends the version probe again after a transport error.
func TestProbeRetried(t *testing.T) {
	t.Parallel()
	m := newMock(t, "6.0.14")
	failOnce(m, "apiinfo.version")
	v, err := m.client(zabbix.Config{}).Version(t.Context())
	if err != nil || v != zabbix.V6_0+14 {
		t.Errorf("Version = %v, %v; want 6.0.14", v, err)
	}
	if n := m.total(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestFailedProbeNotCached: a probe that fails is made again by the next
// call; one that succeeds is not.
func TestFailedProbeNotCached(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
		httpmock.BodyContainsString(`"method":"apiinfo.version"`).WithName("00 500 once"),
		onceThen(httpmock.NewStringResponder(500, ""), m.respond))
	m.result("host.delete", map[string]any{"hostids": []string{"10601"}})
	c := m.client(zabbix.Config{})
	if err := c.DeleteHosts(t.Context(), "10601"); !errors.Is(err, zabbix.ErrBadResponse) {
		t.Fatalf("first call: error = %v, want the probe's HTTP 500", err)
	}
	for range 3 {
		if err := c.DeleteHosts(t.Context(), "10601"); err != nil {
			t.Fatalf("DeleteHosts: %v", err)
		}
	}
	if n := m.total(); n != 5 {
		t.Errorf("%d requests, want 5 (failed probe, probe, three deletes)", n)
	}
}

// TestContext: an ended context stops every call before it sends
// anything, and a call in flight returns the context's error.
func TestContext(t *testing.T) {
	t.Parallel()
	t.Run("Canceled", func(t *testing.T) {
		t.Parallel()
		m := newMock(t, "7.0.22")
		c := m.client(zabbix.Config{})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		checks := map[string]error{}
		_, checks["CreateHosts"] = c.CreateHosts(ctx, []zabbix.Host{goldenMinimalHost()})
		_, checks["Hosts"] = c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"1"}})
		_, checks["UpdateHost"] = c.UpdateHost(ctx, goldenUpdate())
		checks["DeleteHosts"] = c.DeleteHosts(ctx, "1")
		_, checks["Version"] = c.Version(ctx)
		checks["Call"] = c.Call(ctx, "host.get", nil, nil)
		for name, err := range checks {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: error = %v, want context.Canceled", name, err)
			}
		}
		if m.total() != 0 {
			t.Errorf("%d requests under a canceled context", m.total())
		}
	})
	t.Run("InFlight", func(t *testing.T) {
		t.Parallel()
		m := newMock(t, "7.0.22")
		c := m.client(zabbix.Config{})
		if _, err := c.Version(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
			httpmock.BodyContainsString(`"method":"host.get"`).WithName("00 cancel"),
			func(req *http.Request) (*http.Response, error) {
				cancel()
				<-req.Context().Done()
				return nil, req.Context().Err()
			})
		_, err := c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"1"}})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
		if n := m.total(); n != 2 {
			t.Errorf("%d requests, want 2: a read whose context ended is not sent again", n)
		}
	})
}

// dbError is Zabbix's answer to a call it rolled back on a database error.
func dbError(data string) *rpcError { return errApplication(data) }

// rolledBackTexts are the texts of Zabbix's DB class for a statement the
// database refused (include/classes/db/DB.php of 6.0 and 7.0): each means
// the call was rolled back.
var rolledBackTexts = []string{
	"DBEXECUTE_ERROR",          // 6.0: concurrent first ID allocations on a new database (measured)
	"Database error occurred.", // 7.0: the same race (measured)
	`SQL statement execution has failed "DELETE FROM hgset WHERE hgsetid=21".`,                           // 7.0, measured
	`SQL statement execution has failed "INSERT INTO hosts (hostid,host,proxy_hostid,name) VALUES (1)".`, // 6.0
	"Your database is not working properly. Please wait a few minutes and try to repeat this action.",    // 6.0, a deadlock on table ids
}

// TestRolledBackWriteSentAgain: a write Zabbix rolled back on a database
// error (on a new database, 4 of 100 first host.create calls
// once failed with DBEXECUTE_ERROR) is sent again after a jittered
// wait, with a warning, and succeeds; the error matches ErrDatabase.
func TestRolledBackWriteSentAgain(t *testing.T) {
	t.Parallel()
	for _, text := range rolledBackTexts {
		t.Run(text[:min(len(text), 24)], func(t *testing.T) {
			t.Parallel()
			if err := (&zabbix.APIError{Code: -32500, Data: text}); !errors.Is(err, zabbix.ErrDatabase) {
				t.Errorf("%v does not match ErrDatabase", err)
			}
			m := newMock(t, "6.0.14")
			var n atomic.Int32
			m.on("host.create", func(mockCall) (any, *rpcError) {
				if n.Add(1) <= 2 {
					return nil, dbError(text)
				}
				return map[string]any{"hostids": []string{"10601"}}, nil
			})
			m.result("host.get", []any{readHostJSON("10601", "web-01")})
			logs := &logBuffer{}
			c := m.client(zabbix.Config{Logger: debugLogger(logs)})
			zabbix.SetDatabaseBackoff(c, time.Millisecond)
			h := goldenMinimalHost()
			h.Host = "web-01"
			got, err := c.CreateHosts(t.Context(), []zabbix.Host{h})
			if err != nil || len(got) != 1 || got[0].HostID != "10601" {
				t.Fatalf("CreateHosts = %+v, %v; want the host created on the third send", got, err)
			}
			if n := m.calls("host.create"); n != 3 {
				t.Errorf("%d host.create requests, want 3", n)
			}
			if c := strings.Count(logs.String(), `"level":"WARN","msg":"zabbix: call rolled back on a database error; sending it again"`); c != 2 {
				t.Errorf("%d resend warnings, want 2:\n%s", c, logs)
			}
		})
	}
}

// TestRolledBackWriteBounded: a database that keeps failing gets the call
// DatabaseAttempts times, then the caller gets the *APIError, matching
// ErrDatabase.
func TestRolledBackWriteBounded(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.fail("host.delete", dbError("Database error occurred."))
	c := m.client(zabbix.Config{})
	zabbix.SetDatabaseBackoff(c, time.Millisecond)
	err := c.DeleteHosts(t.Context(), "10601")
	var apiErr *zabbix.APIError
	if !errors.Is(err, zabbix.ErrDatabase) || !errors.As(err, &apiErr) {
		t.Fatalf("DeleteHosts = %v, want an *APIError matching ErrDatabase", err)
	}
	if n := m.calls("host.delete"); n != zabbix.DatabaseAttempts {
		t.Errorf("%d host.delete requests, want %d", n, zabbix.DatabaseAttempts)
	}
}

// TestRolledBackWaitHonoursContext: a context that ends during the wait
// before a resend ends the call at once with the context's error, and
// nothing more is sent.
func TestRolledBackWaitHonoursContext(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	m.on("host.delete", func(mockCall) (any, *rpcError) {
		time.AfterFunc(20*time.Millisecond, cancel) // during the wait
		return nil, dbError("Database error occurred.")
	})
	c := m.client(zabbix.Config{})
	zabbix.SetDatabaseBackoff(c, time.Hour)
	start := time.Now()
	err := c.DeleteHosts(ctx, "10601")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("DeleteHosts = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("DeleteHosts returned after %s: the wait ignored the context", d)
	}
	if n := m.calls("host.delete"); n != 1 {
		t.Errorf("%d host.delete requests, want 1", n)
	}
}

// TestRefusalsNotSentAgain: a refusal that is not a rollback on a
// database error (the request's own fault, or a -32602 that merely
// mentions the text) is returned after one request.
func TestRefusalsNotSentAgain(t *testing.T) {
	t.Parallel()
	for _, e := range []*rpcError{
		errApplication("No permissions to referred object or it does not exist!"),
		errApplication(`Incorrect value "x" for int field "proxy_hostid".`),
		errInvalidParams("DBEXECUTE_ERROR"),
		errInvalidParams(`Host with the same name "web-01" already exists.`),
	} {
		m := newMock(t, "7.0.22")
		m.fail("host.delete", e)
		c := m.client(zabbix.Config{})
		zabbix.SetDatabaseBackoff(c, time.Millisecond)
		err := c.DeleteHosts(t.Context(), "10601")
		if err == nil || errors.Is(err, zabbix.ErrDatabase) {
			t.Errorf("%q: DeleteHosts = %v, want a refusal not matching ErrDatabase", e.Data, err)
		}
		if n := m.calls("host.delete"); n != 1 {
			t.Errorf("%q: %d host.delete requests, want 1", e.Data, n)
		}
	}
}

// TestWriteSeenThroughAfterCancel: a write whose context ends while it is
// on its way is not abandoned; the client waits for the answer, so the
// caller learns what Zabbix did. A read is abandoned.
func TestWriteSeenThroughAfterCancel(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	m.on("host.create", func(mockCall) (any, *rpcError) {
		cancel() // the caller gives up while Zabbix works
		return map[string]any{"hostids": []string{"10601"}}, nil
	})
	m.result("host.get", []any{readHostJSON("10601", "web-01")})
	c := m.client(zabbix.Config{})
	if _, err := c.Version(t.Context()); err != nil {
		t.Fatal(err)
	}
	h := goldenMinimalHost()
	h.Host = "web-01"
	got, err := c.CreateHosts(ctx, []zabbix.Host{h})
	if err != nil || len(got) != 1 || got[0].HostID != "10601" {
		t.Fatalf("CreateHosts = %+v, %v; want the host Zabbix created", got, err)
	}
	// Nothing is sent once the context has ended.
	if _, err := c.CreateHosts(ctx, []zabbix.Host{h}); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateHosts on an ended context = %v", err)
	}
	if n := m.calls("host.create"); n != 1 {
		t.Errorf("%d host.create requests, want 1", n)
	}
}
