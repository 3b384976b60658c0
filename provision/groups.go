package provision

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nbzbx/netbox-zabbix/internal/flow"
	"github.com/nbzbx/netbox-zabbix/mapping"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// groupCreation is what a planner does with a host group that a mapping
// names by name, that Zabbix lacks, and that the settings allow creating
// (store.Settings.CreateHostGroups).
type groupCreation int

const (
	// groupsNotCreated: the run did not say whether it writes (forRun was
	// not called): the missing group is an error, so that a run that
	// should not write never creates one.
	groupsNotCreated groupCreation = iota
	// groupsPlanned: a dry run: the group is named in the plan, and the
	// config holds it by name, without ID.
	groupsPlanned
	// groupsCreated: a run that writes: the group is created, with its
	// missing parents, before the host is written.
	groupsCreated
)

// maxGroupCreates is how many times a planner sends hostgroup.create for
// one set of groups when other runs keep creating some of them first.
const maxGroupCreates = 3

// groupCache is the host groups by name that a planner has asked Zabbix
// for: each name is looked up once per run.
type groupCache struct {
	mu    sync.Mutex        // held while Zabbix is asked, so that a name is asked once
	known map[string]string // name → group ID; "" when Zabbix had none
}

// forRun tells the planner whether its run writes: a run that writes
// creates the missing host groups the settings allow creating; a dry run
// names them in its plans instead. Call it before the planner is used.
func (pl *planner) forRun(dryRun bool) {
	pl.creation = groupsCreated
	if dryRun {
		pl.creation = groupsPlanned
	}
}

// lookupGroupsOf looks up, in one request, the host groups the mappings of
// all the decisions name for their objects (see lookupGroups). A decision
// whose names cannot be made is left for withGroups to report.
func (pl *planner) lookupGroupsOf(ctx context.Context, ds ...*decision) error {
	var names []string
	for _, d := range ds {
		if ns, err := mapping.HostGroupNames(d.mapping, d.obj); err == nil {
			names = append(names, ns...)
		}
	}
	return pl.lookupGroups(ctx, names)
}

// lookupGroups makes the planner know the host groups names: those it has
// not asked for yet (with their parents, when the settings allow creating
// groups) are read from Zabbix in one request; in a run that writes, the
// missing ones are then created, with their missing parents, in one more.
func (pl *planner) lookupGroups(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return nil
	}
	create := pl.settings.CreateHostGroups
	c := &pl.groups
	c.mu.Lock()
	defer c.mu.Unlock()
	var ask []string
	for _, n := range names {
		want := []string{n}
		if create {
			want = append(parentGroups(n), n)
		}
		for _, w := range want {
			if _, ok := c.known[w]; !ok && !slices.Contains(ask, w) {
				ask = append(ask, w)
			}
		}
	}
	if len(ask) > 0 {
		found, err := pl.zabbix.HostGroups(ctx, ask...)
		if err != nil {
			return fmt.Errorf("look up host groups %s in Zabbix: %w", quoteAll(ask), err)
		}
		for _, a := range ask {
			c.known[a] = ""
		}
		c.learn(found)
	}
	if !create || pl.creation != groupsCreated {
		return nil
	}
	missing := missingGroups(c.known, names)
	if len(missing) == 0 {
		return nil
	}
	return pl.createGroups(ctx, missing)
}

// missingGroups returns the names known has no ID for, each after its
// missing parents, parents first, without repeats.
func missingGroups(known map[string]string, names []string) []string {
	var out []string
	for _, n := range names {
		if known[n] != "" {
			continue
		}
		for _, g := range append(parentGroups(n), n) {
			if known[g] == "" && !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b string) int {
		return cmp.Compare(strings.Count(a, "/"), strings.Count(b, "/"))
	})
	return out
}

// learn records the groups Zabbix returned. When Zabbix has several
// groups of one name (Zabbix 6.0 can make two when two runs create one
// name at once), the lowest ID wins, so that every run picks the same.
func (c *groupCache) learn(found []zabbix.HostGroup) {
	seen := make(map[string]bool, len(found))
	for _, g := range found {
		if !seen[g.Name] || zabbix.CompareIDs(g.GroupID, c.known[g.Name]) < 0 {
			c.known[g.Name] = g.GroupID
		}
		seen[g.Name] = true
	}
}

