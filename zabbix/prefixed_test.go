package zabbix_test

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// deletePrefixed deletes the hosts and host groups of the test.
func deletePrefixed(t *testing.T, c *zabbix.Client, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var hosts []struct{ HostID string }
	_ = c.Call(ctx, "host.get", map[string]any{"output": []string{"hostid"},
		"search": map[string]any{"host": prefix + "-"}, "startSearch": true}, &hosts)
	var ids []string
	for _, h := range hosts {
		ids = append(ids, h.HostID)
	}
	if len(ids) > 0 {
		if err := c.DeleteHosts(ctx, ids...); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}
	var groups []struct{ GroupID string }
	_ = c.Call(ctx, "hostgroup.get", map[string]any{"output": []string{"groupid"},
		"search": map[string]any{"name": prefix + "-group-"}, "startSearch": true}, &groups)
	var gids []string
	for _, g := range groups {
		gids = append(gids, g.GroupID)
	}
	if len(gids) > 0 {
		if err := c.Call(ctx, "hostgroup.delete", gids, nil); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}
}

// countWarnings is a slog handler counting the Warn records with msg.
type countWarnings struct {
	msg string
	n   atomic.Int64
}

func (h *countWarnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (h *countWarnings) Handle(_ context.Context, r slog.Record) error {
	if r.Level == slog.LevelWarn && strings.HasPrefix(r.Message, h.msg) {
		h.n.Add(1)
	}
	return nil
}
func (h *countWarnings) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countWarnings) WithGroup(string) slog.Handler      { return h }
