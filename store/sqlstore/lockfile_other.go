//go:build !linux

package sqlstore

import "context"

// crossProcessLocks reports whether SQLite Locks exclude other processes:
// not on this platform, where they exclude the goroutines of one process.
const crossProcessLocks = false

// lockFileRanges does nothing on this platform.
func lockFileRanges(context.Context, string, []int64) (func(), error) {
	return func() {}, nil
}
