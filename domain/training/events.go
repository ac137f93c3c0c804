package training

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// PlanDrafted is recorded when a department drafts (or reworks) its
// annual training plan.
type PlanDrafted struct {
	PlanID string `json:"plan_id"`
	PlanDetails
	DraftedBy string    `json:"drafted_by"`
	DraftedAt time.Time `json:"drafted_at"`
}

// PlanReviewed is recorded when the department manager reviews a draft;
// one that did not pass goes back to drafting.
type PlanReviewed struct {
	PlanID       string      `json:"plan_id"`
	ReviewerID   string      `json:"reviewer_id"`
	ReviewerRole domain.Role `json:"reviewer_role"`
	Passed       bool        `json:"passed"`
	Comment      string      `json:"comment"`
	ReviewedAt   time.Time   `json:"reviewed_at"`
}

// PlanApproved is recorded when company leadership approves a reviewed
// plan.
type PlanApproved struct {
	PlanID       string      `json:"plan_id"`
	ApproverID   string      `json:"approver_id"`
	ApproverRole domain.Role `json:"approver_role"`
	Comment      string      `json:"comment"`
	ApprovedAt   time.Time   `json:"approved_at"`
}

// SessionScheduled is recorded when a session is scheduled under its
// department's approved plan.
type SessionScheduled struct {
	SessionID string `json:"session_id"`
	SessionDetails
	ScheduledBy string    `json:"scheduled_by"`
	ScheduledAt time.Time `json:"scheduled_at"`
}

// SessionHeld is recorded when a session took place: when, how long it
// actually lasted and the company-calendar month it falls in. Counts
// tells whether it meets the monthly requirement (at least an hour,
// §5.19); a shorter session is recorded, as it happened, but not
// counted.
type SessionHeld struct {
	SessionID       string    `json:"session_id"`
	OrgUnitID       string    `json:"org_unit_id"`
	HeldAt          time.Time `json:"held_at"`
	Month           string    `json:"month"`
	DurationMinutes int       `json:"duration_minutes"`
	Counts          bool      `json:"counts"`
	Attendees       int       `json:"attendees"`
	RecordedBy      string    `json:"recorded_by"`
	RecordedAt      time.Time `json:"recorded_at"`
}

// AttendanceRecorded is recorded for each attendee of a held session.
type AttendanceRecorded struct {
	SessionID       string    `json:"session_id"`
	EmployeeID      string    `json:"employee_id"`
	Month           string    `json:"month"`
	DurationMinutes int       `json:"duration_minutes"`
	RecordedAt      time.Time `json:"recorded_at"`
}

// Evaluated is recorded when an attendee's training is evaluated: by
// exam with its score, by written reflection or on-the-job application
// with its text, and whether it passed.
type Evaluated struct {
	SessionID   string    `json:"session_id"`
	EmployeeID  string    `json:"employee_id"`
	Method      Method    `json:"method"`
	Score       *int      `json:"score,omitempty"`
	Reflection  string    `json:"reflection,omitempty"`
	Passed      bool      `json:"passed"`
	EvaluatedBy string    `json:"evaluated_by"`
	EvaluatedAt time.Time `json:"evaluated_at"`
}

// CertificateAwarded is recorded when an attendee who passed earns a
// certificate, with the reward granted for it (nil: none).
type CertificateAwarded struct {
	SessionID     string        `json:"session_id"`
	EmployeeID    string        `json:"employee_id"`
	CertificateID string        `json:"certificate_id"`
	Name          string        `json:"name"`
	Reward        *domain.Money `json:"reward,omitempty"`
	AwardedBy     string        `json:"awarded_by"`
	AwardedAt     time.Time     `json:"awarded_at"`
}

// Events lists every training event, for the codec.
func Events() []domain.Event {
	return []domain.Event{PlanDrafted{}, PlanReviewed{}, PlanApproved{}, SessionScheduled{}, SessionHeld{},
		AttendanceRecorded{}, Evaluated{}, CertificateAwarded{}}
}

func (PlanDrafted) EventType() string        { return "training.plan_drafted" }
func (PlanReviewed) EventType() string       { return "training.plan_reviewed" }
func (PlanApproved) EventType() string       { return "training.plan_approved" }
func (SessionScheduled) EventType() string   { return "training.session_scheduled" }
func (SessionHeld) EventType() string        { return "training.session_held" }
func (AttendanceRecorded) EventType() string { return "training.attendance_recorded" }
func (Evaluated) EventType() string          { return "training.evaluated" }
func (CertificateAwarded) EventType() string { return "training.certificate_awarded" }
