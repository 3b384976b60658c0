package mapping

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
)

// MaxHostGroupName is the longest host group name Zabbix takes, in
// characters.
const MaxHostGroupName = 255

// Errors of host group names, matched under errors.Is.
var (
	// ErrHostGroupPattern: a host group name of a mapping is not a valid
	// pattern (an unclosed or empty placeholder, a stray brace) or, with
	// no placeholder, not a name Zabbix takes.
	ErrHostGroupPattern = errors.New("mapping: invalid host group pattern")
	// ErrHostGroupName: a pattern cannot give a host group name for one
	// object: a placeholder resolves to nothing or to several values, or
	// the name it makes is not one Zabbix takes.
	ErrHostGroupName = errors.New("mapping: host group name cannot be made for the object")
)

// GroupNameError explains why a mapping's host group pattern gives no
// name for an object. It matches ErrHostGroupName.
type GroupNameError struct {
	Mapping     string     // the mapping's name
	Pattern     string     // the pattern, as the mapping has it
	Object      netbox.Ref // the object
	Name        string     // the object's name
	Placeholder string     // the placeholder at fault, "{path}"; "" when the whole name is
	Reason      string     // what is wrong, e.g. "resolves to nothing"
	Hint        string     // what to do
}

// Error says which mapping, pattern, object and placeholder failed, and
// what to do.
func (e *GroupNameError) Error() string {
	what := "the name it makes"
	if e.Placeholder != "" {
		what = e.Placeholder
	}
	return fmt.Sprintf("mapping %q names host group %q, and for %s %q %s %s: %s",
		e.Mapping, e.Pattern, e.Object, e.Name, what, e.Reason, e.Hint)
}

// Is reports whether target is ErrHostGroupName.
func (e *GroupNameError) Is(target error) bool { return target == ErrHostGroupName }

// part is a piece of a host group pattern: literal text, or the path of a
// placeholder.
type part struct {
	text string
	path bool
}

