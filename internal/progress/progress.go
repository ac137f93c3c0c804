// Package progress shows how far a long command got: how much of how
// much is done, the percentage, the rate and the time left. On a
// terminal it draws a bar; elsewhere (a log file, a CI job) it writes a
// plain line every few seconds, since a redrawn bar would be a mess of
// carriage returns there.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Unknown is the total of a job whose size is not known in advance.
const Unknown = -1

// Reporter is told how much of a job is done.
type Reporter interface {
	// Set records that done units are complete.
	Set(done int64)
	// Finish ends the display; it writes no summary.
	Finish()
}

// New returns a bar when w is a terminal and plain lines otherwise. what
// names the job ("rebuild"), unit what it counts ("events"). The clock
// starts now: call New when the work starts, or the first rate counts
// the wait before it.
func New(w io.Writer, what, unit string, total int64) Reporter {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return NewBar(w, what, unit, total, time.Now)
	}
	return NewLines(w, what, unit, total, lineEvery, time.Now)
}

// bar draws schollz/progressbar once the job has run MinRateWindow: a
// job done sooner needs no bar, and the bar's first rate would be
// measured over too little time to mean anything.
type bar struct {
	b     *progressbar.ProgressBar
	start time.Time
	now   func() time.Time
}

// NewBar returns a progress bar drawn on w, on the clock now: a bar,
// percentage, count, rate and time left when the total is known; a
// spinner with count and rate when it is not.
func NewBar(w io.Writer, what, unit string, total int64, now func() time.Time) Reporter {
	if total == 0 {
		total = Unknown // progressbar refuses a zero maximum
	}
	b := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString(unit),
		progressbar.OptionSetPredictTime(true), progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(),
		// A spinner redraws itself every 100ms from a goroutine of its
		// own, before there is a rate to show: it turns with Set instead.
		progressbar.OptionSetSpinnerChangeInterval(0))
	// The bar starts its clock at its first drawing unless told, and
	// then divides the first batch by nearly no time: a rate of millions.
	b.StartWithoutRender()
	return bar{b: b, start: now(), now: now}
}

func (b bar) Set(done int64) {
	if b.now().Sub(b.start) >= MinRateWindow {
		b.b.Set64(done) //nolint:errcheck // display only
	}
}

func (b bar) Finish() {
	if b.b.IsStarted() && b.now().Sub(b.start) >= MinRateWindow {
		b.b.Finish() //nolint:errcheck // display only
	}
}

// lineEvery is how often NewLines writes a line.
const lineEvery = 5 * time.Second

// lines writes a plain line at most every interval.
type lines struct {
	w          io.Writer
	what, unit string
	meter      Meter
	every      time.Duration
	last       time.Time
}

// NewLines returns a reporter writing one plain line to w at most every
// interval, on the clock now.
func NewLines(w io.Writer, what, unit string, total int64, every time.Duration, now func() time.Time) Reporter {
	return &lines{w: w, what: what, unit: unit, every: every, meter: NewMeter(total, now), last: now()}
}

func (l *lines) Set(done int64) {
	s := l.meter.At(done)
	if s.At.Sub(l.last) < l.every {
		return
	}
	l.last = s.At
	fmt.Fprintf(l.w, "%s: %s\n", l.what, s.Format(l.unit))
}

func (l *lines) Finish() {}
