package employee

import "time"

// OutingOn reports whether the employee registered outing outingID for
// the company day of at (reg's calendar): a customer visit is accepted
// only on such an outing (§2.1.4-outing).
func (s Employee) OutingOn(outingID string, at time.Time, reg Regulation) bool {
	if s.history == nil {
		return false
	}
	leaves, ok := s.outings[outingID]
	return ok && reg.day(leaves) == reg.day(at)
}
