package provision

import (
	"context"
	"fmt"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// objectRead is one object read from NetBox for provisioning, with its
// primary IPv4 address, or why it cannot be provisioned.
type objectRead struct {
	obj *netbox.Object // nil when NetBox has no such object (or the read failed)
	ip  *netbox.IPAddress
	err error
}

// ipFields are the fields of IP addresses provisioning reads beyond the
// typed ones: none.
var ipFields = []string{}

// readObjects reads the objects of type t with the given IDs, and their
// primary IPv4 addresses, and checks them for provisioning (checkObject).
// Each read is one query, which the NetBox client splits into requests as
// it needs; fields are the object fields the mappings need. The result
// has one entry per ID, in order.
func (p *Provisioner) readObjects(ctx context.Context, t netbox.ObjectType, ids []int64, fields []string, s store.Settings) []objectRead {
	return p.readIPs(ctx, p.lookupObjects(ctx, t, ids, fields), s)
}

// lookupObjects reads the objects of type t with the given IDs, one entry
// per ID in order: the object, or ErrObjectNotFound, or the read's error.
func (p *Provisioner) lookupObjects(ctx context.Context, t netbox.ObjectType, ids []int64, fields []string) []objectRead {
	out := make([]objectRead, len(ids))
	objs, err := p.netbox.Objects(ctx, netbox.Query{Type: t, IDs: ids, Fields: fields})
	if err != nil {
		for i, id := range ids {
			out[i].err = fmt.Errorf("read %s from NetBox: %w", netbox.Ref{Type: t, ID: id}, err)
		}
		return out
	}
	byID := make(map[int64]*netbox.Object, len(objs))
	for _, o := range objs {
		byID[o.ID] = o
	}
	for i, id := range ids {
		if out[i].obj = byID[id]; out[i].obj == nil {
			out[i].err = fmt.Errorf("%w: %w", ErrObjectNotFound, &netbox.NotFoundError{Type: t, ID: id})
		}
	}
	return out
}

// readIPs checks the objects of out that have no error yet for
// provisioning (checkObject) and reads the primary IPv4 addresses of those
// that pass, in one query.
func (p *Provisioner) readIPs(ctx context.Context, out []objectRead, s store.Settings) []objectRead {
	var ipIDs []int64
	for i := range out {
		r := &out[i]
		if r.err != nil {
			continue
		}
		if r.err = checkObject(r.obj, s); r.err == nil {
			ipIDs = append(ipIDs, r.obj.PrimaryIP4.ID)
		}
	}
	if len(ipIDs) == 0 {
		return out
	}
	ips, err := p.netbox.IPAddresses(ctx, netbox.Query{IDs: ipIDs, Fields: ipFields})
	if err != nil {
		for i := range out {
			if r := &out[i]; r.err == nil {
				r.err = fmt.Errorf("read primary IP address %d of %s from NetBox: %w", r.obj.PrimaryIP4.ID, r.obj.Name, err)
			}
		}
		return out
	}
	ipByID := make(map[int64]*netbox.IPAddress, len(ips))
	for _, ip := range ips {
		ipByID[ip.ID] = ip
	}
	for i := range out {
		r := &out[i]
		if r.err != nil {
			continue
		}
		if r.ip = ipByID[r.obj.PrimaryIP4.ID]; r.ip == nil {
			r.err = fmt.Errorf("%w: primary IP address of %s: %w", ErrObjectNotFound, r.obj.Name,
				&netbox.NotFoundError{Type: netbox.TypeIPAddress, ID: r.obj.PrimaryIP4.ID})
		}
	}
	return out
}
