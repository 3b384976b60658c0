package zabbix_test

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// sessionMock answers user.login with fresh sessions and host.get with
// "Session terminated" for every session in ended.
func sessionMock(t *testing.T, version string) (*mockZabbix, *sync.Map) {
	t.Helper()
	m := newMock(t, version)
	var logins atomic.Int32
	ended := &sync.Map{}
	m.on("user.login", func(c mockCall) (any, *rpcError) {
		var p map[string]string
		c.params(t, &p)
		if p["username"] != "Admin" || p["password"] != mockPassword {
			return nil, errApplication("Incorrect user name or password or account is temporarily blocked.")
		}
		if logins.Add(1) == 1 {
			return mockSession, nil
		}
		return mockSession2, nil
	})
	m.on("host.get", func(c mockCall) (any, *rpcError) {
		if _, gone := ended.Load(credentialOf(c)); gone {
			return nil, errInvalidParams("Session terminated, re-login, please.")
		}
		return []any{readHostJSON("10601", "web-01")}, nil
	})
	m.result("user.logout", true)
	return m, ended
}

// credentialOf returns the credential a call was sent with, from the body
// or the Authorization header.
func credentialOf(c mockCall) string {
	if c.Auth != nil {
		return *c.Auth
	}
	return strings.TrimPrefix(c.Header.Get("Authorization"), "Bearer ")
}

// TestSessionRelogin ends the session under the client: it logs in again
// once and sends the call again.
func TestSessionRelogin(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"6.0.14", "7.0.22"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			m, ended := sessionMock(t, v)
			logs := &logBuffer{}
			c := m.client(zabbix.Config{User: "Admin", Password: mockPassword, Logger: debugLogger(logs)})
			q := zabbix.HostQuery{HostIDs: []string{"10601"}}
			if _, err := c.Hosts(t.Context(), q); err != nil {
				t.Fatalf("Hosts: %v", err)
			}
			ended.Store(mockSession, true)
			got, err := c.Hosts(t.Context(), q)
			if err != nil {
				t.Fatalf("Hosts after the session ended: %v", err)
			}
			if len(got) != 1 {
				t.Errorf("Hosts returned %d hosts, want 1", len(got))
			}
			if n := m.calls("user.login"); n != 2 {
				t.Errorf("user.login sent %d times, want 2", n)
			}
			if n := m.calls("host.get"); n != 3 {
				t.Errorf("host.get sent %d times, want 3 (one refused, sent again)", n)
			}
			if got := zabbix.SessionID(c); got != mockSession2 {
				t.Errorf("session after re-login = %q, want the new one", got)
			}
			noSecrets(t, "log", logs.String())
		})
	}
}

// TestSessionReloginOnce: when the new session is refused too, the error
// is returned after one re-login.
func TestSessionReloginOnce(t *testing.T) {
	t.Parallel()
	m, ended := sessionMock(t, "7.0.22")
	ended.Store(mockSession, true)
	ended.Store(mockSession2, true)
	c := m.client(zabbix.Config{User: "Admin", Password: mockPassword})
	_, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
	if !errors.Is(err, zabbix.ErrSessionTerminated) {
		t.Errorf("error = %v, want ErrSessionTerminated", err)
	}
	if n := m.calls("user.login"); n != 2 {
		t.Errorf("user.login sent %d times, want 2", n)
	}
	if n := m.calls("host.get"); n != 2 {
		t.Errorf("host.get sent %d times, want 2", n)
	}
}

// TestSessionReloginWrite sends a refused write again after the re-login:
// Zabbix rejected it unexecuted.
func TestSessionReloginWrite(t *testing.T) {
	t.Parallel()
	m, ended := sessionMock(t, "6.0.14")
	m.on("host.delete", func(c mockCall) (any, *rpcError) {
		if _, gone := ended.Load(credentialOf(c)); gone {
			return nil, errInvalidParams("Session terminated, re-login, please.")
		}
		return map[string]any{"hostids": []string{"10601"}}, nil
	})
	ended.Store(mockSession, true)
	c := m.client(zabbix.Config{User: "Admin", Password: mockPassword})
	if err := c.DeleteHosts(t.Context(), "10601"); err != nil {
		t.Fatalf("DeleteHosts: %v", err)
	}
	if n := m.calls("host.delete"); n != 2 {
		t.Errorf("host.delete sent %d times, want 2", n)
	}
}

