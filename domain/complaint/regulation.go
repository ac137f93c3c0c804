package complaint

import "time"

// Regulation holds the complaint-handling timers. No seed gives a number: the
// seeds say "immediately" (立即) for routing and "promptly / periodically"
// (及时 / 定期) for everything else (§3.7-routing, §3.7-updates). Every value
// here is therefore a design decision (D), versioned and effective-dated
// like any regulation, used to flag lateness and colour dashboards. Never
// present these values to users as company regulation.
type Regulation struct {
	// RouteWithin is what "immediately" means: routing recorded later
	// than this after receipt is flagged late.
	RouteWithin time.Duration
	// FirstUpdateWithin is the time from receipt to the first customer
	// update.
	FirstUpdateWithin time.Duration
	// UpdateInterval is the longest gap between customer updates while the
	// complaint is open.
	UpdateInterval time.Duration
	// CloseWithin is the target time from receipt to closure.
	CloseWithin time.Duration
}

// DefaultRegulation returns the recommended (D) timers: route within 15
// minutes, first update within 24 hours, then at least every 3 days, close
// within 7 days.
func DefaultRegulation() Regulation {
	return Regulation{
		RouteWithin:       15 * time.Minute,
		FirstUpdateWithin: 24 * time.Hour,
		UpdateInterval:    72 * time.Hour,
		CloseWithin:       7 * 24 * time.Hour,
	}
}

// late reports whether more than limit passed from since to at. Exactly at
// the limit is on time.
func late(since, at time.Time, limit time.Duration) bool { return at.Sub(since) > limit }
