// Package validation checks the module's config and request structs with
// go-playground/validator and says what is wrong in words a user can act
// on: one sentence per field, never a secret's value.
//
// Use it in three lines:
//
//	v := validation.New()                              // once, kept in the client
//	if err := validation.Struct(v, "zabbix: config", cfg); err != nil {
//		return nil, err // zabbix: config: URL must be an http or https URL, got "zabbix.local"
//	}
//
// The error is an *Error; it wraps validator.ValidationErrors, so
// errors.As(err, &validator.ValidationErrors{}) still finds the raw
// details.
package validation

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

// New returns a validator as the module uses it: required struct fields
// are checked, and fields are known by their JSON name too, so that a
// sentence about a request decoded from JSON names the key the user wrote.
func New() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(jsonName)
	return v
}

// jsonName is the field's JSON name, or "" (validator then uses the Go
// name).
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// Struct validates s with v. It returns nil, or an *Error whose message
// starts with what (e.g. "netbox: config") and says what is wrong with
// each field.
func Struct(v *validator.Validate, what string, s any) error {
	return Explain(what, v.Struct(s))
}

// Var validates one value, named name in the message, against tag.
func Var(v *validator.Validate, what, name string, value any, tag string) error {
	err := v.Var(value, tag)
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	e := &Error{What: what, err: err}
	for _, fe := range ves {
		e.Problems = append(e.Problems, Problem{Field: name, Tag: fe.Tag(), Sentence: sentence(name, fe)})
	}
	return e
}

// Explain turns an error of v.Struct into an *Error prefixed with what.
// Nil stays nil; an error that is not validator.ValidationErrors (an
// *validator.InvalidValidationError: a nil or non-struct argument, a bug)
// is returned wrapped with what.
func Explain(what string, err error) error {
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return fmt.Errorf("%s: %w", what, err)
	}
	e := &Error{What: what, err: err}
	for _, fe := range ves {
		name := fieldName(fe)
		e.Problems = append(e.Problems, Problem{Field: name, Tag: fe.Tag(), Sentence: sentence(name, fe)})
	}
	return e
}

// Error is a struct that failed validation.
type Error struct {
	What     string    // what was checked, e.g. "zabbix: config"
	Problems []Problem // one per failed field and rule, in field order
	err      error     // validator.ValidationErrors
}

// Problem is one field that failed one rule.
type Problem struct {
	// Field names the field by its Go path below the struct, with its
	// JSON name when that differs: `URL`, `Interfaces[0].Port`,
	// `TLSPSK (JSON "tls_psk")`.
	Field string
	// Tag is the validator rule that failed, e.g. "http_url".
	Tag string
	// Sentence says what is wrong, e.g. `URL is required`.
	Sentence string
}

// Error joins what and the sentences: "zabbix: config: URL is required;
// Token must be empty when User is set".
func (e *Error) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.Sentence
	}
	return e.What + ": " + strings.Join(s, "; ")
}

// Unwrap returns the validator.ValidationErrors.
func (e *Error) Unwrap() error { return e.err }

// fieldName is the Go path of the field below the root struct, with the
// JSON path after it when the two differ.
func fieldName(fe validator.FieldError) string {
	goPath := dropRoot(fe.StructNamespace())
	jsonPath := dropRoot(fe.Namespace())
	if goPath == "" {
		goPath = fe.StructField()
	}
	if jsonPath != "" && jsonPath != goPath {
		return fmt.Sprintf("%s (JSON %q)", goPath, jsonPath)
	}
	return goPath
}

// dropRoot removes the struct's own name: "Config.URL" → "URL".
func dropRoot(ns string) string {
	_, rest, ok := strings.Cut(ns, ".")
	if !ok {
		return ns
	}
	return rest
}

