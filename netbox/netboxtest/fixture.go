package netboxtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Fixture describes the data of the NetBox behind a Client under test: the
// IDs the suite reads and the values it expects. Its JSON form is what
// NETBOX_FIXTURE names for a test against a real NetBox.
type Fixture struct {
	// Device is a device with a primary IPv4 address assigned to an
	// interface, a site in a region, a role and a platform.
	Device Object `json:"device" validate:"required"`
	// VM is a virtual machine with a primary IPv4 address assigned to a VM
	// interface.
	VM Object `json:"virtual_machine" validate:"required"`
	// DeviceWithoutIP is a device without a primary IPv4 address.
	DeviceWithoutIP Object `json:"device_without_ip" validate:"required"`
	// MissingIDs are IDs that are no device, virtual machine or IP address.
	// Empty means 2147483000 and 2147483001.
	MissingIDs []int64 `json:"missing_ids,omitempty" validate:"dive,gt=0"`
	// MissingURL is an API path of an object that does not exist. Empty
	// means the device's site URL with the first missing ID.
	MissingURL string `json:"missing_url,omitempty"`
}

// Object is what the suite expects of a device or virtual machine. A
// relation given as "" must be absent.
type Object struct {
	ID       int64  `json:"id" validate:"gt=0"`
	Name     string `json:"name" validate:"required"`
	Status   string `json:"status"` // the status value, e.g. "active"; "" is not checked
	Site     string `json:"site"`
	Role     string `json:"role"`
	Platform string `json:"platform"`
	Cluster  string `json:"cluster"`
	Tenant   string `json:"tenant"`
	// Region is the name of the site's region, which only the full site
	// has: the suite resolves "site.region" through Fetch and
	// mapping.Expand. "" is not checked.
	Region string `json:"region"`
	// CustomFields are custom field values the object must have; a JSON
	// object value need only be a part of the actual one.
	CustomFields map[string]any `json:"custom_fields"`
	// Tags are the names of the object's tags, in any order.
	Tags []string `json:"tags"`
	// Attrs are other top-level fields and their values, e.g. "serial".
	Attrs map[string]any `json:"attrs"`
	// PrimaryIP4 is the object's primary IPv4 address; nil means none.
	PrimaryIP4 *IP `json:"primary_ip4"`
}

// IP is what the suite expects of an IP address.
type IP struct {
	ID                 int64             `json:"id" validate:"gt=0"`
	Address            string            `json:"address" validate:"required"` // with prefix length
	DNSName            string            `json:"dns_name"`
	AssignedObjectType netbox.ObjectType `json:"assigned_object_type" validate:"required"`
	AssignedObjectID   int64             `json:"assigned_object_id" validate:"gt=0"`
	// Interface is the name of the interface the address is assigned to.
	Interface string `json:"interface" validate:"required"`
}

// LoadFixture reads a Fixture from a JSON file.
func LoadFixture(file string) (Fixture, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return Fixture{}, fmt.Errorf("netboxtest: %w", err)
	}
	var fx Fixture
	if err := json.Unmarshal(b, &fx); err != nil {
		return Fixture{}, fmt.Errorf("netboxtest: fixture %s: %w", file, err)
	}
	return fx, nil
}

// check validates fx for the suite: the device and VM need primary IPv4
// addresses, the device a site.
func (fx Fixture) check() error {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.Struct(fx); err != nil {
		return err
	}
	switch {
	case fx.Device.PrimaryIP4 == nil || fx.VM.PrimaryIP4 == nil:
		return fmt.Errorf("the device and the virtual machine need a primary_ip4")
	case fx.DeviceWithoutIP.PrimaryIP4 != nil:
		return fmt.Errorf("device_without_ip has a primary_ip4")
	case fx.Device.Site == "":
		return fmt.Errorf("the device needs a site")
	}
	return nil
}

func (fx Fixture) missingIDs() []int64 {
	if len(fx.MissingIDs) > 0 {
		return fx.MissingIDs
	}
	return []int64{2147483000, 2147483001}
}

// missingURL is fx.MissingURL, or siteURL with its ID replaced by a
// missing one.
func (fx Fixture) missingURL(siteURL string) string {
	if fx.MissingURL != "" {
		return fx.MissingURL
	}
	u, err := url.Parse(siteURL)
	if err != nil {
		return "/api/dcim/sites/" + strconv.FormatInt(fx.missingIDs()[0], 10) + "/"
	}
	dir := path.Dir(strings.TrimSuffix(u.Path, "/"))
	u.Path = dir + "/" + strconv.FormatInt(fx.missingIDs()[0], 10) + "/"
	u.RawQuery = ""
	return u.String()
}
