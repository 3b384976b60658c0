package main

import (
	"context"
	"errors"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/provision"
)

// bulkOutcome is what "agent --filter/--vm-filter/--all" did.
type bulkOutcome struct {
	results []provision.BulkResult
	seconds float64

	created, adopted, already, bad int // bad: failed
}

// selection turns the selection flags into ProvisionAgents' queries.
func (c config) selection() []netbox.Query {
	if c.all {
		return []netbox.Query{{Type: netbox.TypeDevice, All: true}, {Type: netbox.TypeVirtualMachine, All: true}}
	}
	var qs []netbox.Query
	if c.filter != "" {
		qs = append(qs, netbox.Query{Type: netbox.TypeDevice, Filter: c.filter})
	}
	if c.vmFilter != "" {
		qs = append(qs, netbox.Query{Type: netbox.TypeVirtualMachine, Filter: c.vmFilter})
	}
	return qs
}

// executeBulk provisions the objects NetBox lists for the selection, with
// progress on stderr.
func executeBulk(ctx context.Context, cfg config, p *provision.Provisioner, prog *progress, out *outcome) error {
	start := time.Now()
	res, err := p.ProvisionAgents(ctx, provision.BulkRequest{
		Select:    cfg.selection(),
		User:      cfg.user,
		RequestID: out.requestID,
		BatchSize: cfg.batch,
		DryRun:    cfg.dryRun,
		Progress:  prog.update,
	})
	prog.finish()
	if res == nil {
		return err // the request failed as a whole: nothing was done
	}
	b := &bulkOutcome{results: res, seconds: time.Since(start).Seconds()}
	for _, r := range res {
		switch {
		case errors.Is(r.Err, provision.ErrAlreadyProvisioned):
			b.already++
		case r.Err != nil:
			b.bad++
		case r.Result.Adopted:
			b.adopted++
		case r.Result.Created:
			b.created++
		}
	}
	out.report = b
	return err // the end of ctx, if it ended
}
