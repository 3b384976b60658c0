package zabbix

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// Methods of the session life cycle.
const (
	methodLogin  = "user.login"
	methodLogout = "user.logout"
)

// Where the credential goes, by version (docs/behaviour.md, "Zabbix versions"):
//
//   - before 6.4: in the body's "auth" field of every call (API tokens and
//     session IDs alike); 6.0 answers "Not authorized." to a Bearer header;
//   - from 6.4: in the "Authorization: Bearer <value>" header, never in
//     the body (7.0 still reads the body field but logs it as deprecated;
//     7.2 removed it). The header takes a session ID as well as an API
//     token: the frontend hands its value to the same check as the body
//     field, which tells a token (64 characters) from a session ID by its
//     length, and the 6.4 to 7.4 manuals show the header with the session
//     ID user.login returns. Measured on 7.0.22.

// credential returns the token, or the session ID, logging in when there
// is no session yet or when the session is still stale (the one Zabbix
// just said has ended).
func (c *Client) credential(ctx context.Context, stale Secret) (Secret, error) {
	if c.token != "" {
		return c.token, nil
	}
	if s := c.currentSession(); s != "" && s != stale {
		return s, nil
	}
	select {
	case c.loginSem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-c.loginSem }()
	if s := c.currentSession(); s != "" && s != stale {
		return s, nil // another call logged in meanwhile
	}
	s, err := c.login(ctx)
	if err != nil {
		return "", err
	}
	c.setSession(s)
	return s, nil
}

func (c *Client) currentSession() Secret {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session
}

func (c *Client) setSession(s Secret) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session = s
}

// login calls user.login (without credentials) and returns the session ID.
// It is never sent twice: a lost answer may still have opened a session.
func (c *Client) login(ctx context.Context) (Secret, error) {
	var session string
	cl := &call{
		method: methodLogin,
		params: map[string]string{"username": c.user, "password": c.password.Reveal()},
		result: &session,
	}
	if err := c.send(ctx, &request{calls: []*call{cl}, scrub: c.secrets(nil)}); err != nil {
		return "", err
	}
	if cl.err != nil {
		return "", cl.err
	}
	if session == "" {
		return "", fmt.Errorf("zabbix: %s: %w: empty session ID", methodLogin, ErrBadResponse)
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "zabbix: logged in", slog.String("user", c.user))
	return Secret(session), nil
}

// Close ends the login session (user.logout) when the Client logged in
// with a user and password; with an API token it does nothing. A session
// that Zabbix has already ended is not an error. A call made after Close
// logs in again.
func (c *Client) Close(ctx context.Context) error {
	if c.token != "" {
		return nil
	}
	select {
	case c.loginSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.loginSem }()
	s := c.currentSession()
	if s == "" {
		return nil
	}
	v, err := c.Version(ctx)
	if err != nil {
		return err
	}
	cl := &call{method: methodLogout}
	err = c.send(ctx, &request{calls: []*call{cl}, auth: &auth{value: s, header: v.AtLeast(V6_4)}, scrub: c.secrets(nil, s)})
	if err == nil {
		c.setSession("")
		err = cl.err
	}
	if errors.Is(err, ErrSessionTerminated) {
		err = nil
	}
	if err == nil {
		c.log.LogAttrs(ctx, slog.LevelDebug, "zabbix: logged out", slog.String("user", c.user))
	}
	return err
}
