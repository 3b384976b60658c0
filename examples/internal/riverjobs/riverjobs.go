// Package riverjobs holds the River job arguments of the example programs:
// the River program (examples/river) works them, and the webhook receiver
// in durable mode (examples/webhook --durable) inserts them, so that a
// delivery stored by one is run by the other.
package riverjobs

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Job kinds, as stored in river_job.kind.
const (
	KindProvisionAgent  = "netbox_zabbix.provision_agent"
	KindCreateInterface = "netbox_zabbix.create_interface"
)

// ProvisionAgentArgs asks for ProvisionAgent on one device or virtual
// machine. Only the object counts for uniqueness: while a job for it waits
// or runs, another one for it is not inserted, whoever asks.
type ProvisionAgentArgs struct {
	ObjectType netbox.ObjectType `json:"object_type" river:"unique"`
	ObjectID   int64             `json:"object_id" river:"unique"`
	User       string            `json:"user,omitempty"`
	RequestID  string            `json:"request_id,omitempty"`
}

// Kind is the job kind.
func (ProvisionAgentArgs) Kind() string { return KindProvisionAgent }

// InsertOpts makes the jobs unique per object while pending.
func (ProvisionAgentArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: UniqueWhilePending()}
}

// CreateInterfaceArgs asks for CreateZabbixInterface on one host config,
// unique per host config while pending.
type CreateInterfaceArgs struct {
	HostConfigID int64  `json:"host_config_id" river:"unique"`
	User         string `json:"user,omitempty"`
	RequestID    string `json:"request_id,omitempty"`
}

// Kind is the job kind.
func (CreateInterfaceArgs) Kind() string { return KindCreateInterface }

// InsertOpts makes the jobs unique per host config while pending.
func (CreateInterfaceArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: UniqueWhilePending()}
}

// UniqueWhilePending refuses a second job with the same unique args while
// one is waiting (scheduled, available, retryable, pending) or running.
// Unlike River's default it leaves out "completed", so that the object can
// be provisioned again (and a periodic job can run again) once the last job
// finished.
func UniqueWhilePending() river.UniqueOpts {
	return river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled,
	}}
}

// CheckMigrated fails with advice when River's tables in the database of
// pool are missing or older than this River.
func CheckMigrated(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("the database is not migrated (%s): run `river migrate` (examples/river) first", strings.Join(res.Messages, "; "))
	}
	return nil
}