// parsePattern cuts a pattern into literal text and placeholders. "{{"
// and "}}" stand for literal braces.
func parsePattern(p string) ([]part, error) {
	var (
		parts []part
		lit   strings.Builder
	)
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, part{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '{' && strings.HasPrefix(p[i:], "{{"), c == '}' && strings.HasPrefix(p[i:], "}}"):
			lit.WriteByte(c)
			i++
		case c == '{':
			end := strings.IndexAny(p[i+1:], "{}")
			if end < 0 || p[i+1+end] != '}' {
				return nil, fmt.Errorf("the { at byte %d is not closed: close it with }, or write {{ for a literal brace", i)
			}
			path := strings.TrimSpace(p[i+1 : i+1+end])
			if path == "" {
				return nil, fmt.Errorf("the placeholder at byte %d is empty: name an attribute path, as in {site} or {site.region}", i)
			}
			if strings.Contains(path, "..") || strings.HasPrefix(path, ".") || strings.HasSuffix(path, ".") || strings.ContainsAny(path, " \t") {
				return nil, fmt.Errorf("placeholder {%s} is not an attribute path: write dot-separated field names, as in {site.region}", path)
			}
			flush()
			parts = append(parts, part{text: path, path: true})
			i += end + 1
		case c == '}':
			return nil, fmt.Errorf("the } at byte %d closes no placeholder: write }} for a literal brace", i)
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return parts, nil
}

// CheckHostGroupPattern checks a host group name of a mapping: its
// placeholders are well formed and, when it has none, it is a name Zabbix
// takes. The error matches ErrHostGroupPattern and says what to fix.
func CheckHostGroupPattern(p string) error {
	if err := patternProblem(p); err != nil {
		return fmt.Errorf("%w %q: %w", ErrHostGroupPattern, p, err)
	}
	return nil
}

// patternProblem is what is wrong with pattern p, or nil.
func patternProblem(p string) error {
	parts, err := parsePattern(p)
	if err != nil {
		return err
	}
	if name, fixed := literal(parts); fixed {
		if reason := badGroupName(name); reason != "" {
			return fmt.Errorf("not a host group name Zabbix takes: it %s", reason)
		}
	}
	return nil
}

// FixedHostGroupName returns the name a pattern without placeholders
// stands for (braces unescaped), and whether it has none.
func FixedHostGroupName(p string) (string, bool) {
	parts, err := parsePattern(p)
	if err != nil {
		return "", false
	}
	return literal(parts)
}

func literal(parts []part) (string, bool) {
	var b strings.Builder
	for _, pt := range parts {
		if pt.path {
			return "", false
		}
		b.WriteString(pt.text)
	}
	return b.String(), true
}

// HostGroupPaths returns the attribute paths of the placeholders of the
// patterns, without repeats, in order of appearance. Patterns that do not
// parse are skipped.
func HostGroupPaths(patterns []string) []string {
	var out []string
	for _, p := range patterns {
		parts, err := parsePattern(p)
		if err != nil {
			continue
		}
		for _, pt := range parts {
			if pt.path && !slices.Contains(out, pt.text) {
				out = append(out, pt.text)
			}
		}
	}
	return out
}

// HostGroupNames returns the names of the host groups m names by name for
// obj (m.HostGroupNames), in order and without repeats: each pattern with
// its placeholders replaced by the object's values (see the package
// documentation, "Host group names"). A pattern that gives no name for the
// object is a *GroupNameError (matching ErrHostGroupName); one that does
// not parse matches ErrHostGroupPattern. The errors of all patterns are
// returned together.
func HostGroupNames(m store.Mapping, obj *netbox.Object) ([]string, error) {
	var (
		out  []string
		errs []error
	)
	for _, p := range m.HostGroupNames {
		name, err := groupName(m, p, obj)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, errors.Join(errs...)
}

// groupName makes the name pattern p gives for obj.
func groupName(m store.Mapping, p string, obj *netbox.Object) (string, error) {
	parts, err := parsePattern(p)
	if err != nil {
		return "", fmt.Errorf("mapping %q: %w %q: %w", m.Name, ErrHostGroupPattern, p, err)
	}
	fail := func(placeholder, reason, hint string) error {
		return &GroupNameError{Mapping: m.Name, Pattern: p, Object: obj.Ref(), Name: obj.Name,
			Placeholder: placeholder, Reason: reason, Hint: hint}
	}
	var b strings.Builder
	for _, pt := range parts {
		if !pt.path {
			b.WriteString(pt.text)
			continue
		}
		ph := "{" + pt.text + "}"
		v, ok := Lookup(obj, pt.text)
		var vals []string
		if ok {
			for _, s := range texts(v) {
				if s = strings.TrimSpace(s); s != "" {
					vals = append(vals, s)
				}
			}
		}
		switch len(vals) {
		case 0:
			return "", fail(ph, "resolves to nothing",
				"fill it in NetBox, or change the mapping; the object cannot be provisioned with this mapping until then")
		case 1:
			b.WriteString(vals[0])
		default:
			return "", fail(ph, fmt.Sprintf("gives %d values (%s), and a host group name takes one", len(vals), strings.Join(vals, ", ")),
				"use a path to a single value in the mapping")
		}
	}
	name := b.String()
	if reason := badGroupName(name); reason != "" {
		return "", fail("", fmt.Sprintf("is %q, which Zabbix refuses as a host group name: it %s", name, reason),
			"change the value in NetBox, or the pattern")
	}
	return name, nil
}

// badGroupName says why Zabbix refuses a host group name ("starts or ends
// with a slash"), or "" when it takes it: Zabbix wants a name that is not
// blank, has no slash at either end and no empty level ("a//b"), and fits
// MaxHostGroupName characters.
func badGroupName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "is blank"
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/"):
		return "starts or ends with a slash"
	case strings.Contains(name, "//"):
		return "has an empty level (//)"
	case utf8.RuneCountInString(name) > MaxHostGroupName:
		return fmt.Sprintf("has %d characters, more than %d", utf8.RuneCountInString(name), MaxHostGroupName)
	}
	return ""
}
