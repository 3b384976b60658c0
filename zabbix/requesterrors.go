package zabbix

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidRequest: the client refused a request that the server's
// version cannot read as meant (for example a host monitored by a proxy
// without a ProxyID on Zabbix 6.x, where it would silently mean "by the
// server"). Nothing was sent.
var ErrInvalidRequest = errors.New("zabbix: invalid request, not sent")

// invalid returns an error matching ErrInvalidRequest.
func invalid(method, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidRequest, method, fmt.Sprintf(format, args...))
}

// ReadBackError reports a write that Zabbix carried out (hosts created or
// updated) whose result could not be read back, or read back as something
// other than what was written. The change WAS made: HostIDs names the
// hosts concerned; read them again, or delete them.
//
// It deliberately does not unwrap to the cause: the cause may be an
// *APIError of the read, and code that takes an *APIError to mean "Zabbix
// refused the write and changed nothing" must not be misled. Err holds it.
type ReadBackError struct {
	Method  string   // the write, e.g. "host.create"
	HostIDs []string // the hosts the write touched, in input order
	Reason  string   // what went wrong
	Err     error    // the read's own error, if any
}

// Error names the write, the hosts it touched and what went wrong.
func (e *ReadBackError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zabbix: %s succeeded (host IDs %s) but reading the result back failed: %s",
		e.Method, strings.Join(e.HostIDs, ", "), e.Reason)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}
