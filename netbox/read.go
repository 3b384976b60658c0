package netbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
)

// Device returns the device with the given ID, or a *NotFoundError
// (matching ErrNotFound) when NetBox has none the token may see.
func (c *Client) Device(ctx context.Context, id int64) (*Object, error) {
	return c.object(ctx, TypeDevice, id)
}

// VirtualMachine returns the virtual machine with the given ID, or a
// *NotFoundError (matching ErrNotFound).
func (c *Client) VirtualMachine(ctx context.Context, id int64) (*Object, error) {
	return c.object(ctx, TypeVirtualMachine, id)
}

// IPAddress returns the IP address with the given ID, with the interface
// it is assigned to, or a *NotFoundError (matching ErrNotFound).
func (c *Client) IPAddress(ctx context.Context, id int64) (*IPAddress, error) {
	e, _ := endpointOf(TypeIPAddress)
	m, err := c.detail(ctx, e, id)
	if err != nil {
		return nil, err
	}
	return ipFromMap(m)
}

// Objects returns the devices or virtual machines (t) with the given IDs,
// in no particular order; IDs NetBox does not have (or the token may not
// see) are left out, duplicates and IDs ≤ 0 are ignored. One ID is read
// from its detail endpoint; more are read with list requests of at most
// MaxIDsPerRequest IDs ("?id=1&id=2…"), one after the other, each
// following NetBox's "next" links until done. config_context is left out
// unless Config.IncludeConfigContext is set.
func (c *Client) Objects(ctx context.Context, t ObjectType, ids ...int64) ([]*Object, error) {
	if !t.Provisionable() {
		return nil, fmt.Errorf("netbox: Objects: object type %q is not %q or %q", t, TypeDevice, TypeVirtualMachine)
	}
	e, _ := endpointOf(t)
	var out []*Object
	err := c.many(ctx, e, ids, func(m map[string]any) error {
		o, err := objectFromMap(m, t)
		if err != nil {
			return err
		}
		o.Type = t
		out = append(out, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IPAddresses returns the IP addresses with the given IDs, in no
// particular order; missing ones are left out. It reads as Objects does.
func (c *Client) IPAddresses(ctx context.Context, ids ...int64) ([]*IPAddress, error) {
	e, _ := endpointOf(TypeIPAddress)
	var out []*IPAddress
	err := c.many(ctx, e, ids, func(m map[string]any) error {
		ip, err := ipFromMap(m)
		if err != nil {
			return err
		}
		out = append(out, ip)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *Client) object(ctx context.Context, t ObjectType, id int64) (*Object, error) {
	e, _ := endpointOf(t)
	m, err := c.detail(ctx, e, id)
	if err != nil {
		return nil, err
	}
	o, err := objectFromMap(m, t)
	if err != nil {
		return nil, err
	}
	o.Type = t
	return o, nil
}

// detail reads one object from its detail endpoint; a NetBox 404 is a
// *NotFoundError.
func (c *Client) detail(ctx context.Context, e endpoint, id int64) (map[string]any, error) {
	if id <= 0 {
		return nil, &NotFoundError{Type: e.t, ID: id}
	}
	u := c.apiURL(e.path + "/" + strconv.FormatInt(id, 10) + "/")
	c.trim(u, e)
	a, err := c.get(ctx, u)
	if errors.Is(err, ErrNotFound) {
		return nil, &NotFoundError{Type: e.t, ID: id}
	}
	if err != nil {
		return nil, err
	}
	m, err := decodeObject(a.body)
	if err != nil {
		return nil, c.badBody(a, err)
	}
	return m, nil
}

// many reads the objects of e with the given IDs and passes each to add,
// once per ID.
func (c *Client) many(ctx context.Context, e endpoint, ids []int64, add func(map[string]any) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ids = uniqueIDs(ids)
	switch len(ids) {
	case 0:
		return nil
	case 1:
		m, err := c.detail(ctx, e, ids[0])
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return add(m)
	}
	return c.list(ctx, e, ids, add)
}

// apiURL is the URL of path under the API root.
func (c *Client) apiURL(path string) *url.URL {
	u := *c.base
	u.Path = c.base.Path + "/api/" + path
	return &u
}

// trim adds exclude=config_context to a request for devices or virtual
// machines, unless the config asks for the context.
func (c *Client) trim(u *url.URL, e endpoint) {
	if !e.configContext || c.context {
		return
	}
	q := u.Query()
	if q.Get("exclude") == "" {
		q.Set("exclude", "config_context")
		u.RawQuery = q.Encode()
	}
}

// uniqueIDs returns the IDs > 0 of ids, sorted, without duplicates.
func uniqueIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, cmp.Compare[int64])
	return slices.Compact(out)
}
