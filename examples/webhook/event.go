package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/examples/internal/decimalid"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// body is the part of NetBox's webhook body this program reads. NetBox
// sends, when the webhook has no body template (extras/webhooks.py):
//
//	{
//	  "event": "created",                       // "updated", "deleted", "job_started", "job_ended"
//	  "timestamp": "2025-01-20T14:02:11.654321+00:00",
//	  "model": "device",                        // NetBox 3.7 to 4.4
//	  "object_type": "dcim.device",             // NetBox 4.4 and later
//	  "username": "alice",
//	  "request_id": "6f1c…",                    // null for changes made outside a request
//	  "request": {"id": "6f1c…", "user": "alice", …},  // NetBox 4.6 and later
//	  "data": {"id": 42, "name": "web-01", …},  // the object, as the REST API shows it
//	  "snapshots": {"prechange": …, "postchange": …}
//	}
//
// For a deleted object, data is the object as it was before the deletion.
type body struct {
	Event      string `json:"event"`
	Timestamp  string `json:"timestamp"`
	Model      string `json:"model"`
	ObjectType string `json:"object_type"`
	Username   string `json:"username"`
	RequestID  string `json:"request_id"`
	Request    *struct {
		User string `json:"user"`
	} `json:"request"`
	Data *struct {
		// ID is kept raw: json.Number would take the string "124" too.
		ID json.RawMessage `json:"id"`
		// AssignedObject is, for an IP address, the interface it is
		// assigned to (see ownerOf).
		AssignedObject json.RawMessage `json:"assigned_object"`
	} `json:"data"`
}

// objectTypes are the models followed, by the names NetBox gives them in
// "object_type" (4.4 and later) and "model" (up to 4.4).
var objectTypes = map[string]netbox.ObjectType{
	"dcim.device": netbox.TypeDevice, "device": netbox.TypeDevice,
	"virtualization.virtualmachine": netbox.TypeVirtualMachine, "virtualmachine": netbox.TypeVirtualMachine,
	"ipam.ipaddress": netbox.TypeIPAddress, "ipaddress": netbox.TypeIPAddress,
}

// event is a delivery to act on, or to ignore.
type event struct {
	// change is what happened; the server sets its Onboard.
	change provision.ObjectChange
	// key identifies the delivery: NetBox sends the same body again when
	// it retries one.
	key string
	// ignore, when set, says why the delivery needs no work.
	ignore string
}

// parseEvent reads a webhook body. An error means it is not a NetBox
// webhook body (400); an event with ignore set needs no work (200).
func parseEvent(raw []byte) (event, error) {
	var b body
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&b); err != nil {
		return event{}, fmt.Errorf("body is not JSON: %w", err)
	}
	// One JSON object and nothing after it: a signed body with trailing
	// data (two objects, garbage) is not what NetBox sends. (Unknown
	// fields are fine: NetBox adds some in new versions.)
	if err := dec.Decode(&json.RawMessage{}); err != io.EOF {
		return event{}, errors.New("body has data after the JSON object")
	}
	model := cmp.Or(b.ObjectType, b.Model)
	if b.Event == "" || model == "" || b.Data == nil {
		return event{}, errors.New(`not a NetBox webhook body: want "event", "object_type" or "model", and "data"`)
	}
	var ev event
	t, ok := objectTypes[model]
	if !ok {
		ev.ignore = fmt.Sprintf("object type %q is not followed: only devices, virtual machines and IP addresses are", model)
		return ev, nil
	}
	switch kind := provision.ChangeKind(b.Event); kind {
	case provision.ObjectCreated, provision.ObjectUpdated, provision.ObjectDeleted:
		ev.change.Kind = kind
	default:
		ev.ignore = fmt.Sprintf("event %q is not a change to follow", b.Event)
		return ev, nil
	}
	id, err := objectID("data.id", b.Data.ID)
	if err != nil {
		return event{}, err
	}
	ev.change.Object = netbox.Ref{Type: t, ID: id}
	if t == netbox.TypeIPAddress {
		if ev.change.Owner, err = ownerOf(b.Data.AssignedObject); err != nil {
			return event{}, err
		}
	}
	ev.change.User = b.Username
	if ev.change.User == "" && b.Request != nil {
		ev.change.User = b.Request.User
	}
	ev.change.User = cmp.Or(ev.change.User, "webhook")
	ev.change.RequestID = b.RequestID
	ev.key = strings.Join([]string{string(t), strconv.FormatInt(id, 10), b.Event, b.Timestamp, b.RequestID}, "|")
	if b.Timestamp == "" { // a body template without the timestamp: the body itself
		sum := sha256.Sum256(raw)
		ev.key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return ev, nil
}

// objectID reads an object ID at path in the body: a JSON number that is
// a decimal integer of 1 or more, as NetBox sends it; never a string, a
// fraction or an exponent.
func objectID(path string, raw json.RawMessage) (int64, error) {
	if len(raw) == 0 || raw[0] < '0' || raw[0] > '9' {
		return 0, fmt.Errorf("%s %s is not an object ID: want a JSON number such as 42", path, cmp.Or(string(raw), "(missing)"))
	}
	id, err := decimalid.Parse(string(raw))
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", path, raw, err)
	}
	return id, nil
}
