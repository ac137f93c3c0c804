package training

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// SessionStatus is where a session stands; the zero value means "not
// scheduled".
type SessionStatus string

// The session states.
const (
	SessionStatusNone      SessionStatus = ""
	SessionStatusScheduled SessionStatus = "SCHEDULED"
	SessionStatusHeld      SessionStatus = "HELD"
)

// SessionDetails is what a scheduled session is: under which plan, for
// which department, what it teaches, how, when and for how long.
type SessionDetails struct {
	PlanID          string    `json:"plan_id"`
	OrgUnitID       string    `json:"org_unit_id"`
	Title           string    `json:"title"`
	Kind            Kind      `json:"kind"`
	Mode            Mode      `json:"mode"`
	Trainer         string    `json:"trainer"`
	StartsAt        time.Time `json:"starts_at"`
	DurationMinutes int       `json:"duration_minutes"`
}

// TrainingSession is the state of one training session. Its fields are
// all exported: a snapshot is its JSON.
type TrainingSession struct {
	ID        string          `json:"id"`
	Status    SessionStatus   `json:"status"`
	Details   SessionDetails  `json:"details"`
	Month     string          `json:"month,omitempty"`
	Attendees map[string]bool `json:"attendees,omitempty"`
	// Passed holds each evaluated attendee's outcome.
	Passed map[string]bool `json:"passed,omitempty"`
	// Certificates maps each certificate id to its holder.
	Certificates map[string]string `json:"certificates,omitempty"`
}

// Evolve returns the state after e. It never fails and never validates.
func (s TrainingSession) Evolve(e domain.Event) TrainingSession {
	switch e := e.(type) {
	case SessionScheduled:
		s.ID, s.Status, s.Details = e.SessionID, SessionStatusScheduled, e.SessionDetails
	case SessionHeld:
		s.Status, s.Month = SessionStatusHeld, e.Month
	case AttendanceRecorded:
		s.Attendees = with(s.Attendees, e.EmployeeID, true)
	case Evaluated:
		s.Passed = with(s.Passed, e.EmployeeID, e.Passed)
	case CertificateAwarded:
		s.Certificates = with(s.Certificates, e.CertificateID, e.EmployeeID)
	}
	return s
}

// with returns m with k set to v, copying m so earlier states are never
// changed under their holders.
func with[V any](m map[string]V, k string, v V) map[string]V {
	out := make(map[string]V, len(m)+1)
	for key, val := range m {
		out[key] = val
	}
	out[k] = v
	return out
}

// Schedule records a session of the department under plan, the
// department's plan approved for the session's year
// (§3.5-plan-first). It refuses a planned duration under an hour
// (§5.19), a kind or mode outside the regulation's, missing details and
// a session already scheduled (scheduling the same details again records
// nothing).
func (s TrainingSession) Schedule(sessionID string, d SessionDetails, plan TrainingPlan, year int, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("session_id", sessionID), domain.Text("plan_id", d.PlanID),
		domain.Text("org_unit_id", d.OrgUnitID), domain.Text("title", d.Title), domain.Text("trainer", d.Trainer)); err != nil {
		return nil, err
	}
	if err := d.validate(sessionID); err != nil {
		return nil, err
	}
	if s.Status != SessionStatusNone {
		if s.Details.equal(d) {
			return nil, nil
		}
		return nil, ErrAlreadyScheduled
	}
	if err := plan.Covers(d.OrgUnitID, year); err != nil {
		return nil, err
	}
	return []domain.Event{SessionScheduled{SessionID: sessionID, SessionDetails: d, ScheduledBy: by, ScheduledAt: now}}, nil
}

func (d SessionDetails) validate(sessionID string) error {
	for _, f := range [][2]string{{"session_id", sessionID}, {"plan_id", d.PlanID}, {"org_unit_id", d.OrgUnitID},
		{"title", d.Title}, {"trainer", d.Trainer}} {
		if err := required(f[0], strings.TrimSpace(f[1])); err != nil {
			return err
		}
	}
	switch {
	case !d.Kind.valid():
		return domain.InvalidField("kind", "is one of GENERAL, PROFESSIONAL, MANAGERIAL")
	case !d.Mode.valid():
		return domain.InvalidField("mode", "is one of INTERNAL, EXTERNAL, ONLINE")
	case d.StartsAt.IsZero():
		return domain.InvalidField("starts_at", "is required")
	case d.DurationMinutes < MinSessionMinutes:
		return ErrTooShort
	case d.DurationMinutes > MaxSessionMinutes:
		return domain.InvalidField("duration_minutes", "is at most a week (10080 minutes)")
	}
	return nil
}

func (d SessionDetails) equal(o SessionDetails) bool {
	return d.PlanID == o.PlanID && d.OrgUnitID == o.OrgUnitID && d.Title == o.Title && d.Kind == o.Kind &&
		d.Mode == o.Mode && d.Trainer == o.Trainer && d.StartsAt.Equal(o.StartsAt) && d.DurationMinutes == o.DurationMinutes
}
