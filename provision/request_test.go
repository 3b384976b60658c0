package provision_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// TestRequestMessages: a bad request or config says what is wrong in one
// sentence per field, not in validator's raw text, and still carries
// validator's details for errors.As.
func TestRequestMessages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	_, err := w.p.ProvisionAgent(t.Context(), provision.Request{Object: netbox.Ref{Type: netbox.TypeDevice}, User: strings.Repeat("u", 300)})
	var ves validator.ValidationErrors
	if !errors.Is(err, provision.ErrInvalidRequest) || !errors.As(err, &ves) {
		t.Fatalf("err = %v, want ErrInvalidRequest with validator's details", err)
	}
	if strings.Contains(err.Error(), "Error:Field validation") {
		t.Errorf("error %q holds validator's raw text", err)
	}
	mustContain(t, "error", err.Error(), "invalid request: Object.ID", "User must be at most 255 characters")

	_, err = provision.New(provision.Config{})
	if err == nil || strings.Contains(err.Error(), "Error:Field validation") {
		t.Fatalf("New(Config{}) = %v, want sentences", err)
	}
	mustContain(t, "error", err.Error(), "provision: config", "NetBox", "Zabbix", "Store")
}
