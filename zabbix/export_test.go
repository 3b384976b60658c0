package zabbix

import "net/http"

// SessionID returns the client's current login session ID ("" when none),
// so that tests can end the session from outside.
func SessionID(c *Client) string { return c.currentSession().Reveal() }

// HTTPClient returns the *http.Client the client sends with.
func HTTPClient(c *Client) *http.Client { return c.http }
