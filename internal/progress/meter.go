package progress

import (
	"fmt"
	"strings"
	"time"
)

// MinRateWindow is how long a job must have run before it is given a
// rate (and so a time left): a small job is over in one batch after a few
// milliseconds, and units over milliseconds make a rate that says
// nothing about the job.
const MinRateWindow = time.Second

// Meter measures a job against its total and the time since it started.
type Meter struct {
	total int64
	start time.Time
	now   func() time.Time
}

// NewMeter starts measuring a job of total units (Unknown if not known)
// on the clock now.
func NewMeter(total int64, now func() time.Time) Meter {
	return Meter{total: total, start: now(), now: now}
}

// Snapshot is how far a job got at one moment.
type Snapshot struct {
	Done int64
	// Total is Unknown when the job's size is not known.
	Total   int64
	At      time.Time
	Elapsed time.Duration
	// Rate is units a second since the start; 0 until the job has run
	// MinRateWindow.
	Rate float64
}

// At is the snapshot with done units complete.
func (m Meter) At(done int64) Snapshot {
	at := m.now()
	s := Snapshot{Done: done, Total: m.total, At: at, Elapsed: at.Sub(m.start)}
	if s.Elapsed >= MinRateWindow {
		s.Rate = float64(done) / s.Elapsed.Seconds()
	}
	return s
}

// Percent is the share done, when the total is known.
func (s Snapshot) Percent() (float64, bool) {
	if s.Total <= 0 {
		return 0, false
	}
	return 100 * float64(min(s.Done, s.Total)) / float64(s.Total), true
}

// Left is the time left at the rate so far, when both are known.
func (s Snapshot) Left() (time.Duration, bool) {
	if s.Total <= 0 || s.Rate <= 0 {
		return 0, false
	}
	rest := max(s.Total-s.Done, 0)
	return time.Duration(float64(rest) / s.Rate * float64(time.Second)), true
}

// Format says it in one line, such as
// "45% (45000/100000 events), 3200 events/s, 17s left". What is not
// known yet is left out.
func (s Snapshot) Format(unit string) string {
	var parts []string
	if p, ok := s.Percent(); ok {
		parts = append(parts, fmt.Sprintf("%.0f%% (%d/%d %s)", p, s.Done, s.Total, unit))
	} else {
		parts = append(parts, fmt.Sprintf("%d %s", s.Done, unit))
	}
	if s.Rate > 0 {
		parts = append(parts, FormatRate(s.Rate, unit))
	}
	if left, ok := s.Left(); ok {
		parts = append(parts, left.Round(time.Second).String()+" left")
	}
	return strings.Join(parts, ", ")
}

// FormatRate writes a rate in units a second, whole above ten.
func FormatRate(perSecond float64, unit string) string {
	if perSecond >= 10 {
		return fmt.Sprintf("%.0f %s/s", perSecond, unit)
	}
	return fmt.Sprintf("%.1f %s/s", perSecond, unit)
}
