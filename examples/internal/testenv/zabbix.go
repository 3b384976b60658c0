package testenv

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// ServicesHint says how to get the real servers.
const ServicesHint = "run `sudo scripts/services.sh start`, `source /var/tmp/netbox-zabbix-services/env`, " +
	"then export ZABBIX_URL=$ZABBIX6_URL ZABBIX_TOKEN=$ZABBIX6_TOKEN (or the ZABBIX7_ values) — scripts/test.sh does all of it"

// Zabbix is the Zabbix server of ZABBIX_URL, with the hosts of one test.
type Zabbix struct {
	URL, Token string
	Client     *zabbix.Client
	GroupID    string // "Linux servers"
	Prefix     string // of every host name the test makes
}

// NeedZabbix connects to the server of ZABBIX_URL, or skips the test
// (fails it when NBZ_INTEGRATION=1). Host names of the test start with
// prefix and a random part; every host whose name starts with them is
// deleted when the test ends.
func NeedZabbix(t *testing.T, prefix string) *Zabbix {
	t.Helper()
	url, token := os.Getenv("ZABBIX_URL"), os.Getenv("ZABBIX_TOKEN")
	if url == "" || token == "" {
		if os.Getenv("NBZ_INTEGRATION") == "1" {
			t.Fatalf("NBZ_INTEGRATION=1 but ZABBIX_URL or ZABBIX_TOKEN is not set: %s", ServicesHint)
		}
		t.Skipf("ZABBIX_URL or ZABBIX_TOKEN is not set: %s", ServicesHint)
	}
	c, err := zabbix.New(zabbix.Config{URL: url, Token: zabbix.Secret(token)})
	if err != nil {
		t.Fatal(err)
	}
	z := &Zabbix{URL: url, Token: token, Client: c, Prefix: prefix + strings.ToLower(rand.Text()[:6])}
	var groups []struct {
		GroupID string `json:"groupid"`
	}
	err = c.Call(t.Context(), "hostgroup.get", map[string]any{"output": []string{"groupid"},
		"filter": map[string]any{"name": []string{"Linux servers"}}}, &groups)
	if err != nil || len(groups) != 1 {
		t.Fatalf(`hostgroup.get "Linux servers" = %v, %v`, groups, err)
	}
	z.GroupID = groups[0].GroupID
	t.Cleanup(func() { z.DeleteHosts(t) })
	return z
}

// Hosts returns the hosts whose names start with the test's prefix.
func (z *Zabbix) Hosts(t *testing.T) []zabbix.Host {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hosts, err := z.Client.Hosts(ctx, zabbix.HostQuery{NamePrefix: z.Prefix})
	if err != nil {
		t.Fatalf("read the hosts named %s…: %v", z.Prefix, err)
	}
	return hosts
}

// DeleteHosts deletes the test's hosts.
func (z *Zabbix) DeleteHosts(t *testing.T) {
	var ids []string
	for _, h := range z.Hosts(t) {
		ids = append(ids, h.HostID)
	}
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := z.Client.DeleteHosts(ctx, ids...); err != nil {
		t.Errorf("cleanup: delete hosts %v: %v", ids, err)
	}
}