// createGroups creates the host groups names (all missing as far as the
// planner knows) and records their IDs; the caller holds pl.groups.mu.
// The runs of one Provisioner create groups one at a time. When another
// run created some of them first (Zabbix refuses the whole call:
// zabbix.ErrGroupExists), or the answer was lost (they may exist now), it
// reads them again by name and creates those still missing.
func (pl *planner) createGroups(ctx context.Context, names []string) error {
	pl.createMu.Lock()
	defer pl.createMu.Unlock()
	for attempt := 1; ; attempt++ {
		created, err := pl.zabbix.CreateHostGroups(ctx, names...)
		if err == nil {
			pl.groups.learn(created)
			return nil
		}
		if flow.Rejected(err) && !errors.Is(err, zabbix.ErrGroupExists) || attempt == maxGroupCreates {
			return fmt.Errorf("create host groups %s in Zabbix (the settings' create_host_groups is on): %w", quoteAll(names), err)
		}
		found, rerr := pl.zabbix.HostGroups(ctx, names...)
		if rerr != nil {
			return fmt.Errorf("create host groups %s in Zabbix: %w; reading them again to see which exist failed too: %w", quoteAll(names), err, rerr)
		}
		pl.groups.learn(found)
		names = slices.DeleteFunc(names, func(n string) bool { return pl.groups.known[n] != "" })
		if len(names) == 0 {
			return nil
		}
	}
}

// withGroups adds to d's mapping the host groups it names by name for d's
// object (mapping.HostGroupNames), looking up those the planner does not
// know yet. A group Zabbix lacks is an ErrHostGroupMissing failure,
// unless the settings allow creating it: then a run that writes has
// created it, and a dry run adds it without ID and lists it, with its
// missing parents, in d.createGroups.
func (pl *planner) withGroups(ctx context.Context, d *decision) error {
	if len(d.mapping.HostGroupNames) == 0 {
		return nil
	}
	names, err := mapping.HostGroupNames(d.mapping, d.obj)
	if err != nil {
		return err
	}
	if err := pl.lookupGroups(ctx, names); err != nil {
		return err
	}
	pl.groups.mu.Lock()
	defer pl.groups.mu.Unlock()
	known := pl.groups.known
	var missing []string
	for _, n := range names {
		g := zabbix.HostGroup{GroupID: known[n], Name: n}
		if g.GroupID == "" {
			if !pl.settings.CreateHostGroups || pl.creation != groupsPlanned {
				missing = append(missing, n)
				continue
			}
			for _, c := range missingGroups(known, []string{n}) {
				if !slices.Contains(d.createGroups, c) {
					d.createGroups = append(d.createGroups, c)
				}
			}
		}
		if !slices.ContainsFunc(d.mapping.HostGroups, func(h zabbix.HostGroup) bool {
			return h.GroupID == g.GroupID && (g.GroupID != "" || h.Name == g.Name)
		}) {
			d.mapping.HostGroups = append(d.mapping.HostGroups, g)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	groups, them := "host group "+quoteAll(missing), "it"
	if len(missing) > 1 {
		groups, them = "host groups "+quoteAll(missing), "them"
	}
	what := fmt.Sprintf("create %s in Zabbix, or turn on the settings' create_host_groups to have %s created", them, them)
	if pl.settings.CreateHostGroups && pl.creation == groupsNotCreated {
		what = fmt.Sprintf("this operation does not create host groups: run UpdateZabbixHost or ProvisionAgent on the object, which do, or create %s in Zabbix", them)
	}
	return failure(ErrHostGroupMissing, "mapping %q names %s for %s %q, and Zabbix does not have %s: %s",
		d.mapping.Name, groups, d.obj.Type.Label(), d.obj.Name, them, what)
}

// parentGroups returns the parents of a nested host group name, outermost
// first: "Sites" and "Sites/DC1" for "Sites/DC1/Web".
func parentGroups(name string) []string {
	var out []string
	for i := range len(name) {
		if name[i] == '/' && i > 0 {
			out = append(out, name[:i])
		}
	}
	return out
}

// quotedMax is how many names quoteAll writes out.
const quotedMax = 10

// quoteAll renders names as `"a", "b"`, the first quotedMax of them and
// how many more there are.
func quoteAll(names []string) string {
	q := make([]string, 0, min(len(names), quotedMax+1))
	for i, n := range names {
		if i == quotedMax {
			q = append(q, fmt.Sprintf("and %d more", len(names)-quotedMax))
			break
		}
		q = append(q, fmt.Sprintf("%q", n))
	}
	return strings.Join(q, ", ")
}
