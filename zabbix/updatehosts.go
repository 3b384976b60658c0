package zabbix

import (
	"context"
	"errors"
	"log/slog"
)

// UpdateHosts sends the host.update calls of updates (see HostUpdate for
// what each leaves alone) as one JSON-RPC batch: one HTTP request of
// len(updates) calls. Zabbix runs each call in a transaction of its own,
// so one refused update does not stop the others. It returns one error
// per update, in input order: nil when Zabbix applied it, else the
// server's *APIError (nothing of that update was applied). Updates are
// not read back: a caller that needs a host as it is now (new interface
// IDs) reads it with Hosts.
//
// The returned error is for the request as a whole, and then no per-update
// errors are returned: an invalid update (nothing sent; it matches
// ErrInvalidRequest), the version probe or login failing (matches
// ErrNotSent: nothing sent), or the transport or the answer failing after
// the request was sent, when any of the updates may have been applied.
// Calls that Zabbix rolled back on a database error are sent again,
// those alone, as UpdateHost does. No updates make no request.
func (c *Client) UpdateHosts(ctx context.Context, updates []HostUpdate) ([]error, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(updates) == 0 {
		return nil, nil
	}
	v, err := c.Version(ctx)
	if err != nil {
		return nil, notSent(err)
	}
	secrets := &scrubber{}
	calls := make([]*call, len(updates))
	for i, u := range updates {
		params, err := updateParams(v, u)
		if err != nil {
			return nil, err
		}
		secrets.addUpdate(u)
		calls[i] = &call{method: methodHostUpdate, params: params, result: &idsResult{}}
	}
	if err := c.do(ctx, &request{calls: calls, scrub: secrets}); err != nil {
		return nil, err
	}
	if err := c.resendEach(ctx, calls, secrets); err != nil {
		return nil, err
	}
	errs := make([]error, len(calls))
	for i, cl := range calls {
		errs[i] = cl.err
	}
	return errs, nil
}

// resendEach sends again, in one request, the calls of a batch of
// independent writes that Zabbix rolled back on a database error, up to
// databaseAttempts sends in all, with the backoff resendRolledBack uses.
// The calls keep their last answers; when ctx ends during a wait, the
// calls not sent again keep their refusals.
func (c *Client) resendEach(ctx context.Context, calls []*call, secrets *scrubber) error {
	if len(calls) == 1 {
		return nil // do sent a lone call again already
	}
	for attempt := 1; attempt < databaseAttempts; attempt++ {
		var again []*call
		for _, cl := range calls {
			if errors.Is(cl.err, ErrDatabase) {
				again = append(again, cl)
			}
		}
		if len(again) == 0 {
			return nil
		}
		if c.pauseBeforeResend(ctx, attempt, "zabbix: calls rolled back on a database error; sending them again",
			slog.Int("calls", len(again)), again[0].err) != nil {
			return nil // the calls keep their refusals: nothing of them was applied
		}
		for _, cl := range again {
			cl.err = nil
		}
		if err := c.do(ctx, &request{calls: again, scrub: secrets}); err != nil {
			return err
		}
	}
	return nil
}
