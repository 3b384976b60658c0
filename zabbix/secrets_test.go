package zabbix_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// TestSecretsScrubbedFromErrors: server texts that echo the request's
// secrets (6.0's failed INSERT names every value) reach errors with the
// secrets replaced.
func TestSecretsScrubbedFromErrors(t *testing.T) {
	t.Parallel()
	echo := fmt.Sprintf(`SQL statement execution has failed "INSERT INTO hosts (hostid,host,tls_psk,name) VALUES ('10568','web-01','%s','web-01')" (auth %s, %s, %s)`,
		mockPSK, mockAuthPass, mockPrivPass, mockToken)
	m := newMock(t, "6.0.14")
	m.fail("host.create", errApplication(echo))
	_, err := m.client(zabbix.Config{}).CreateHosts(t.Context(), []zabbix.Host{goldenHost()})
	var apiErr *zabbix.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want an *APIError", err)
	}
	noSecrets(t, "error", err.Error())
	if !strings.HasPrefix(apiErr.Data, `SQL statement execution has failed "INSERT INTO hosts`) || !strings.Contains(apiErr.Data, "'[redacted]'") {
		t.Errorf("APIError.Data = %q, want the server's text with the PSK redacted", apiErr.Data)
	}
}

// TestSecretsScrubbedFromBodies: an error page that echoes the request
// (some proxies do) reaches the *HTTPError excerpt without the secrets,
// even when a secret straddles the end of the excerpt.
func TestSecretsScrubbedFromBodies(t *testing.T) {
	t.Parallel()
	for _, offset := range []int{0, 200, 240, 250, 255, 256} {
		t.Run(fmt.Sprint(offset), func(t *testing.T) {
			t.Parallel()
			m := newMock(t, "7.0.22")
			page := strings.Repeat("x", offset) + mockPSK + " " + mockToken
			m.mt.RegisterMatcherResponder(http.MethodPost, mockURL,
				httpmock.BodyContainsString(`"method":"host.create"`).WithName("00 echo"),
				httpmock.NewStringResponder(502, page))
			_, err := m.client(zabbix.Config{}).CreateHosts(t.Context(), []zabbix.Host{goldenHost()})
			var httpErr *zabbix.HTTPError
			if !errors.As(err, &httpErr) {
				t.Fatalf("error = %v, want an *HTTPError", err)
			}
			noSecrets(t, "error", err.Error())
			for i := 16; i <= len(mockPSK); i += 16 {
				if strings.Contains(httpErr.Body, mockPSK[:i]) {
					t.Errorf("HTTPError.Body holds the first %d characters of the PSK: %q", i, httpErr.Body)
				}
			}
		})
	}
}

// TestSecretsNotLogged runs a session through login, a refused write, a
// retried read, a re-login and logout with Debug logging: no secret (the
// password, the sessions, PSK, SNMP passphrases) appears in the log.
func TestSecretsNotLogged(t *testing.T) {
	t.Parallel()
	m, ended := sessionMock(t, "7.0.22")
	m.fail("host.create", errApplication("echo "+mockPSK+" "+mockSession))
	logs := &logBuffer{}
	c := m.client(zabbix.Config{User: "Admin", Password: mockPassword, Logger: debugLogger(logs)})
	ctx := t.Context()
	if _, err := c.CreateHosts(ctx, []zabbix.Host{goldenHost()}); err == nil {
		t.Fatal("CreateHosts succeeded; want the refusal")
	} else {
		noSecrets(t, "error", err.Error())
	}
	failOnce(m, "host.get")
	if _, err := c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10601"}}); err != nil {
		t.Fatal(err)
	}
	ended.Store(mockSession, true)
	if _, err := c.Hosts(ctx, zabbix.HostQuery{HostIDs: []string{"10601"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	noSecrets(t, "log", out)
	for _, want := range []string{`"msg":"zabbix: request"`, `"method":"host.create+host.get"`, `"status":200`,
		`"bytes_sent":`, `"duration":`, `"msg":"zabbix: logged in"`, `"level":"WARN"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

// TestSecretsNotInConfigErrors: a refused Config never shows its secrets.
func TestSecretsNotInConfigErrors(t *testing.T) {
	t.Parallel()
	_, err := zabbix.New(zabbix.Config{URL: "ftp://x", Token: mockToken, User: "Admin", Password: mockPassword})
	if err == nil {
		t.Fatal("New accepted a broken config")
	}
	noSecrets(t, "error", err.Error())
}
