// Package childtest runs a helper process of a test (the test binary
// started again in a mode of its own) and reads its output line by line,
// for tests that need several processes.
package childtest

import (
	"bufio"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Child is a running helper process.
type Child struct {
	Cmd   *exec.Cmd
	Stdin io.WriteCloser
	lines chan string // stdout, line by line; closed at EOF
}

// Start starts cmd with pipes to its stdin and stdout; cmd.Stderr is the
// caller's to set. The process is killed when the test ends.
func Start(t testing.TB, cmd *exec.Cmd) *Child {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &Child{Cmd: cmd, Stdin: stdin, lines: make(chan string, 16)}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return c
}

// Expect waits for a line of the child's output that starts with prefix
// and returns the rest of it; the lines before it go to the test's log.
func (c *Child) Expect(t testing.TB, prefix string, within time.Duration) string {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				t.Fatalf("child exited before printing %q", prefix)
			}
			if rest, found := strings.CutPrefix(line, prefix); found {
				return rest
			}
			t.Logf("child: %s", line)
		case <-deadline:
			t.Fatalf("child did not print %q within %v", prefix, within)
		}
	}
}
