package provision

import (
	"fmt"
	"slices"
	"testing"
)

// TestParentGroups: a nested name's parents, outermost first.
func TestParentGroups(t *testing.T) {
	t.Parallel()
	if got := parentGroups("Sites/DC1/Web"); !slices.Equal(got, []string{"Sites", "Sites/DC1"}) {
		t.Errorf("parentGroups = %q", got)
	}
	if got := parentGroups("Linux servers"); len(got) != 0 {
		t.Errorf("parentGroups of a flat name = %q", got)
	}
}

// TestMissingGroups: the groups to create, parents first, each once, and
// the parents of a group that exists are left alone.
func TestMissingGroups(t *testing.T) {
	t.Parallel()
	known := map[string]string{"Sites": "5", "Sites/DC1": "", "Sites/DC1/Web": "", "Sites/DC2": "", "Sites/DC2/Db": "9", "Teams/A": ""}
	got := missingGroups(known, []string{"Sites/DC1/Web", "Sites/DC2/Db", "Teams/A", "Sites/DC1/Web"})
	if want := []string{"Teams", "Sites/DC1", "Teams/A", "Sites/DC1/Web"}; !slices.Equal(got, want) {
		t.Errorf("missingGroups = %q, want %q", got, want)
	}
}

// TestQuoteAll: long lists are cut, saying how many more there are.
func TestQuoteAll(t *testing.T) {
	t.Parallel()
	var names []string
	for i := range 12 {
		names = append(names, fmt.Sprint(i))
	}
	if got := quoteAll(names); got != `"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", and 2 more` {
		t.Errorf("quoteAll = %s", got)
	}
	if got := quoteAll(names[:2]); got != `"0", "1"` {
		t.Errorf("quoteAll = %s", got)
	}
}
