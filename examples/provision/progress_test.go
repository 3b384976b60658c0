package main

import (
	"strings"
	"testing"
	"time"

	"github.com/nbzbx/netbox-zabbix/provision"
)

// On a terminal the bar is redrawn in place at most every 100 ms, and
// always at the end; elsewhere a line is written at every tenth.
func TestProgress(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	clock := t0
	now := func() time.Time { return clock }

	var tty strings.Builder
	p := newProgress(&tty, true, now)
	for i, at := range []time.Duration{0, 50 * time.Millisecond, 150 * time.Millisecond, 160 * time.Millisecond} {
		clock = t0.Add(at)
		p.update(provision.Progress{Done: i + 1, Failed: i / 3, Total: 4})
	}
	p.finish()
	want := "\r[#######.......................] 1/4 0 failed " +
		"\r[######################........] 3/4 0 failed 20/s " +
		"\r[##############################] 4/4 1 failed 25/s \n"
	if tty.String() != want {
		t.Errorf("terminal:\n%q\nwant\n%q", tty.String(), want)
	}

	var plain strings.Builder
	clock = t0
	p = newProgress(&plain, false, now)
	for i := range 20 {
		clock = clock.Add(100 * time.Millisecond)
		p.update(provision.Progress{Done: i + 1, AlreadyProvisioned: 1, Total: 20})
	}
	p.finish()
	lines := strings.Split(strings.TrimSuffix(plain.String(), "\n"), "\n")
	if len(lines) != 10 || lines[9] != "progress: 20/20 objects (100%), 1 already provisioned, 0 failed, 2.0 s" {
		t.Errorf("plain: %d lines:\n%s", len(lines), plain.String())
	}
}
