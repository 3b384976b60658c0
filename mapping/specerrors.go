package mapping

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/netbox"
)

// Errors of ResolveSpecs, matched under errors.Is.
var (
	// ErrInvalidSpec: a spec is wrong in itself (no name, an unknown
	// object or interface type, a bad host group pattern, a name used
	// twice, several defaults).
	ErrInvalidSpec = errors.New("mapping: invalid mapping spec")
	// ErrUnknownName: a spec names a template, host group, proxy or proxy
	// group that the Zabbix objects last imported do not have.
	ErrUnknownName = errors.New("mapping: name not among the imported Zabbix objects")
)

// SpecsError lists every problem ResolveSpecs found: Problems holds an
// error per problem, each matching ErrInvalidSpec or ErrUnknownName (an
// *UnknownNameError) and naming its mapping.
type SpecsError struct {
	Problems []error
}

// Error lists every problem, one a line.
func (e *SpecsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mapping: %d problem(s) in the mapping specs, nothing was resolved:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so that errors.Is and errors.As see them.
func (e *SpecsError) Unwrap() []error { return e.Problems }

// UnknownNameError is a name a spec gives that the Zabbix objects last
// imported do not have. It matches ErrUnknownName.
type UnknownNameError struct {
	Mapping    string            // the spec's name
	ObjectType netbox.ObjectType // the spec's object type
	Kind       string            // "template", "host group", "proxy" or "proxy group"
	Name       string            // the name given
	Imported   time.Time         // when the objects were imported; zero when never
}

// Error names the mapping, the kind and the name, and says what to do.
func (e *UnknownNameError) Error() string {
	hint := "fix the name, or run ImportZabbixSettings again if it was added in Zabbix since the import of " +
		e.Imported.UTC().Format(time.RFC3339)
	if e.Imported.IsZero() {
		hint = "no Zabbix objects have been imported yet: run ImportZabbixSettings, then fix the name if it is still unknown"
	}
	if e.Kind == "host group" {
		hint += ", or turn on the settings' create_host_groups to have it created"
	}
	return fmt.Sprintf("%s mapping %q: %s %q is not among the Zabbix objects imported: %s",
		e.ObjectType.Label(), e.Mapping, e.Kind, e.Name, hint)
}

// Is reports whether target is ErrUnknownName.
func (e *UnknownNameError) Is(target error) bool { return target == ErrUnknownName }

// invalidSpec is a problem of a spec in itself; it matches
// ErrInvalidSpec.
type invalidSpec struct{ text string }

func (e *invalidSpec) Error() string        { return e.text }
func (e *invalidSpec) Is(target error) bool { return target == ErrInvalidSpec }