// TestTokenNoRelogin: with an API token there is nothing to log in again.
func TestTokenNoRelogin(t *testing.T) {
	t.Parallel()
	m := newMock(t, "7.0.22")
	m.fail("host.get", errInvalidParams("Session terminated, re-login, please."))
	_, err := m.client(zabbix.Config{}).Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
	if !errors.Is(err, zabbix.ErrSessionTerminated) {
		t.Errorf("error = %v, want ErrSessionTerminated", err)
	}
	if n := m.calls("user.login"); n != 0 {
		t.Errorf("user.login sent %d times with a token", n)
	}
}

// TestLoginOnceConcurrently starts many calls on a fresh client: one
// probe, one login.
func TestLoginOnceConcurrently(t *testing.T) {
	t.Parallel()
	m, _ := sessionMock(t, "7.0.22")
	c := m.client(zabbix.Config{User: "Admin", Password: mockPassword})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}}); err != nil {
				t.Errorf("Hosts: %v", err)
			}
		})
	}
	wg.Wait()
	if n := m.calls("apiinfo.version"); n != 1 {
		t.Errorf("apiinfo.version sent %d times, want 1", n)
	}
	if n := m.calls("user.login"); n != 1 {
		t.Errorf("user.login sent %d times, want 1", n)
	}
}

// TestLoginFailure returns Zabbix's refusal, without the password.
func TestLoginFailure(t *testing.T) {
	t.Parallel()
	m, _ := sessionMock(t, "7.0.22")
	c := m.client(zabbix.Config{User: "Admin", Password: "wrong-" + mockPassword})
	_, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}})
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) || apiErr.Method != "user.login" {
		t.Fatalf("error = %v, want user.login's *APIError", err)
	}
	noSecrets(t, "error", err.Error())
	if n := m.calls("host.get"); n != 0 {
		t.Errorf("host.get sent %d times without a session", n)
	}
}

// TestClose logs out a session, does nothing for a token, and lets a later
// call log in again.
func TestClose(t *testing.T) {
	t.Parallel()
	t.Run("Session", func(t *testing.T) {
		t.Parallel()
		m, _ := sessionMock(t, "7.0.22")
		c := m.client(zabbix.Config{User: "Admin", Password: mockPassword})
		if err := c.Close(t.Context()); err != nil {
			t.Fatalf("Close before any call: %v", err)
		}
		if m.total() != 0 {
			t.Fatalf("Close without a session made %d requests", m.total())
		}
		if _, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}}); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(t.Context()); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if n := m.calls("user.logout"); n != 1 {
			t.Errorf("user.logout sent %d times, want 1", n)
		}
		if zabbix.SessionID(c) != "" {
			t.Error("session kept after Close")
		}
		if _, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}}); err != nil {
			t.Fatalf("Hosts after Close: %v", err)
		}
		if n := m.calls("user.login"); n != 2 {
			t.Errorf("user.login sent %d times, want 2", n)
		}
	})
	t.Run("SessionAlreadyEnded", func(t *testing.T) {
		t.Parallel()
		m, _ := sessionMock(t, "7.0.22")
		c := m.client(zabbix.Config{User: "Admin", Password: mockPassword})
		if _, err := c.Hosts(t.Context(), zabbix.HostQuery{HostIDs: []string{"10601"}}); err != nil {
			t.Fatal(err)
		}
		m.fail("user.logout", errInvalidParams("Session terminated, re-login, please."))
		if err := c.Close(t.Context()); err != nil {
			t.Errorf("Close of an ended session: %v", err)
		}
	})
	t.Run("Token", func(t *testing.T) {
		t.Parallel()
		m := newMock(t, "7.0.22")
		c := m.client(zabbix.Config{})
		if err := c.Close(t.Context()); err != nil {
			t.Errorf("Close: %v", err)
		}
		if m.total() != 0 {
			t.Errorf("Close with a token made %d requests", m.total())
		}
	})
}
