package riverjobs

import (
	"strconv"

	"github.com/riverqueue/river"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// KindChange is the kind of ChangeArgs jobs, as stored in river_job.kind.
const KindChange = "netbox_zabbix.object_change"

// ChangeArgs asks for Provisioner.HandleChange on one NetBox change: a
// device, virtual machine or IP address created, updated or deleted. The
// webhook receiver in durable mode inserts one per delivery; `river worker`
// runs them.
//
// Jobs are unique per Key while pending: changes that run the same
// operation on the same object merge into the job that waits, which reads
// NetBox when it runs and so sees them all. Key is the object the change
// acts on (the owner, for an IP address whose owner the webhook named),
// and a deletion of a device or VM has a key of its own, so that it never
// merges into an update waiting for the same object and is never lost.
type ChangeArgs struct {
	// Event is what happened: created, updated or deleted.
	Event      provision.ChangeKind `json:"event"`
	ObjectType netbox.ObjectType    `json:"object_type"`
	ObjectID   int64                `json:"object_id"`
	// OwnerType and OwnerID are, for an IP address, the device or VM its
	// interface belongs to, as the webhook's body said; empty when it did
	// not say.
	OwnerType netbox.ObjectType `json:"owner_type,omitempty"`
	OwnerID   int64             `json:"owner_id,omitempty"`
	// Onboard provisions a device or VM without a Zabbix host.
	Onboard   bool   `json:"onboard"`
	User      string `json:"user,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Key is what makes the job unique while pending; NewChangeArgs sets
	// it.
	Key string `json:"key" river:"unique"`
}

// NewChangeArgs returns the job args of a change, with its Key.
func NewChangeArgs(ch provision.ObjectChange) ChangeArgs {
	return ChangeArgs{Event: ch.Kind, ObjectType: ch.Object.Type, ObjectID: ch.Object.ID,
		OwnerType: ch.Owner.Type, OwnerID: ch.Owner.ID, Onboard: ch.Onboard, User: ch.User, RequestID: ch.RequestID,
		Key: ChangeKey(ch)}
}

// Change returns the change the args ask for.
func (a ChangeArgs) Change() provision.ObjectChange {
	return provision.ObjectChange{Kind: a.Event, Object: netbox.Ref{Type: a.ObjectType, ID: a.ObjectID},
		Owner: netbox.Ref{Type: a.OwnerType, ID: a.OwnerID}, Onboard: a.Onboard, User: a.User, RequestID: a.RequestID}
}

// Kind is the job kind.
func (ChangeArgs) Kind() string { return KindChange }

// InsertOpts makes the jobs unique per Key while pending.
func (ChangeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: UniqueWhilePending()}
}

// Target is the object a change acts on: the owner of an IP address when
// it is known, else the object itself.
func Target(ch provision.ObjectChange) netbox.Ref {
	if ch.Object.Type == netbox.TypeIPAddress && ch.Owner != (netbox.Ref{}) {
		return ch.Owner
	}
	return ch.Object
}

// Deletes reports whether a change deletes its target's host: a device or
// VM deleted. (An IP address deleted updates its owner.)
func Deletes(ch provision.ObjectChange) bool {
	return ch.Kind == provision.ObjectDeleted && ch.Object.Type.Provisionable()
}

// ChangeKey is the unique key of a change's job: "dcim.device:42", or
// "dcim.device:42:deleted" for a deletion.
func ChangeKey(ch provision.ObjectChange) string {
	t := Target(ch)
	key := string(t.Type) + ":" + strconv.FormatInt(t.ID, 10)
	if Deletes(ch) {
		key += ":deleted"
	}
	return key
}
