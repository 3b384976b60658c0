package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/nbzbx/netbox-zabbix/netbox/netboxtest"
)

// serveNetBoxArg is the first argument that makes this program a NetBox
// fixture server (see serveFixture).
const serveNetBoxArg = "serve-netbox"

// serveFixture runs this program as a NetBox fixture server: "bench
// serve-netbox DIR PREFIX N" serves the fixtures in DIR with N synthetic
// devices and addresses named after PREFIX (listed too), prints the
// server's URL on a line, and serves until its standard input closes.
func serveFixture(args []string) error {
	if len(args) != 3 {
		return errors.New("usage: bench serve-netbox DIR PREFIX N")
	}
	n, err := strconv.Atoi(args[2])
	if err != nil {
		return err
	}
	srv, err := netboxtest.StartServer(netboxtest.ServerConfig{Dir: args[0], Tokens: []string{benchToken},
		Synthetic: true, NamePrefix: args[1] + "-", SyntheticList: n})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Println(srv.URL)
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes it, or dies
	return nil
}

// startFixture starts this program as a NetBox fixture server in a process
// of its own, so that what serving costs is not counted in this process's
// time and memory, and returns its URL and how to stop it.
func startFixture(dir, prefix string, n int) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self, serveNetBoxArg, dir, prefix, strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		stdin.Close()
		_ = cmd.Wait()
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("start the NetBox fixture server: %w", err)
	}
	return strings.TrimSpace(line), stop, nil
}
