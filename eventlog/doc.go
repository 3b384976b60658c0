// Package eventlog is the domain audit trail of provisioning: one Event per
// run of an operation, success or failure, with the message, the data sent,
// the state before and after, and the exception text.
//
// Events go to a Sink. Memory is an in-memory sink; every store.Store is a
// Sink too, so events persist next to the host configs they describe. The
// event log is separate from diagnostic logging, which goes through log/slog.
//
// # Secrets
//
// Event data is built from values whose secrets are zabbix.Secret, which
// encode as "[redacted]", and exception texts are scrubbed of known secret
// values before an Event is built (see Redact).
//
// # Concurrency
//
// Memory is safe for concurrent use.
package eventlog
