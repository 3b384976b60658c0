package zabbix_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// frontendPage is the start of the page the Zabbix frontend answers with
// at its root (7.0.22, measured).
const frontendPage = `<!DOCTYPE html><html lang="en" theme="blue-theme" color-scheme="light">	<head>
		<meta http-equiv="X-UA-Compatible" content="IE=Edge"/>`

// TestFrontendURLHint: a URL that is the frontend, not api_jsonrpc.php,
// gets an error saying so and naming the URL that would be right (issue
// 10, item 5: it said only "body is not JSON; body starts <!DOCTYPE
// html>").
func TestFrontendURLHint(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/missing") {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte("<html><body>Not Found</body></html>"))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		_, _ = w.Write([]byte(frontendPage))
	}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct{ given, want string }{
		{srv.URL, "use " + srv.URL + "/api_jsonrpc.php"},
		{srv.URL + "/", "use " + srv.URL + "/api_jsonrpc.php"},
		{srv.URL + "/zabbix/", "use " + srv.URL + "/zabbix/api_jsonrpc.php"},
		{srv.URL + "/zabbix/index.php", "use " + srv.URL + "/zabbix/api_jsonrpc.php"},
		{srv.URL + "/zabbix/zabbix.php?action=dashboard.view", "use " + srv.URL + "/zabbix/api_jsonrpc.php"},
		{"http://admin:pw@" + strings.TrimPrefix(srv.URL, "http://") + "/zabbix", "use http://" + strings.TrimPrefix(srv.URL, "http://") + "/zabbix/api_jsonrpc.php"},
		{srv.URL + "/missing", "use " + srv.URL + "/missing/api_jsonrpc.php"}, // a path without a slash is taken for a directory
		{srv.URL + "/api_jsonrpc.php", "an HTML page answered at the API's URL"},
	} {
		c, err := zabbix.New(zabbix.Config{URL: tc.given, Token: mockToken})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Version(t.Context())
		var httpErr *zabbix.HTTPError
		if !errors.As(err, &httpErr) || !errors.Is(err, zabbix.ErrBadResponse) {
			t.Errorf("%s: Version = %v, want an *HTTPError", tc.given, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(httpErr.Hint, tc.want) {
			t.Errorf("%s: error = %v\nwant it to say %q", tc.given, err, tc.want)
		}
		if strings.Contains(err.Error(), "admin:pw") {
			t.Errorf("%s: the error shows the URL's credentials: %v", tc.given, err)
		}
	}
}

// TestIntegrationFrontendURL: the real frontend's root, given instead of
// api_jsonrpc.php, gets the hint with the right URL.
func TestIntegrationFrontendURL(t *testing.T) {
	env := needServer(t)
	root := strings.TrimSuffix(env.url, "api_jsonrpc.php")
	c, err := zabbix.New(zabbix.Config{URL: root, Token: env.token})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Version(t.Context())
	if want := "Config.URL is probably the Zabbix frontend, not its API: use " + env.url; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Version with %s = %v\nwant it to say %q", root, err, want)
	}
	t.Logf("%v", err)
}
