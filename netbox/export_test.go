package netbox

import "context"

// The single-object reads by detail endpoint, for the tests of package
// netbox_test; the library reads through Objects and IPAddresses.

// Device returns the device with the given ID, every field of it, or a
// *NotFoundError (matching ErrNotFound).
func (c *Client) Device(ctx context.Context, id int64) (*Object, error) {
	return c.object(ctx, TypeDevice, id)
}

// VirtualMachine returns the virtual machine with the given ID, every
// field of it, or a *NotFoundError (matching ErrNotFound).
func (c *Client) VirtualMachine(ctx context.Context, id int64) (*Object, error) {
	return c.object(ctx, TypeVirtualMachine, id)
}

// IPAddress returns the IP address with the given ID, every field of it
// (the interface it is assigned to included), or a *NotFoundError
// (matching ErrNotFound).
func (c *Client) IPAddress(ctx context.Context, id int64) (*IPAddress, error) {
	e, _ := endpointOf(TypeIPAddress)
	m, err := c.detail(ctx, e, id, nil)
	if err != nil {
		return nil, err
	}
	return ipFromMap(m)
}
