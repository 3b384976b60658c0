package zabbix_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	const value = "1f87b595725ac58dd977beef14b97461"
	s := zabbix.Secret(value)
	type holder struct {
		PSK zabbix.Secret
		Ptr *zabbix.Secret
	}
	h := holder{PSK: s, Ptr: &s}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "psk", s, "holder", h)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "psk", s)
	js, _ := json.Marshal(h)
	for name, out := range map[string]string{
		//lint:ignore S1025 the test is how each verb formats a Secret
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s), "%#v": fmt.Sprintf("%#v", s),
		"%+v struct": fmt.Sprintf("%+v", h), "%#v struct": fmt.Sprintf("%#v", h), "json": string(js), "slog": logs.String(),
		"error": fmt.Errorf("bad %v", s).Error(),
	} {
		if strings.Contains(out, value) {
			t.Errorf("%s reveals the secret: %s", name, out)
		}
	}
	if s.Reveal() != value || s.IsZero() || !zabbix.Secret("").IsZero() || zabbix.Secret("").String() != "" {
		t.Error("Reveal / IsZero / String of the empty secret misbehave")
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	v, err := zabbix.ParseVersion("7.0.22")
	if err != nil || v != zabbix.V7_0+22 || v.String() != "7.0.22" || v.Major() != 7 || v.Minor() != 0 || v.Patch() != 22 {
		t.Fatalf("ParseVersion(7.0.22) = %v (%d.%d.%d), %v", v, v.Major(), v.Minor(), v.Patch(), err)
	}
	if v2, _ := zabbix.ParseVersion("6.4"); v2 != zabbix.V6_4 {
		t.Errorf("ParseVersion(6.4) = %v", v2)
	}
	for _, bad := range []string{"", "7", "7.x", "7.0.1.2", "-1.0", "1000.0"} {
		if _, err := zabbix.ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) succeeded", bad)
		}
	}
	order := []zabbix.Version{zabbix.V6_0, zabbix.V6_0 + 14, zabbix.V6_2, zabbix.V6_4, zabbix.V7_0, zabbix.V7_0 + 22, zabbix.V7_2, zabbix.V7_4}
	for i := 1; i < len(order); i++ {
		if !order[i].AtLeast(order[i-1]) || order[i-1].AtLeast(order[i]) {
			t.Errorf("%v vs %v ordered wrongly", order[i-1], order[i])
		}
	}
	if (zabbix.V6_4 + 9).HasProxyGroups() || !zabbix.V7_0.HasProxyGroups() {
		t.Error("HasProxyGroups wrong")
	}
}

func TestAPIErrorIs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		data string
		is   error
		host string
	}{
		{`Host with the same name "web-01" already exists.`, zabbix.ErrHostExists, "web-01"},
		{`Duplicate host. Host with the same host name "dupA" already exists in data.`, zabbix.ErrHostExists, "dupA"},
		{`Duplicate host. Host with the same visible name "v" already exists in data.`, nil, ""},
		{`No permissions to referred object or it does not exist!`, zabbix.ErrNoObject, ""},
		{`Invalid parameter "/1/groups/1": object does not exist, or you have no permissions to it.`, zabbix.ErrNoObject, ""},
		{`Not authorized.`, zabbix.ErrNotAuthorized, ""},
		{`API token expired.`, zabbix.ErrTokenExpired, ""},
		{`Session terminated, re-login, please.`, zabbix.ErrSessionTerminated, ""},
	}
	all := []error{zabbix.ErrHostExists, zabbix.ErrNoObject, zabbix.ErrNotAuthorized, zabbix.ErrTokenExpired, zabbix.ErrSessionTerminated, zabbix.ErrUnsupported}
	for _, tt := range tests {
		var err error = fmt.Errorf("wrapped: %w", &zabbix.APIError{Method: "host.create", Code: -32602, Message: "Invalid params.", Data: tt.data})
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == tt.is) {
				t.Errorf("%q: errors.Is(%v) = %v", tt.data, s, got)
			}
		}
		var ae *zabbix.APIError
		if !errors.As(err, &ae) || ae.HostName() != tt.host {
			t.Errorf("%q: HostName() = %q, want %q", tt.data, ae.HostName(), tt.host)
		}
	}
	e := &zabbix.APIError{Method: "host.get", Code: -32500, Message: "Application error.", Data: "boom"}
	if got := e.Error(); got != "zabbix: host.get: Application error (-32500): boom" {
		t.Errorf("Error() = %q", got)
	}
}

func TestVersionError(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("x: %w", &zabbix.VersionError{Version: zabbix.V6_0 + 14, Need: zabbix.V7_0, What: "monitoring by proxy group"})
	if !errors.Is(err, zabbix.ErrUnsupported) || !strings.Contains(err.Error(), "needs Zabbix 7.0 or later; the server runs 6.0.14") {
		t.Errorf("VersionError = %v", err)
	}
}

func TestHostClone(t *testing.T) {
	t.Parallel()
	h := zabbix.Host{GroupIDs: []string{"1"}, Inventory: map[string]string{"os": "x"},
		Interfaces: []zabbix.HostInterface{{Details: &zabbix.SNMPDetails{Community: "c"}}}}
	c := h.Clone()
	c.GroupIDs[0], c.Inventory["os"], c.Interfaces[0].Details.Community = "2", "y", "d"
	if h.GroupIDs[0] != "1" || h.Inventory["os"] != "x" || h.Interfaces[0].Details.Community != "c" {
		t.Error("Clone shares state with the original")
	}
}

func TestAPIErrorIndex(t *testing.T) {
	t.Parallel()
	for data, want := range map[string]int{
		`Invalid parameter "/3/groups/1": object does not exist, or you have no permissions to it.`: 3,
		`Invalid parameter "/12": the parameter "groups" is missing.`:                               12,
		`Invalid parameter "/": the parameter "jsonrpc" is missing.`:                                0,
		`Invalid parameter "/tags/1": the parameter "tag" is missing.`:                              0,
		`No permissions to referred object or it does not exist!`:                                   0,
		`Invalid parameter "/1234567/x": y`:                                                         0,
	} {
		if got := (&zabbix.APIError{Data: data}).Index(); got != want {
			t.Errorf("Index(%q) = %d, want %d", data, got, want)
		}
	}
}

func TestCompareIDs(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"9", "10", -1}, {"10084", "10600", -1}, {"007", "7", 0}, {"12", "12", 0},
		{"100", "99", 1}, {"5", "x", -1}, {"x", "5", 1}, {"a", "b", -1}, {"", "1", 1},
	} {
		if got := zabbix.CompareIDs(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
