// Package zabbix defines the Zabbix side of the library: hosts, interfaces,
// tags and the objects a host refers to, the API version, secrets, the
// errors a Zabbix backend returns, and Client, the JSON-RPC client of a
// real Zabbix server.
//
// A Host is version-neutral. Backends put it on the wire the way the
// server's version wants: proxy_hostid before 7.0; monitored_by with proxyid
// or proxy_groupid from 7.0.
//
// # Client
//
// New builds a Client from a Config: the api_jsonrpc.php URL and either an
// API token or a user name and password. The Client implements the calls of
// provision.ZabbixClient and a generic Call for any other method:
//
//	c, err := zabbix.New(zabbix.Config{
//		URL:   "https://zabbix.example.com/api_jsonrpc.php",
//		Token: zabbix.Secret(os.Getenv("ZABBIX_TOKEN")),
//	})
//	hosts, err := c.CreateHosts(ctx, []zabbix.Host{h}) // one HTTP request
//
// It speaks Zabbix 6.0, 6.2, 6.4, 7.0, 7.2 and 7.4, learning the server's
// version once with apiinfo.version, sent without credentials, and refuses
// anything older than 6.0. What changes with the version:
//
//   - credentials: in the body's "auth" field before 6.4; from 6.4 in the
//     "Authorization: Bearer" header only, API tokens and session IDs alike
//     (7.2 removed the body field);
//   - log in: user.login with "username";
//   - host groups read with selectGroups (result "groups") before 6.2,
//     selectHostGroups ("hostgroups") from 6.2 (7.2 removed selectGroups);
//   - monitoring source: proxy_hostid before 7.0 ("0" moves a host back to
//     the server; proxy groups cannot be expressed, so monitoring by proxy
//     group is a *VersionError and nothing is sent); from 7.0 monitored_by,
//     with proxyid only when monitored by a proxy and proxy_groupid only
//     when by a proxy group;
//   - SNMP max_repetitions is sent from 6.4 only;
//   - no host.massupdate or hostinterface.replacehostinterfaces (gone in
//     7.4): host.update does it all.
//
// Where Zabbix enforces a rule itself, the Client sends what it is given
// and returns the server's answer: PSK fields without a PSK mode, inventory
// fields with inventory disabled, an unknown group or template are refused
// by the server with an *APIError, and nothing is changed.
//
// Each operation is one HTTP request after the version probe (and the
// login): CreateHosts is a JSON-RPC batch of one array host.create and the
// host.get reading the new hosts back, UpdateHost a batch of host.update and
// host.get, Hosts one host.get (two in a batch when asked by IDs and by
// names, which host.get would AND), DeleteHosts one host.delete. A batch's
// read is trusted only when its write succeeded and returned exactly the
// host IDs read back.
//
// With a user and password the Client logs in at its first call, reuses
// the session, logs in again once when Zabbix says "Session terminated,
// re-login, please." (the refused call is then sent again: Zabbix did not
// run it), and logs out on Close.
//
// Reads (host.get, apiinfo.version, and methods ending in ".get" through
// Call) are sent again once after a transport error; writes never are,
// since their outcome is unknown: look before writing again. A call Zabbix
// answers with a database error (ErrDatabase: its database refused a
// statement, so the call was rolled back and nothing changed) is sent
// again, write or read, up to 4 times in all with exponential backoff and
// full jitter (waits below 100, 200, 400 ms), each resend logged at Warn:
// on a brand-new database concurrent first host.create calls race on
// Zabbix's ID allocation, and on 7.0 concurrent writes collide on shared
// host-group sets. Responses are
// capped at Config.MaxResponseBytes (64 MiB by default); every body is read
// to the end and closed so that connections are reused. The default HTTP
// client has a 60 s timeout; pass your own in Config.HTTPClient.
//
// Each HTTP request is logged at Debug (method, calls, attempt, status,
// duration, bytes_sent, bytes_received) and each retry at Warn, to
// Config.Logger; neither ever holds a body, a header or a secret.
//
// # Errors
//
// A Zabbix error answer is an *APIError (code, message, data and the method
// called). It matches a sentinel under errors.Is when its text denotes one
// callers act on: ErrHostExists, ErrNoObject, ErrNotAuthorized,
// ErrTokenExpired, ErrSessionTerminated, ErrDatabase (transient: the
// client's own resends did not get through; try again later),
// ErrPSKConflict (7.0: the PSK identity is another host's with another key;
// the error says how to rotate a key). An
// *APIError of a write means Zabbix refused it and changed nothing (every
// API call is one database transaction).
//
// A request the server's version cannot carry out is a *VersionError
// matching ErrUnsupported; one the client refuses to send because the
// server would misread it (a proxy without a ProxyID before 7.0, a host
// update without a HostID) matches ErrInvalidRequest. Nothing is sent in
// either case.
//
// An answer that is not a JSON-RPC response (HTTP 412 with an empty body,
// which Zabbix gives to a wrong Content-Type; HTTP 500 with an empty body
// when PHP fails; an HTML error page; a truncated body; a response id that
// was not asked for) is an *HTTPError with the status and the start of the
// body, matching ErrBadResponse, and ErrResponseTooLarge when over the cap.
// An HTML answer usually means that Config.URL is the frontend rather than
// its api_jsonrpc.php: the error's Hint says so and names the right URL.
// A transport failure is returned wrapped. After either, a write's outcome
// is unknown.
//
// A write that succeeded but could not be read back as written is a
// *ReadBackError naming the hosts it created or updated; it deliberately
// does not unwrap to the read's *APIError.
//
// An ended context stops a call before it sends anything, and a call in
// flight returns the context's error (context.Canceled or
// context.DeadlineExceeded).
//
// # Secrets
//
// Secret holds API tokens, passwords, TLS pre-shared keys and SNMP
// passphrases. It prints and encodes as "[redacted]"; only Reveal returns
// the value. The Client reveals secrets only onto the wire, and removes the
// request's secrets (token, password, session ID, PSKs, SNMPv3
// passphrases) from any server text it puts into an error: Zabbix 6.0
// echoes the values of a failed INSERT.
//
// # Concurrency
//
// A Client is safe for concurrent use and is meant to be shared: one
// version probe and one login serve every goroutine, and connections are
// reused. Concurrent callers waiting for the probe or the login each give
// up when their own context ends.
//
// # Backends
//
// Client talks to a real Zabbix server. Package memzabbix is an in-memory
// Zabbix that enforces the rules a real server does; package zabbixtest is
// the conformance suite both pass (the Client against real 6.0 and 7.0
// servers, see integration_test.go).
package zabbix
