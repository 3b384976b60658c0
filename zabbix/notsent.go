package zabbix

import (
	"errors"
	"net"
)

// ErrNotSent: the request never reached the server — the version probe or
// the login before it failed, or the connection could not be made — so
// Zabbix changed nothing. Errors of writes that stopped there match it
// under errors.Is, besides their cause.
var ErrNotSent = errors.New("zabbix: request not sent")

// notSentError marks err as a failure before the request was sent.
type notSentError struct{ err error }

func (e *notSentError) Error() string        { return e.err.Error() }
func (e *notSentError) Unwrap() error        { return e.err }
func (e *notSentError) Is(target error) bool { return target == ErrNotSent }

// notSent marks err (when not nil) as a failure before the request was
// sent.
func notSent(err error) error {
	if err == nil || errors.Is(err, ErrNotSent) {
		return err
	}
	return &notSentError{err}
}

// isDialError reports whether err is a failure to connect, after which the
// request cannot have been sent.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
