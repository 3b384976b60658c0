package provision

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// create applies the mapping to hc, creates its Zabbix host, links the
// interfaces and stores the config.
func (p *Provisioner) create(ctx context.Context, r *flow.Run, d decision, hc store.HostConfig) (Result, error) {
	hc, payload, err := newHost(hc, d)
	if err != nil {
		return Result{}, err
	}
	r.Data = payload
	created, err := p.zabbix.CreateHosts(ctx, []zabbix.Host{payload})
	switch {
	case errors.Is(err, zabbix.ErrHostExists):
		return p.adopt(ctx, r, d, hc, payload, err)
	case err != nil && flow.Rejected(err):
		return Result{}, fmt.Errorf("create Zabbix host %q: %w%s", payload.Host, err, refsHint(err, d, payload))
	case err != nil:
		// The answer was lost: the host may or may not exist now.
		return p.adopt(ctx, r, d, hc, payload, fmt.Errorf("create Zabbix host %q: %w", payload.Host, err))
	case len(created) != 1:
		return Result{}, fmt.Errorf("create Zabbix host %q: Zabbix returned %d hosts for 1", payload.Host, len(created))
	}
	host := created[0]
	r.HostID, r.PostData = host.HostID, host
	hc.HostID = host.HostID
	if hc, err = flow.Link(hc, host.HostID, host.Interfaces); err != nil {
		return Result{}, p.deleteAfter(ctx, host.HostID, err)
	}
	saved, err := p.save(ctx, hc)
	if err != nil {
		return Result{}, p.deleteAfter(ctx, host.HostID, err)
	}
	r.Message = createdMessage(d)
	return Result{
		Message:    r.Message,
		Created:    true,
		Mapping:    d.mapping.Name,
		HostConfig: saved,
		Plan:       flow.CreatePlan(payload, saved),
		After:      host,
	}, nil
}

// refsHint explains a refusal naming a missing or hidden object (Zabbix
// 6.0 does not say which): the objects the mapping made the run refer to.
func refsHint(err error, d decision, h zabbix.Host) string {
	if !errors.Is(err, zabbix.ErrNoObject) {
		return ""
	}
	var refs []string
	if len(h.GroupIDs) > 0 {
		refs = append(refs, "host groups "+strings.Join(h.GroupIDs, ", "))
	}
	if len(h.TemplateIDs) > 0 {
		refs = append(refs, "templates "+strings.Join(h.TemplateIDs, ", "))
	}
	if h.ProxyID != "" {
		refs = append(refs, "proxy "+h.ProxyID)
	}
	if h.ProxyGroupID != "" {
		refs = append(refs, "proxy group "+h.ProxyGroupID)
	}
	return fmt.Sprintf(" (mapping %q names %s: one of them does not exist in Zabbix, or the API user may not see it; fix the mapping or the user's permissions)",
		d.mapping.Name, strings.Join(refs, "; "))
}

// createdMessage is the message of a host created for d's object.
func createdMessage(d decision) string {
	return fmt.Sprintf("Created %s with %s mapping", d.obj.Name, d.mapping.Name)
}

// pushInterface pushes hc, which has a Zabbix host and a new interface, to
// Zabbix and stores it.
func (p *Provisioner) pushInterface(ctx context.Context, r *flow.Run, d decision, hc store.HostConfig) (Result, error) {
	r.HostID = hc.HostID
	synced, err := flow.Sync(ctx, p.zabbix, hc)
	r.Data, r.PreData, r.PostData = synced.Payload, synced.Before, synced.After
	if err != nil {
		return Result{}, err
	}
	saved, err := p.store.UpdateHostConfig(ctx, synced.Config)
	if err != nil {
		return Result{}, synced.UndoAfter(ctx, p.zabbix, fmt.Errorf("store host config %q: %w", hc.Name, err))
	}
	added := hc.Interfaces[len(hc.Interfaces)-1].Name
	r.Message = fmt.Sprintf("Updated %s with new interface %s in Zabbix", d.obj.Name, added)
	return Result{
		Message:    r.Message,
		Mapping:    d.mapping.Name,
		HostConfig: saved,
		Plan:       flow.UpdatePlan(ActionUpdate, synced.Before, synced.Payload, saved),
		After:      synced.After,
	}, nil
}

