package provision

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// match is an object of a batch with the host it matched.
type match struct {
	it   *importItem
	host zabbix.Host
	rule ImportRule
	hc   store.HostConfig
}

// run imports one batch of objects of one type.
func (im *importRun) run(ctx context.Context, batch []*importItem) {
	batch = im.read(ctx, batch)
	if len(batch) == 0 {
		return
	}
	refs := make([]netbox.Ref, len(batch))
	for i, it := range batch {
		refs[i] = it.ref
	}
	existing, err := im.p.store.FindHostConfigs(ctx, store.HostConfigFilter{Objects: refs})
	if err != nil {
		im.failAll(ctx, batch, fmt.Errorf("read host configs: %w", err))
		return
	}
	has := make(map[netbox.Ref]store.HostConfig, len(existing))
	for _, hc := range existing {
		has[hc.Object] = hc
	}
	todo := batch[:0:0]
	for _, it := range batch {
		if hc, ok := has[it.ref]; ok {
			im.finish(ctx, it, ImportResult{Existing: true, HostConfig: hc,
				Message: fmt.Sprintf("%s has host config %s already; left as it is", it.name, hc.Name)}, nil)
			continue
		}
		todo = append(todo, it)
	}
	if len(todo) == 0 {
		return
	}
	hosts, err := im.p.zabbix.Hosts(ctx, im.query(todo))
	if err != nil {
		im.failAll(ctx, todo, fmt.Errorf("look for the Zabbix hosts of %d objects: %w", len(todo), err))
		return
	}
	taken, err := im.linked(ctx, hosts)
	if err != nil {
		im.failAll(ctx, todo, err)
		return
	}
	matches := im.match(ctx, todo, hosts, taken)
	if im.req.DryRun {
		for _, m := range matches {
			im.finish(ctx, m.it, ImportResult{Imported: true, Rule: m.rule, HostConfig: m.hc,
				Message: fmt.Sprintf("Would import Zabbix host %s (%s) for %s, found by %s", m.host.HostID, m.host.Host, m.it.name, m.rule)}, nil)
		}
		return
	}
	im.store(ctx, matches)
}

// read reads the batch's objects that no listing read, and their primary
// addresses, and returns those that can go on. An object without a primary
// IPv4 address can: its host may match by another rule.
func (im *importRun) read(ctx context.Context, batch []*importItem) []*importItem {
	var ids []int64
	var at []*importItem
	for _, it := range batch {
		if it.read.obj == nil && it.read.err == nil {
			ids = append(ids, it.ref.ID)
			at = append(at, it)
		}
	}
	if len(ids) > 0 {
		t := batch[0].ref.Type
		reads := im.p.readObjects(ctx, t, ids, im.planner.rules[t].fields, im.settings)
		for i, it := range at {
			it.read = reads[i]
		}
	}
	out := batch[:0:0]
	for _, it := range batch {
		if it.read.obj != nil {
			it.name = it.read.obj.Name
		}
		switch {
		case it.read.err == nil:
		case it.read.obj != nil && errors.Is(it.read.err, ErrNoPrimaryIP):
			it.read.err = nil
		default:
			im.finish(ctx, it, ImportResult{}, it.read.err)
			continue
		}
		out = append(out, it)
	}
	return out
}

// query is one Zabbix read of the candidates of every rule for the batch.
func (im *importRun) query(batch []*importItem) zabbix.HostQuery {
	var q zabbix.HostQuery
	if tag, ok := mapping.DefaultTag(im.settings, netbox.Ref{}); ok {
		q.Tag = tag.Tag
	}
	for _, it := range batch {
		obj := it.read.obj
		if q.Tag != "" {
			q.TagValues = append(q.TagValues, strconv.FormatInt(obj.ID, 10))
		}
		if id := im.fieldHostID(obj); id != "" {
			q.HostIDs = append(q.HostIDs, id)
		}
		q.Names = append(q.Names, flow.HostName(obj.Name))
		q.VisibleNames = append(q.VisibleNames, obj.Name)
		if ip := it.read.ip; ip != nil {
			if a, err := ip.IP(); err == nil {
				q.AgentIPs = append(q.AgentIPs, a.String())
			}
		}
	}
	return q
}

