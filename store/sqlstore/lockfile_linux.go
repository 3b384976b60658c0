//go:build linux

package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// crossProcessLocks reports whether SQLite Locks exclude other processes.
const crossProcessLocks = true

// lockFileRanges takes a write lock on one byte of path at each of offsets
// (ascending), through a file descriptor of its own. The locks are open
// file description locks (F_OFD_SETLK): they exclude every other
// descriptor, in this process or another, and the kernel releases them
// when the descriptor is closed, by unlock or by the end of the process.
func lockFileRanges(ctx context.Context, path string, offsets []int64) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	for _, off := range offsets {
		if err := lockByte(ctx, f, off); err != nil {
			_ = f.Close()
			return nil, err
		}
	}
	return func() { _ = f.Close() }, nil
}

// lockByte tries to lock the byte at off until it succeeds or ctx ends,
// backing off from 1 to 50 milliseconds between tries. (The blocking
// F_OFD_SETLKW cannot be interrupted by a context.)
func lockByte(ctx context.Context, f *os.File, off int64) error {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: off, Len: 1}
	wait := time.Millisecond
	for {
		err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EAGAIN) && !errors.Is(err, unix.EACCES) && !errors.Is(err, unix.EINTR) {
			return fmt.Errorf("lock file %s: %w", f.Name(), err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}