// adopt runs after a host.create that failed because the name is taken, or
// whose answer was lost (cause). When Zabbix has a host of that name that
// carries this object's default tag and no config points at it, it was
// made for this object, by an interrupted earlier run or by the lost
// create: the run takes it over and brings it in line with hc. When that
// fails, a host the lost create may have made is deleted, so that no host
// is left that the store does not know; one left by an earlier run is
// left as it was, for the next run to take over. When there is no such host after a lost answer, nothing was
// created and cause is returned. Otherwise the name is taken.
func (p *Provisioner) adopt(ctx context.Context, r *flow.Run, d decision, hc store.HostConfig, payload zabbix.Host, cause error) (Result, error) {
	lost := !errors.Is(cause, zabbix.ErrHostExists)
	lookCtx := ctx
	if lost {
		// Look even when the run's context has ended: the host may exist.
		var cancel context.CancelFunc
		lookCtx, cancel = flow.UndoContext(ctx)
		defer cancel()
	}
	made := createdID(cause) // the host the lost create made, when Zabbix said
	hosts, err := p.zabbix.Hosts(lookCtx, zabbix.HostQuery{Names: []string{payload.Host}})
	switch {
	case err != nil && made != "":
		return Result{}, p.deleteAfter(ctx, made, cause)
	case err != nil && lost:
		return Result{}, &UndoError{HostID: "(unknown)", Action: "look for host " + payload.Host, Err: cause, UndoErr: err}
	case err != nil:
		return Result{}, fmt.Errorf("%w; whether that host is this object's, left by an interrupted run, could not be told: look for Zabbix host %q: %w",
			cause, payload.Host, err)
	case len(hosts) == 0 && made != "":
		return Result{}, p.deleteAfter(ctx, made, cause)
	case len(hosts) == 0 && lost:
		return Result{}, cause
	case len(hosts) == 0:
		return Result{}, &HostNameTakenError{Host: payload.Host, Err: cause}
	}
	host := hosts[0]
	taken := &HostNameTakenError{Host: payload.Host, HostID: host.HostID, Err: cause}
	if _, tagged := mapping.DefaultTag(d.settings, hc.Object); !tagged && lost {
		return Result{}, &UndoError{HostID: host.HostID, Action: "tell whether host " + payload.Host + " is this run's (no default tag is set)",
			Err: cause, UndoErr: errors.New("the host exists after a host.create whose answer was lost")}
	}
	ok, err := p.adoptable(lookCtx, d, host)
	switch {
	case err != nil && lost:
		return Result{}, &UndoError{HostID: host.HostID, Action: "tell whether a host config owns host " + payload.Host, Err: cause, UndoErr: err}
	case err != nil:
		return Result{}, err
	case !ok:
		return Result{}, taken
	case ctx.Err() != nil:
		// The run cannot finish: undo what the lost create did.
		return Result{}, p.deleteAfter(ctx, host.HostID, cause)
	}
	hc.HostID = host.HostID
	r.HostID = host.HostID
	synced, err := flow.Sync(ctx, p.zabbix, hc)
	r.Data, r.PreData, r.PostData = synced.Payload, synced.Before, synced.After
	if err == nil {
		synced.Config, err = p.save(ctx, synced.Config)
		if err != nil {
			err = synced.UndoAfter(ctx, p.zabbix, err)
		}
	}
	if err != nil && lost {
		// The lost create may have made the host: no config may point at
		// it, so it goes.
		return Result{}, p.deleteAfter(ctx, host.HostID, err)
	}
	if err != nil {
		// The host was left by an earlier run, and is left as it was.
		return Result{}, err
	}
	saved := synced.Config
	how := "left by an interrupted run"
	if lost {
		how = "whose creation answer was lost"
	}
	r.Message = fmt.Sprintf("%s (took over Zabbix host %s %s)", createdMessage(d), host.HostID, how)
	return Result{
		Message:    r.Message,
		Created:    true,
		Adopted:    true,
		Mapping:    d.mapping.Name,
		HostConfig: saved,
		Plan:       flow.UpdatePlan(ActionAdopt, synced.Before, synced.Payload, saved),
		After:      synced.After,
	}, nil
}

// createdID returns the ID of the one host a host.create made although
// its result could not be read back (a *zabbix.ReadBackError), or "".
func createdID(err error) string {
	var rb *zabbix.ReadBackError
	if errors.As(err, &rb) && rb.Method == "host.create" && len(rb.HostIDs) == 1 {
		return rb.HostIDs[0]
	}
	return ""
}

