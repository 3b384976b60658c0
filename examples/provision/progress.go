package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nbzbx/netbox-zabbix/provision"
)

// progress shows how far a bulk run is, on stderr: a bar redrawn in place
// on a terminal, otherwise a plain line at every tenth of the run. The
// library calls update from one goroutine at a time.
type progress struct {
	w     io.Writer
	tty   bool
	now   func() time.Time
	start time.Time

	last    provision.Progress
	drawn   time.Time // terminal: when the bar was last drawn
	tenth   int       // plain: the last tenth reported
	started bool
}

func newProgress(w io.Writer, tty bool, now func() time.Time) *progress {
	return &progress{w: w, tty: tty, now: now, start: now()}
}

// update is ProvisionAgents' progress callback.
func (p *progress) update(pr provision.Progress) {
	p.last, p.started = pr, true
	now := p.now()
	if p.tty {
		if pr.Done == pr.Total || now.Sub(p.drawn) >= 100*time.Millisecond {
			p.drawn = now
			fmt.Fprintf(p.w, "\r%s", p.bar(pr, now))
		}
		return
	}
	if pr.Total == 0 {
		return
	}
	if t := pr.Done * 10 / pr.Total; t > p.tenth {
		p.tenth = t
		fmt.Fprintf(p.w, "progress: %d/%d objects (%d%%), %d already provisioned, %d failed, %.1f s\n",
			pr.Done, pr.Total, pr.Done*100/pr.Total, pr.AlreadyProvisioned, pr.Failed, now.Sub(p.start).Seconds())
	}
}

// finish ends the bar's line on a terminal.
func (p *progress) finish() {
	if p.tty && p.started {
		fmt.Fprintln(p.w)
	}
}

// bar is one drawing of the terminal bar: [#####.....] 512/1000 3 failed 812/s.
func (p *progress) bar(pr provision.Progress, now time.Time) string {
	const width = 30
	filled := 0
	if pr.Total > 0 {
		filled = pr.Done * width / pr.Total
	}
	rate := ""
	if s := now.Sub(p.start).Seconds(); s > 0 {
		rate = fmt.Sprintf(" %.0f/s", float64(pr.Done)/s)
	}
	return fmt.Sprintf("[%s%s] %d/%d %d failed%s ", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		pr.Done, pr.Total, pr.Failed, rate)
}