// sentence says what is wrong with field name under fe's rule.
func sentence(name string, fe validator.FieldError) string {
	p := fe.Param()
	got := shown(fe)
	switch fe.Tag() {
	case "required":
		return name + " is required"
	case "required_with", "required_with_all":
		return fmt.Sprintf("%s is required when %s is set", name, orList(p))
	case "required_without", "required_without_all":
		return fmt.Sprintf("%s is required when %s is not set", name, orList(p))
	case "required_if":
		return fmt.Sprintf("%s is required when %s", name, conditions(p))
	case "required_unless":
		return fmt.Sprintf("%s is required unless %s", name, conditions(p))
	case "excluded_with", "excluded_with_all":
		return fmt.Sprintf("%s must be empty when %s is set", name, orList(p))
	case "excluded_without", "excluded_without_all":
		return fmt.Sprintf("%s must be empty when %s is not set", name, orList(p))
	case "excluded_if":
		return fmt.Sprintf("%s must be empty when %s", name, conditions(p))
	case "http_url":
		return fmt.Sprintf("%s must be an http or https URL with a host%s", name, got)
	case "url":
		return fmt.Sprintf("%s must be a URL with a scheme%s", name, got)
	case "oneof":
		return fmt.Sprintf("%s must be one of %s%s", name, strings.Join(strings.Fields(p), ", "), got)
	case "min", "gte":
		return measure(name, "at least", p, fe) + got
	case "max", "lte":
		return measure(name, "at most", p, fe) + got
	case "gt":
		return measure(name, "more than", p, fe) + got
	case "lt":
		return measure(name, "less than", p, fe) + got
	case "len":
		return measure(name, "exactly", p, fe) + got
	case "numeric", "number":
		return fmt.Sprintf("%s must be a number%s", name, got)
	case "printascii":
		return fmt.Sprintf("%s must be printable ASCII%s", name, got)
	case "ip", "ipv4", "ipv6":
		return fmt.Sprintf("%s must be an IP address%s", name, got)
	case "hostname", "hostname_rfc1123", "fqdn":
		return fmt.Sprintf("%s must be a host name%s", name, got)
	}
	if p != "" {
		return fmt.Sprintf("%s fails the rule %s=%s%s", name, fe.Tag(), p, got)
	}
	return fmt.Sprintf("%s fails the rule %s%s", name, fe.Tag(), got)
}

// measure says how big a field must be: "Port must be at least 1", "Key
// must be at least 40 characters long", "Groups must have at least 1
// element".
func measure(name, bound, n string, fe validator.FieldError) string {
	plural := "s"
	if n == "1" {
		plural = ""
	}
	switch fe.Kind() {
	case reflect.String:
		return fmt.Sprintf("%s must be %s %s character%s long", name, bound, n, plural)
	case reflect.Slice, reflect.Array, reflect.Map:
		return fmt.Sprintf("%s must have %s %s element%s", name, bound, n, plural)
	}
	return fmt.Sprintf("%s must be %s %s", name, bound, n)
}

// orList renders a rule's list of field names: "User" or "User or
// Password".
func orList(p string) string { return strings.Join(strings.Fields(p), " or ") }

// conditions renders required_if's "Field value Field value" pairs as
// "Field is value and …".
func conditions(p string) string {
	f := strings.Fields(p)
	var parts []string
	for i := 0; i+1 < len(f); i += 2 {
		parts = append(parts, f[i]+" is "+f[i+1])
	}
	if len(parts) == 0 {
		return p
	}
	return strings.Join(parts, " and ")
}

// maxShown is the most of a value a sentence quotes.
const maxShown = 80

// shown is ", got <value>" for a value that may be shown, or "": never
// for a secret (a field whose name says so, or whose type hides its value
// when printed, such as zabbix.Secret), nor for an empty value.
func shown(fe validator.FieldError) string {
	if secretName(fe.StructField()) {
		return ""
	}
	v := reflect.ValueOf(fe.Value())
	if !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.String:
		if v.Len() == 0 || redacting(v) {
			return ""
		}
		s := v.String()
		if len(s) > maxShown {
			s = strings.ToValidUTF8(s[:maxShown], "") + "…"
		}
		return fmt.Sprintf(", got %q", s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return fmt.Sprintf(", got %v", v)
	case reflect.Slice, reflect.Array, reflect.Map:
		return fmt.Sprintf(", got %d", v.Len())
	}
	return ""
}

// redacting reports whether v's type prints as something other than its
// value, as zabbix.Secret does ("[redacted]"): a type that hides itself.
func redacting(v reflect.Value) bool {
	if !v.CanInterface() {
		return true
	}
	switch x := v.Interface().(type) {
	case fmt.Stringer:
		return x.String() != v.String()
	case interface{ LogValue() slog.Value }:
		return true
	}
	return false
}

// secretName reports whether a field's name says it holds a secret.
func secretName(field string) bool {
	f := strings.ToLower(field)
	for _, s := range []string{"token", "password", "secret", "psk", "passphrase", "key", "dsn", "credential", "auth"} {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}