// fieldHostID returns the host ID obj's host ID custom field holds, or "".
func (im *importRun) fieldHostID(obj *netbox.Object) string {
	if im.field == "" {
		return ""
	}
	var id string
	switch v := obj.CustomFields[im.field].(type) {
	case string:
		id = strings.TrimSpace(v)
	case float64:
		id = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		if n, ok := number(v); ok {
			id = strconv.FormatInt(n, 10)
		}
	}
	if _, err := strconv.ParseUint(id, 10, 64); err != nil || id == "0" {
		return ""
	}
	return id
}

// linked returns the configs that link the given hosts, by host ID.
func (im *importRun) linked(ctx context.Context, hosts []zabbix.Host) (map[string]store.HostConfig, error) {
	if len(hosts) == 0 {
		return nil, nil
	}
	ids := make([]string, len(hosts))
	for i, h := range hosts {
		ids[i] = h.HostID
	}
	cs, err := im.p.store.FindHostConfigs(ctx, store.HostConfigFilter{HostIDs: ids})
	if err != nil {
		return nil, fmt.Errorf("read the host configs of %d Zabbix hosts: %w", len(ids), err)
	}
	out := make(map[string]store.HostConfig, len(cs))
	for _, hc := range cs {
		out[hc.HostID] = hc
	}
	return out, nil
}

// match finds each object's host by the rules, in order, finishes the
// objects that match none or too many, and returns the others with their
// configs. A host two objects of the batch match goes to neither.
func (im *importRun) match(ctx context.Context, batch []*importItem, hosts []zabbix.Host, taken map[string]store.HostConfig) []match {
	tag, hasTag := mapping.DefaultTag(im.settings, netbox.Ref{})
	var found []match
	claims := make(map[string][]netbox.Ref)
	for _, it := range batch {
		obj := it.read.obj
		var ip string
		if it.read.ip != nil {
			if a, err := it.read.ip.IP(); err == nil {
				ip = a.String()
			}
		}
		fieldID := im.fieldHostID(obj)
		checks := []struct {
			rule ImportRule
			on   bool
			is   func(h zabbix.Host) bool
		}{
			{RuleDefaultTag, hasTag, func(h zabbix.Host) bool {
				return hasTagValue(h, tag.Tag, strconv.FormatInt(obj.ID, 10))
			}},
			{RuleHostIDField, fieldID != "", func(h zabbix.Host) bool { return h.HostID == fieldID }},
			{RuleHostName, true, func(h zabbix.Host) bool { return h.Host == flow.HostName(obj.Name) }},
			{RuleVisibleName, true, func(h zabbix.Host) bool { return h.Name == obj.Name }},
			{RuleAgentIP, ip != "", func(h zabbix.Host) bool { return hasAgentIP(h, ip) }},
		}
		var m *match
		var err error
	rules:
		for _, r := range checks {
			if !r.on {
				continue
			}
			var cands []zabbix.Host
			var linkedTo []store.HostConfig
			for _, h := range hosts {
				if !r.is(h) {
					continue
				}
				if hc, ok := taken[h.HostID]; ok {
					linkedTo = append(linkedTo, hc)
					continue
				}
				cands = append(cands, h)
			}
			if len(cands) > 1 && r.rule == RuleDefaultTag {
				// The tag holds the ID alone: a device and a virtual
				// machine share it. The host with the object's name is
				// the object's.
				named := slices.DeleteFunc(slices.Clone(cands), func(h zabbix.Host) bool { return h.Host != flow.HostName(obj.Name) && h.Name != obj.Name })
				if len(named) == 1 {
					cands = named
				}
			}
			switch {
			case len(cands) == 1:
				m = &match{it: it, host: cands[0], rule: r.rule}
			case len(cands) > 1:
				err = &AmbiguousImportError{Object: it.ref, Rule: r.rule, Candidates: brief(cands)}
			case len(linkedTo) > 0:
				err = fmt.Errorf("the Zabbix host %s, found by %s, is linked to host config %q of %s: import none, or delete that config first",
					linkedTo[0].HostID, r.rule, linkedTo[0].Name, linkedTo[0].Object)
			default:
				continue
			}
			break rules
		}
		switch {
		case err != nil:
			im.finish(ctx, it, ImportResult{}, err)
		case m == nil:
			im.finish(ctx, it, ImportResult{}, failure(ErrNoHostToImport,
				"no Zabbix host matches %s by default tag, host ID field, host name, visible name or agent address: provision it instead", obj.Name))
		default:
			found = append(found, *m)
			claims[m.host.HostID] = append(claims[m.host.HostID], it.ref)
		}
	}
	out := found[:0]
	for _, m := range found {
		if others := claims[m.host.HostID]; len(others) > 1 {
			im.finish(ctx, m.it, ImportResult{}, &AmbiguousImportError{Object: m.it.ref, Rule: m.rule,
				Candidates: brief([]zabbix.Host{m.host}), Objects: without(others, m.it.ref)})
			continue
		}
		hc, err := im.configFrom(m.it, m.host)
		if err != nil {
			im.finish(ctx, m.it, ImportResult{}, err)
			continue
		}
		m.hc = hc
		out = append(out, m)
	}
	return out
}

