package netbox

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// list reads the objects of e with the given IDs (two or more, unique)
// with list requests of at most min(page size, MaxIDsPerRequest) IDs each,
// sent one after the other: NetBox's workers serialise a page of objects
// in one process, so parallel requests from one caller mostly queue there,
// and a caller wanting more throughput can run several reads at once (the
// Client is safe for concurrent use). Each request follows NetBox's "next"
// links until the last page. Objects not asked for, or seen already (an
// offset page can repeat one when objects change meanwhile), are skipped.
func (c *Client) list(ctx context.Context, e endpoint, ids []int64, add func(map[string]any) error) error {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	per := min(c.pageSize, MaxIDsPerRequest)
	for start := 0; start < len(ids); start += per {
		chunk := ids[start:min(start+per, len(ids))]
		if err := c.listChunk(ctx, e, chunk, want, add); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) listChunk(ctx context.Context, e endpoint, chunk []int64, want map[int64]bool, add func(map[string]any) error) error {
	u := c.apiURL(e.path + "/")
	q := url.Values{}
	for _, id := range chunk {
		q.Add("id", strconv.FormatInt(id, 10))
	}
	q.Set("limit", strconv.Itoa(len(chunk)))
	u.RawQuery = q.Encode()
	c.trim(u, e)
	for pages := 1; ; pages++ {
		a, err := c.get(ctx, u)
		if err != nil {
			return err
		}
		next, n, err := c.page(a, len(chunk), want, add)
		if err != nil {
			return err
		}
		if next == "" || n == 0 {
			return nil
		}
		if pages > len(chunk) {
			return c.httpError(a, fmt.Sprintf("NetBox sent %d pages for %d IDs and still a next link", pages, len(chunk)))
		}
		if u, err = c.resolve(next); err != nil {
			return fmt.Errorf("netbox: follow the next link of %s: %w", redactURL(a.url), err)
		}
	}
}

// page decodes one list page of a request for asked IDs, passes the wanted
// objects to add (and forgets them, so that each is passed once) and
// returns the next link and the number of results on the page.
func (c *Client) page(a *answer, asked int, want map[int64]bool, add func(map[string]any) error) (next string, n int, err error) {
	m, err := decodeObject(a.body)
	if err != nil {
		return "", 0, c.badBody(a, err)
	}
	// NetBox counts the objects that match the filter: more than the IDs
	// asked for means the id filter was not applied (a proxy or plugin
	// dropped it), and following the pages would read every object.
	if count, err := asOptionalID("list page", "count", m["count"]); err == nil && count > int64(asked) {
		return "", 0, c.badBody(a, fmt.Errorf("NetBox counts %d objects for %d IDs: the id filter was not applied", count, asked))
	}
	results, ok := m["results"].([]any)
	if !ok {
		return "", 0, c.badBody(a, fmt.Errorf(`no "results" list`))
	}
	if next, err = asString("list page", "next", m["next"]); err != nil {
		return "", 0, c.badBody(a, err)
	}
	for i, r := range results {
		obj, ok := r.(map[string]any)
		if !ok {
			return "", 0, c.badBody(a, fmt.Errorf("results[%d] is %s, not an object", i, kindOf(r)))
		}
		id, err := asOptionalID("list page", "id", obj["id"])
		if err != nil {
			return "", 0, c.badBody(a, err)
		}
		if !want[id] {
			continue
		}
		delete(want, id)
		if err := add(obj); err != nil {
			return "", 0, c.badBody(a, err)
		}
	}
	return next, len(results), nil
}
