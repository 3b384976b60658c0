package testenv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// EditedNetBox is a NetBox in front of a fixture NetBox: it passes every
// request on and answers with the objects edited as the test says, as if
// someone had changed them in NetBox. Detail and list answers alike carry
// the edits (a field NetBox was not asked for, through ?fields=, stays
// out), so that single reads and bulk reads see the same NetBox.
type EditedNetBox struct {
	// URL is the NetBox URL to configure.
	URL string

	mu    sync.Mutex
	edits map[netbox.Ref]map[string]any // fields to set, by object
}

// resources are the API paths of the object types that can be edited.
var resources = map[string]netbox.ObjectType{
	"dcim/devices": netbox.TypeDevice, "virtualization/virtual-machines": netbox.TypeVirtualMachine,
	"ipam/ip-addresses": netbox.TypeIPAddress,
}

// EditNetBox starts an EditedNetBox in front of the NetBox at backend; it
// is closed when the test ends.
func EditNetBox(t testing.TB, backend string) *EditedNetBox {
	t.Helper()
	target, err := url.Parse(backend)
	if err != nil {
		t.Fatalf("NetBox URL %q: %v", backend, err)
	}
	e := &EditedNetBox{edits: make(map[netbox.Ref]map[string]any)}
	// The Host header is passed on, so that NetBox writes this server's
	// URLs in its answers (next pages among them).
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = e.edit
	proxy.ErrorLog = log.New(io.Discard, "", 0) // requests the client gave up on are no news
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e
}

// Set makes NetBox answer obj with fields set to the values given (JSON
// values: strings, numbers, maps for nested objects), over the earlier
// edits of obj.
func (e *EditedNetBox) Set(obj netbox.Ref, fields map[string]any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.edits[obj] == nil {
		e.edits[obj] = make(map[string]any)
	}
	maps.Copy(e.edits[obj], fields)
}

// SetStatus sets the status of a device or VM, as NetBox writes a choice.
func (e *EditedNetBox) SetStatus(obj netbox.Ref, value string) {
	label := strings.ToUpper(value[:1]) + value[1:]
	e.Set(obj, map[string]any{"status": map[string]any{"value": value, "label": label}})
}

// edit applies the edits to an answer of NetBox.
func (e *EditedNetBox) edit(resp *http.Response) error {
	typ, ok := resourceType(resp.Request.URL.Path)
	if !ok || resp.StatusCode != http.StatusOK {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.edits) == 0 {
		return nil
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("read NetBox's answer to %s: %w", resp.Request.URL.Path, err)
	}
	var answer map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&answer); err == nil {
		if results, ok := answer["results"].([]any); ok {
			for _, r := range results {
				e.apply(typ, r)
			}
		} else {
			e.apply(typ, answer)
		}
		if b, err := json.Marshal(answer); err == nil {
			raw = b
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	resp.Header.Set("Content-Length", strconv.Itoa(len(raw)))
	return nil
}

// apply sets the edited fields of one object of type typ that its answer
// holds.
func (e *EditedNetBox) apply(typ netbox.ObjectType, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		return
	}
	n, ok := obj["id"].(json.Number)
	if !ok {
		return
	}
	id, err := n.Int64()
	if err != nil {
		return
	}
	for k, val := range e.edits[netbox.Ref{Type: typ, ID: id}] {
		if _, asked := obj[k]; asked {
			obj[k] = val
		}
	}
}

// resourceType returns the object type of an API path such as
// /api/dcim/devices/ or /api/dcim/devices/7/.
func resourceType(path string) (netbox.ObjectType, bool) {
	rest, ok := strings.CutPrefix(path, "/api/")
	if !ok {
		return "", false
	}
	for p, t := range resources {
		if rest == p+"/" || strings.HasPrefix(rest, p+"/") {
			return t, true
		}
	}
	return "", false
}