// adoptable reports whether host, which has the name this object's host
// would get, was made for this object by the library: it carries the
// object's default tag and no config points at it.
func (p *Provisioner) adoptable(ctx context.Context, d decision, host zabbix.Host) (bool, error) {
	tag, tagged := mapping.DefaultTag(d.settings, d.obj.Ref())
	if !tagged || !slices.Contains(host.Tags, tag) {
		return false, nil
	}
	owners, err := p.store.FindHostConfigs(ctx, store.HostConfigFilter{HostIDs: []string{host.HostID}})
	if err != nil {
		return false, fmt.Errorf("look for the host config of Zabbix host %s: %w", host.HostID, err)
	}
	return len(owners) == 0, nil
}

// applyMapping sets the templates, host groups and monitoring source of hc
// from the mapping and the settings.
func applyMapping(hc store.HostConfig, d decision) (store.HostConfig, error) {
	m, s := d.mapping, d.settings
	hc.Templates = slices.Clone(m.Templates)
	hc.HostGroups = slices.Clone(m.HostGroups)
	hc.MonitoredBy = s.MonitoredBy
	hc.Proxy, hc.ProxyGroup = nil, nil
	switch s.MonitoredBy {
	case zabbix.MonitoredByProxy:
		if m.Proxy == nil {
			return hc, failure(ErrNoProxy, "host %q is to be monitored by a proxy, but mapping %q names none: set the mapping's proxy, or change the settings' monitored_by",
				d.obj.Name, m.Name)
		}
		proxy := *m.Proxy
		hc.Proxy = &proxy
	case zabbix.MonitoredByProxyGroup:
		if m.ProxyGroup == nil {
			return hc, failure(ErrNoProxy, "host %q is to be monitored by a proxy group, but mapping %q names none: set the mapping's proxy group, or change the settings' monitored_by",
				d.obj.Name, m.Name)
		}
		group := *m.ProxyGroup
		hc.ProxyGroup = &group
	}
	return hc, nil
}

// newHost applies the mapping to hc and returns it with its host.create.
func newHost(hc store.HostConfig, d decision) (store.HostConfig, zabbix.Host, error) {
	hc, err := applyMapping(hc, d)
	if err != nil {
		return hc, zabbix.Host{}, err
	}
	h, err := createPayload(hc, d)
	hc.Tags = h.Tags
	return hc, h, err
}

// createPayload is the host.create of hc: the config's status,
// description, groups, templates, monitoring source and interfaces, plus
// the names, tags, inventory and TLS settings.
func createPayload(hc store.HostConfig, d decision) (zabbix.Host, error) {
	s, obj := d.settings, d.obj
	h := zabbix.Host{
		Host:          flow.HostName(obj.Name),
		Status:        hc.Status,
		Description:   hc.Description,
		GroupIDs:      flow.GroupIDs(hc.HostGroups),
		TemplateIDs:   flow.TemplateIDs(hc.Templates),
		InventoryMode: s.InventoryMode,
		Interfaces:    flow.Interfaces(hc),
	}
	h.MonitoredBy, h.ProxyID, h.ProxyGroupID = flow.Monitoring(hc)
	if h.Host == "" {
		return h, failure(ErrInvalidRequest, "%s %q has no characters Zabbix accepts in a host name: rename it in NetBox", obj.Type.Label(), obj.Name)
	}
	if h.Host != obj.Name {
		h.Name = obj.Name
	}
	h.Tags = mapping.Tags(s, d.tags, obj)
	if s.InventoryMode == zabbix.InventoryManual {
		h.Inventory = mapping.Inventory(d.inventory, obj)
	}
	flow.SetTLS(&h, s)
	return h, nil
}

// save stores a config: created when new, replaced when it was stored
// already (a config without a Zabbix host).
func (p *Provisioner) save(ctx context.Context, hc store.HostConfig) (store.HostConfig, error) {
	if hc.ID != 0 {
		saved, err := p.store.UpdateHostConfig(ctx, hc)
		if err != nil {
			return saved, fmt.Errorf("store host config %q: %w", hc.Name, err)
		}
		return saved, nil
	}
	saved, err := p.store.CreateHostConfigs(ctx, []store.HostConfig{hc})
	if err != nil {
		return store.HostConfig{}, fmt.Errorf("store host config %q: %w", hc.Name, err)
	}
	return saved[0], nil
}

// deleteAfter deletes the host this run created, after err, and returns
// err, or an *UndoError when the delete fails.
func (p *Provisioner) deleteAfter(ctx context.Context, hostID string, err error) error {
	ctx, cancel := flow.UndoContext(ctx)
	defer cancel()
	if derr := p.zabbix.DeleteHosts(ctx, hostID); derr != nil {
		return &UndoError{HostID: hostID, Action: "delete the host", Err: err, UndoErr: derr}
	}
	return err
}
