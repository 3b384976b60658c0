package zabbix

import (
	"net/http"
	"time"
)

// SessionID returns the client's current login session ID ("" when none),
// so that tests can end the session from outside.
func SessionID(c *Client) string { return c.currentSession().Reveal() }

// HTTPClient returns the *http.Client the client sends with.
func HTTPClient(c *Client) *http.Client { return c.http }

// SetDatabaseBackoff sets the base of the wait before a call rolled back
// on a database error is sent again.
func SetDatabaseBackoff(c *Client, d time.Duration) { c.dbBackoff = d }

// DatabaseAttempts is how many times such a call is sent in all.
const DatabaseAttempts = databaseAttempts
