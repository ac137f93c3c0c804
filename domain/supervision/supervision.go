// Package supervision is process supervision (§3.15, §5 items 26 and 27):
// the process-supervision team's spot checks of how departments run their
// processes, the rectification notices it issues with a deadline and
// follows up until it verifies the rectification (overdue once the deadline
// passed unverified), the full process evaluation held at least once a
// year, and the sales assistant's quarterly analysis report to the
// supervisor.
//
// Each is an aggregate of its own stream: a spot check and an evaluation
// are one recorded fact each; a rectification notice and an analysis
// report have a lifecycle. Dates are business days, held as midnight UTC.
package supervision

import "time"

// Stream names of the supervision aggregates.
func SpotCheckStream(id string) string  { return "spotcheck-" + id }
func NoticeStream(id string) string     { return "rectification-" + id }
func EvaluationStream(id string) string { return "processeval-" + id }

// ReportStream is the stream of the analysis report of quarter q: one
// stream per quarter makes "one report per quarter" (§5.27-quarterly) hold
// by construction.
func ReportStream(q string) string { return "analysisreport-" + q }

// Day truncates t to its calendar day (UTC midnight): deadlines and
// overdue states are compared by day, not by the hour.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