func hasTagValue(h zabbix.Host, tag, value string) bool {
	for _, t := range h.Tags {
		if t.Tag == tag && t.Value == value {
			return true
		}
	}
	return false
}

func hasAgentIP(h zabbix.Host, ip string) bool {
	for _, in := range h.Interfaces {
		if in.Type == zabbix.InterfaceAgent && in.IP == ip {
			return true
		}
	}
	return false
}

// brief keeps the IDs and names of hosts, for errors.
func brief(hs []zabbix.Host) []zabbix.Host {
	out := make([]zabbix.Host, len(hs))
	for i, h := range hs {
		out[i] = zabbix.Host{HostID: h.HostID, Host: h.Host, Name: h.Name}
	}
	return out
}

func without(refs []netbox.Ref, r netbox.Ref) []netbox.Ref {
	var out []netbox.Ref
	for _, x := range refs {
		if x != r {
			out = append(out, x)
		}
	}
	return out
}

// store stores the configs of a batch's matches, under the objects'
// locks, after checking that no run made a config for them meanwhile.
func (im *importRun) store(ctx context.Context, matches []match) {
	if len(matches) == 0 {
		return
	}
	refs := make([]netbox.Ref, len(matches))
	for i, m := range matches {
		refs[i] = m.it.ref
	}
	unlock, err := im.p.store.Lock(ctx, refs...)
	if err != nil {
		for _, m := range matches {
			im.finish(ctx, m.it, ImportResult{}, fmt.Errorf("lock %s in the store: %w", m.it.ref, err))
		}
		return
	}
	defer unlock()
	configs := make([]store.HostConfig, len(matches))
	for i, m := range matches {
		configs[i] = m.hc
	}
	saved, err := im.p.store.CreateHostConfigs(ctx, configs)
	if errors.Is(err, store.ErrConflict) && len(matches) > 1 {
		// One config is at fault (made meanwhile, or a name taken): one
		// by one, so that the others land.
		for _, m := range matches {
			s, err := im.p.store.CreateHostConfigs(ctx, []store.HostConfig{m.hc})
			im.stored(ctx, m, s, err)
		}
		return
	}
	for i, m := range matches {
		var s []store.HostConfig
		if err == nil {
			s = saved[i : i+1]
		}
		im.stored(ctx, m, s, err)
	}
}

func (im *importRun) stored(ctx context.Context, m match, saved []store.HostConfig, err error) {
	if err != nil {
		im.finish(ctx, m.it, ImportResult{}, fmt.Errorf("store host config %q: %w", m.hc.Name, err))
		return
	}
	im.finish(ctx, m.it, ImportResult{Imported: true, Rule: m.rule, HostConfig: saved[0],
		Message: fmt.Sprintf("Imported Zabbix host %s (%s) for %s, found by %s", m.host.HostID, m.host.Host, m.it.name, m.rule)}, nil)
}

func (im *importRun) failAll(ctx context.Context, batch []*importItem, err error) {
	for _, it := range batch {
		im.finish(ctx, it, ImportResult{}, err)
	}
}
