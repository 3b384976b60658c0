package flow

import (
	"slices"
	"strconv"

	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

// Link gives every unlinked interface of hc the ID of its Zabbix interface
// among have (the host's interfaces as Zabbix reports them) and returns the
// linked config. An interface matches a Zabbix interface of its type and
// port whose IP equals its IP or whose DNS name equals its DNS name; when
// none does but exactly one Zabbix interface of its type is unclaimed, that
// one is the match. Interfaces already linked claim their IDs first, so an
// ID is never given twice. No match is a *NoMatchError.
func Link(hc store.HostConfig, hostID string, have []zabbix.HostInterface) (store.HostConfig, error) {
	return link(hc, hostID, have, true)
}

// link is Link; without fallback, interfaces with no exact match stay
// unlinked instead of failing.
func link(hc store.HostConfig, hostID string, have []zabbix.HostInterface, fallback bool) (store.HostConfig, error) {
	hc = hc.Clone()
	have = slices.Clone(have)
	slices.SortFunc(have, func(a, b zabbix.HostInterface) int { return zabbix.CompareIDs(a.InterfaceID, b.InterfaceID) })
	claimed := make(map[string]bool)
	for _, in := range hc.Interfaces {
		if in.Linked() {
			claimed[in.InterfaceID] = true
		}
	}
	for i := range hc.Interfaces {
		in := &hc.Interfaces[i]
		if in.Linked() {
			continue
		}
		z, ok := match(*in, have, claimed, fallback)
		if !ok && !fallback {
			continue
		}
		if !ok {
			return hc, &NoMatchError{Config: hc.Name, Interface: *in, Candidates: have}
		}
		claimed[z.InterfaceID] = true
		in.InterfaceID = z.InterfaceID
		in.HostID = hostID
	}
	return hc, nil
}

func match(in store.Interface, have []zabbix.HostInterface, claimed map[string]bool, fallback bool) (zabbix.HostInterface, bool) {
	var free []zabbix.HostInterface
	port := strconv.Itoa(in.Port)
	for _, z := range have {
		if z.Type != in.Type || claimed[z.InterfaceID] {
			continue
		}
		if z.Port == port && (in.IP != "" && z.IP == in.IP || in.DNSName != "" && z.DNS == in.DNSName) {
			return z, true
		}
		free = append(free, z)
	}
	if fallback && len(free) == 1 {
		return free[0], true
	}
	return zabbix.HostInterface{}, false
}
