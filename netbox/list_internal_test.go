package netbox

import "testing"

// TestRangeSize: the rest of a read by filter is spread over Concurrency
// requests of at least a page and at most MaxPageSize objects; a first
// page shorter than asked (NetBox's MAX_PAGE_SIZE) sets the size.
func TestRangeSize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ rest, first, page, conc, want int }{
		{800, 200, 200, 4, 200},     // 1,000 objects: 5 requests of 200
		{2302, 200, 200, 4, 576},    // 2,502: 4 ranges of 576
		{99_800, 200, 200, 4, 1000}, // 100,000: ranges of NetBox's largest page
		{50, 200, 200, 4, 200},      // a little left: one page
		{10_000, 100, 200, 4, 100},  // MAX_PAGE_SIZE 100
		{9000, 1000, 1000, 1, 1000}, // one at a time
		{1, 1000, 1000, 64, 1000},   // never below a page
		{12_345, 200, 200, 64, 200}, // many at once: at least a page
		{3_000_000, 500, 500, 2, 1000},
	} {
		if got := rangeSize(tc.rest, tc.first, tc.page, tc.conc); got != tc.want {
			t.Errorf("rangeSize(rest %d, first page %d, page %d, concurrency %d) = %d, want %d",
				tc.rest, tc.first, tc.page, tc.conc, got, tc.want)
		}
	}
}
