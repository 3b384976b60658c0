package provision

import (
	"context"

	"github.com/nbzbx/netbox-zabbix/zabbix"
)

const opProvisionSNMP = "ProvisionSNMP"

// ProvisionSNMP is ProvisionAgent's twin for an SNMP interface
// (docs/behaviour.md, "ProvisionSNMP"): it resolves the object's mapping
// for the SNMP interface type (or "any") and gives the object a Zabbix
// host with an SNMP interface "<name>-snmp" on its primary IPv4 address, or
// adds that interface to the host it has. The interface takes the
// settings' SNMP defaults: port, version, bulk and max repetitions, and
// the community (v1, v2c) or the security name, level, protocols and
// passphrases (v3); the client sends what the server's version has (no
// max_repetitions before 6.4). Communities and passphrases are secrets.
// Failures, undo and concurrency are as for ProvisionAgent.
func (p *Provisioner) ProvisionSNMP(ctx context.Context, req Request) (Result, error) {
	return p.provisionInterface(ctx, opProvisionSNMP, zabbix.InterfaceSNMP, req)
}
