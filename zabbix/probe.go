package zabbix

import (
	"context"
	"fmt"
	"log/slog"
)

// methodVersion is the one method every version answers without
// credentials (and refuses with them).
const methodVersion = "apiinfo.version"

// Version returns the Zabbix API version of the server, asking it
// (apiinfo.version, without credentials) the first time only. A failed
// probe is not remembered: the next call probes again. Concurrent callers
// wait for one probe, each as long as its context allows.
//
// A server older than 6.0 is refused with a *VersionError (matching
// ErrUnsupported) naming its version, and so is every call made to it.
func (c *Client) Version(ctx context.Context) (Version, error) {
	if v := Version(c.version.Load()); v != 0 {
		return v, nil
	}
	select {
	case c.probeSem <- struct{}{}:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	defer func() { <-c.probeSem }()
	if v := Version(c.version.Load()); v != 0 {
		return v, nil
	}
	v, err := c.probe(ctx)
	if err != nil {
		return v, err
	}
	c.version.Store(uint32(v))
	return v, nil
}

// probe asks the server its version.
func (c *Client) probe(ctx context.Context) (Version, error) {
	var text string
	cl := &call{method: methodVersion, result: &text}
	if err := c.send(ctx, &request{calls: []*call{cl}, read: true, scrub: c.secrets(nil)}); err != nil {
		return 0, err
	}
	if cl.err != nil {
		return 0, cl.err
	}
	v, err := ParseVersion(text)
	if err != nil {
		return 0, fmt.Errorf("zabbix: %s: %w", methodVersion, err)
	}
	if !v.AtLeast(V6_0) {
		return v, &VersionError{Version: v, Need: V6_0, What: "this client"}
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "zabbix: server version", slog.String("version", v.String()))
	return v, nil
}
