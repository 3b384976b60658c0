package netbox

import (
	"errors"
	"fmt"
)

// ErrNotFound reports that NetBox has no object with the requested ID (or
// the token may not see it).
var ErrNotFound = errors.New("netbox: not found")

// NotFoundError names the object NetBox could not find. It matches
// ErrNotFound under errors.Is.
type NotFoundError struct {
	Type ObjectType
	ID   int64
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("netbox: %s %d not found: check the ID, and that the API token may read it", e.Type.Label(), e.ID)
}

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }
