package netbox

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Objects returns the devices or virtual machines q selects (q.Type), with
// the fields q.Fields asks for, ordered by ID, each once; see Query. A
// Query selecting one ID and no filter reads the detail endpoint; IDs are
// read with list requests of at most min(Config.PageSize,
// MaxIDsPerRequest) IDs each ("?id=1&id=2…"), or, when they are more than
// ten such requests and listing the whole endpoint takes fewer requests,
// by listing it and keeping the objects asked for; a filter is read page
// by page (see Config.PageSize). Those requests run Config.Concurrency at a
// time. Errors name the query; a query Objects refuses, or NetBox answers
// 400, matches ErrBadQuery.
func (c *Client) Objects(ctx context.Context, q Query) ([]*Object, error) {
	p, err := q.Parse(TypeDevice)
	if err != nil {
		return nil, err
	}
	return read(ctx, c, q, p, func(m map[string]any) (*Object, int64, error) {
		o, err := objectFromMap(m, p.Type)
		if err != nil {
			return nil, 0, err
		}
		o.Type = p.Type
		return o, o.ID, nil
	})
}

// IPAddresses returns the IP addresses q selects, as Objects does. With
// non-nil q.Fields an address comes without AssignedObject unless
// q.Fields names "assigned_object".
func (c *Client) IPAddresses(ctx context.Context, q Query) ([]*IPAddress, error) {
	p, err := q.Parse(TypeIPAddress)
	if err != nil {
		return nil, err
	}
	return read(ctx, c, q, p, func(m map[string]any) (*IPAddress, int64, error) {
		ip, err := ipFromMap(m)
		if err != nil {
			return nil, 0, err
		}
		return ip, ip.ID, nil
	})
}

// read runs a parsed query and returns the decoded objects ordered by ID.
func read[T any](ctx context.Context, c *Client, q Query, p ParsedQuery, decode func(map[string]any) (T, int64, error)) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.None {
		return nil, nil
	}
	e, _ := endpointOf(p.Type)
	col := &collector[T]{decode: decode, byID: make(map[int64]T)}
	var err error
	switch {
	case len(p.IDs) == 1 && p.Filter == nil:
		var m map[string]any
		m, err = c.detail(ctx, e, p.IDs[0], p.Fields)
		switch {
		case errors.Is(err, ErrNotFound):
			err = nil
		case err == nil:
			err = col.add(m)
		}
	case len(p.IDs) > 0:
		err = c.readIDs(ctx, e, p, col.add)
	default:
		err = c.listFiltered(ctx, e, p, col.add)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, &queryError{query: q.String(), err: err}
	}
	return col.sorted(), nil
}

// queryError names the query a read failed on. It unwraps to the cause,
// so errors.Is and errors.As see the *HTTPError, *AuthError or context
// error beneath.
type queryError struct {
	query string
	err   error
}

func (e *queryError) Error() string {
	return "netbox: read " + e.query + ": " + strings.TrimPrefix(e.err.Error(), "netbox: ")
}

func (e *queryError) Unwrap() error { return e.err }

func (c *Client) object(ctx context.Context, t ObjectType, id int64) (*Object, error) {
	e, _ := endpointOf(t)
	m, err := c.detail(ctx, e, id, nil)
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

// detail reads one object from its detail endpoint, with the given fields
// (nil: every field); a NetBox 404 is a *NotFoundError.
func (c *Client) detail(ctx context.Context, e endpoint, id int64, fields []string) (map[string]any, error) {
	if id <= 0 {
		return nil, &NotFoundError{Type: e.t, ID: id}
	}
	u := c.apiURL(e.path + "/" + strconv.FormatInt(id, 10) + "/")
	q := url.Values{}
	c.trimQuery(q, e, fields)
	u.RawQuery = q.Encode()
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

// apiURL is the URL of path under the API root.
func (c *Client) apiURL(path string) *url.URL {
	u := *c.base
	u.Path = c.base.Path + "/api/" + path
	return &u
}

// trimQuery adds to q what keeps NetBox's answer for endpoint e to the
// fields asked for (nil: every field): exclude=config_context for devices
// and virtual machines unless the config asks for the context (NetBox 4.x
// renders the context unless told so, even when fields leaves it out),
// and fields=… when NetBox may honour it (see Client.selectsFields).
func (c *Client) trimQuery(q url.Values, e endpoint, fields []string) {
	withContext := c.context && (fields == nil || slices.Contains(fields, "config_context"))
	if e.configContext && !withContext && q.Get("exclude") == "" {
		q.Set("exclude", "config_context")
	}
	if fields == nil || !c.selectsFields() {
		return
	}
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		if f != "config_context" || withContext {
			names = append(names, f)
		}
	}
	q.Set("fields", strings.Join(names, ","))
}

// trim adds exclude=config_context to a request for a device or virtual
// machine of every field (a fetched URL), unless the config asks for the
// context.
func (c *Client) trim(u *url.URL, e endpoint) {
	q := u.Query()
	if e.configContext && !c.context && q.Get("exclude") == "" {
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
