package provision

import (
	"context"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

const opImportZabbixSettings = "ImportZabbixSettings"

// SettingsImport is what ImportZabbixSettings read and found.
type SettingsImport struct {
	// Objects are the Zabbix objects read and stored.
	Objects store.ZabbixObjects
	// Stale lists what the stored mappings name that Zabbix does not have
	// (any more): those mappings fail until they are fixed.
	Stale []StaleRef
	// Message sums it up.
	Message string
}

// StaleRef is an object a mapping names that Zabbix does not have.
type StaleRef struct {
	Mapping    string            // the mapping's name
	ObjectType netbox.ObjectType // the mapping's object type
	Kind       string            // "template", "host group", "proxy" or "proxy group"
	ID, Name   string            // as the mapping holds it
}

func (r StaleRef) String() string {
	return fmt.Sprintf("%s mapping %q names %s %s (%q), which Zabbix does not have", r.ObjectType.Label(), r.Mapping, r.Kind, r.ID, r.Name)
}

// ImportZabbixSettings reads the templates, host groups, proxies and proxy
// groups (7.0 and later) of Zabbix into the store, so that mappings can
// name them (see mapping.Spec), and reports what the stored mappings name
// that Zabbix does not have. It writes nothing to Zabbix and costs four
// requests (three before 7.0). A run records an event when the settings
// enable the event log.
func (p *Provisioner) ImportZabbixSettings(ctx context.Context, user, requestID string) (SettingsImport, error) {
	r := flow.Run{Op: opImportZabbixSettings, User: user, RequestID: requestID, Settings: store.DefaultSettings()}
	res, err := p.importSettings(ctx, &r)
	if err != nil {
		err = &Error{Op: r.Op, Err: err}
		res = SettingsImport{}
	} else {
		r.Message = res.Message
	}
	_, _ = p.env.Finish(ctx, r, err)
	return res, err
}

func (p *Provisioner) importSettings(ctx context.Context, r *flow.Run) (SettingsImport, error) {
	settings, err := p.env.LoadSettings(ctx, p.store)
	if err != nil {
		return SettingsImport{}, err
	}
	r.Settings = settings
	var o store.ZabbixObjects
	if o.Templates, err = p.zabbix.Templates(ctx); err != nil {
		return SettingsImport{}, fmt.Errorf("read the Zabbix templates: %w", err)
	}
	if o.HostGroups, err = p.zabbix.HostGroups(ctx); err != nil {
		return SettingsImport{}, fmt.Errorf("read the Zabbix host groups: %w", err)
	}
	if o.Proxies, err = p.zabbix.Proxies(ctx); err != nil {
		return SettingsImport{}, fmt.Errorf("read the Zabbix proxies: %w", err)
	}
	if o.ProxyGroups, err = p.zabbix.ProxyGroups(ctx); err != nil {
		return SettingsImport{}, fmt.Errorf("read the Zabbix proxy groups: %w", err)
	}
	o.Imported = p.env.Now()
	r.PostData = o
	if err := p.store.PutZabbixObjects(ctx, o); err != nil {
		return SettingsImport{}, fmt.Errorf("store the Zabbix objects: %w", err)
	}
	res := SettingsImport{Objects: o}
	for _, t := range []netbox.ObjectType{netbox.TypeDevice, netbox.TypeVirtualMachine} {
		ms, err := p.store.Mappings(ctx, t)
		if err != nil {
			return SettingsImport{}, fmt.Errorf("read %s mappings: %w", t.Label(), err)
		}
		for _, m := range ms {
			res.Stale = append(res.Stale, staleRefs(m, o)...)
		}
	}
	res.Message = fmt.Sprintf("Imported %d templates, %d host groups, %d proxies and %d proxy groups from Zabbix",
		len(o.Templates), len(o.HostGroups), len(o.Proxies), len(o.ProxyGroups))
	if len(res.Stale) > 0 {
		res.Message += fmt.Sprintf("; the mappings name %d Zabbix object(s) that Zabbix does not have", len(res.Stale))
	}
	return res, nil
}

// staleRefs lists what m names that o lacks.
func staleRefs(m store.Mapping, o store.ZabbixObjects) []StaleRef {
	templates, groups, proxies, proxyGroups := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, t := range o.Templates {
		templates[t.TemplateID] = true
	}
	for _, g := range o.HostGroups {
		groups[g.GroupID] = true
	}
	for _, x := range o.Proxies {
		proxies[x.ProxyID] = true
	}
	for _, x := range o.ProxyGroups {
		proxyGroups[x.ProxyGroupID] = true
	}
	var out []StaleRef
	ref := func(kind, id, name string) {
		out = append(out, StaleRef{Mapping: m.Name, ObjectType: m.ObjectType, Kind: kind, ID: id, Name: name})
	}
	for _, t := range m.Templates {
		if !templates[t.TemplateID] {
			ref("template", t.TemplateID, t.Name)
		}
	}
	for _, g := range m.HostGroups {
		if !groups[g.GroupID] {
			ref("host group", g.GroupID, g.Name)
		}
	}
	if m.Proxy != nil && !proxies[m.Proxy.ProxyID] {
		ref("proxy", m.Proxy.ProxyID, m.Proxy.Name)
	}
	if m.ProxyGroup != nil && !proxyGroups[m.ProxyGroup.ProxyGroupID] {
		ref("proxy group", m.ProxyGroup.ProxyGroupID, m.ProxyGroup.Name)
	}
	return out
}
