package training

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Held is what took place: when (its company-calendar month), for how
// long and who attended.
type Held struct {
	HeldAt          time.Time
	Month           string
	DurationMinutes int
	Attendees       []string
}

// RecordHeld records that the session took place, and one attendance per
// attendee. A session shorter than an hour is recorded as it happened
// but does not count for the month (§5.19). It refuses a session not
// scheduled or already held, a time in the future, no attendees (a
// session nobody attended was not held, D), a duration that is not
// positive, and more attendees than MaxAttendees.
func (s TrainingSession) RecordHeld(h Held, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Texts("attendees", h.Attendees)...); err != nil {
		return nil, err
	}
	switch {
	case s.Status == SessionStatusNone:
		return nil, ErrSessionNotFound
	case s.Status == SessionStatusHeld:
		return nil, ErrAlreadyHeld
	case h.HeldAt.IsZero():
		return nil, domain.InvalidField("held_at", "is required")
	case h.HeldAt.After(now):
		return nil, ErrHeldInFuture
	case h.DurationMinutes <= 0 || h.DurationMinutes > MaxSessionMinutes:
		return nil, domain.InvalidField("duration_minutes", "is from 1 minute to a week (10080 minutes)")
	case len(h.Attendees) == 0:
		return nil, domain.InvalidField("attendees", "names at least one attendee")
	case len(h.Attendees) > MaxAttendees:
		return nil, domain.InvalidField("attendees", "names at most 500 attendees")
	}
	attendees := slices.Clone(h.Attendees)
	slices.Sort(attendees)
	attendees = slices.Compact(attendees)
	if slices.ContainsFunc(attendees, func(a string) bool { return strings.TrimSpace(a) == "" }) {
		return nil, domain.InvalidField("attendees", "must not hold an empty id")
	}
	events := []domain.Event{SessionHeld{SessionID: s.ID, OrgUnitID: s.Details.OrgUnitID, HeldAt: h.HeldAt, Month: h.Month,
		DurationMinutes: h.DurationMinutes, Counts: h.DurationMinutes >= MinSessionMinutes, Attendees: len(attendees),
		RecordedBy: by, RecordedAt: now}}
	for _, a := range attendees {
		events = append(events, AttendanceRecorded{SessionID: s.ID, EmployeeID: a, Month: h.Month,
			DurationMinutes: h.DurationMinutes, RecordedAt: now})
	}
	return events, nil
}

// Evaluation is the evaluation of one attendee's training.
type Evaluation struct {
	EmployeeID string
	Method     Method
	Score      *int   // the exam's score out of 100
	Reflection string // the written reflection, or how the training was applied at work
	Passed     bool   // the evaluator's verdict on a reflection or application
}

// Evaluate records the evaluation of an attendee of a held session
// (§3.5-evaluation). An exam needs a score from 0 to 100 and passes at
// ExamPassMark (the verdict given is ignored); a reflection or an
// application needs its text and the evaluator's verdict. It refuses a
// session not held, someone who did not attend and a second evaluation.
func (s TrainingSession) Evaluate(ev Evaluation, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("employee_id", ev.EmployeeID), domain.Text("reflection", ev.Reflection)); err != nil {
		return nil, err
	}
	if err := ev.validate(); err != nil {
		return nil, err
	}
	switch {
	case s.Status == SessionStatusNone:
		return nil, ErrSessionNotFound
	case s.Status != SessionStatusHeld:
		return nil, ErrNotHeld
	case !s.Attendees[ev.EmployeeID]:
		return nil, ErrNotAttendee
	}
	if _, done := s.Passed[ev.EmployeeID]; done {
		return nil, ErrAlreadyEvaluated
	}
	passed := ev.Passed
	if ev.Method == MethodExam {
		passed = *ev.Score >= ExamPassMark
	}
	return []domain.Event{Evaluated{SessionID: s.ID, EmployeeID: ev.EmployeeID, Method: ev.Method, Score: ev.Score,
		Reflection: ev.Reflection, Passed: passed, EvaluatedBy: by, EvaluatedAt: now}}, nil
}

func (ev Evaluation) validate() error {
	switch {
	case strings.TrimSpace(ev.EmployeeID) == "":
		return domain.InvalidField("employee_id", "is required")
	case !ev.Method.valid():
		return domain.InvalidField("method", "is one of EXAM, REFLECTION, APPLICATION")
	case ev.Method == MethodExam && ev.Score == nil:
		return domain.InvalidField("score", "an exam is evaluated by its score")
	case ev.Method == MethodExam && (*ev.Score < 0 || *ev.Score > 100):
		return domain.InvalidField("score", "is from 0 to 100")
	case ev.Method != MethodExam && ev.Score != nil:
		return domain.InvalidField("score", "only an exam has a score")
	case ev.Method != MethodExam && strings.TrimSpace(ev.Reflection) == "":
		return domain.InvalidField("reflection", "a reflection or an application is evaluated on its text")
	}
	return nil
}

// Certificate is a certificate an attendee earned, and the reward
// granted for it (nil: none).
type Certificate struct {
	EmployeeID    string
	CertificateID string
	Name          string
	Reward        *domain.Money
}

// AwardCertificate records a certificate for an attendee whose evaluation
// passed (§3.5-certificate); awarding the same certificate to the same
// attendee again records nothing. It refuses anyone else, a certificate
// id another attendee holds, a missing name and a reward that is not
// positive.
func (s TrainingSession) AwardCertificate(c Certificate, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("employee_id", c.EmployeeID), domain.Text("certificate_id", c.CertificateID),
		domain.Text("name", c.Name)); err != nil {
		return nil, err
	}
	for _, f := range [][2]string{{"employee_id", c.EmployeeID}, {"certificate_id", c.CertificateID}, {"name", c.Name}} {
		if err := required(f[0], strings.TrimSpace(f[1])); err != nil {
			return nil, err
		}
	}
	if c.Reward != nil && !c.Reward.IsPositive() {
		return nil, domain.InvalidField("reward", "must be positive")
	}
	if s.Status == SessionStatusNone {
		return nil, ErrSessionNotFound
	}
	if holder, ok := s.Certificates[c.CertificateID]; ok {
		if holder == c.EmployeeID {
			return nil, nil
		}
		return nil, ErrCertificateTaken
	}
	if !s.Passed[c.EmployeeID] {
		return nil, ErrNotPassed
	}
	return []domain.Event{CertificateAwarded{SessionID: s.ID, EmployeeID: c.EmployeeID, CertificateID: c.CertificateID,
		Name: c.Name, Reward: c.Reward, AwardedBy: by, AwardedAt: now}}, nil
}
