package supervision

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// SpotCheckRecorded is recorded when the process-supervision team has
// spot-checked how a department runs a process.
type SpotCheckRecorded struct {
	SpotCheckID  string    `json:"spot_check_id"`
	DepartmentID string    `json:"department_id"`
	Process      string    `json:"process"`
	CheckedOn    time.Time `json:"checked_on"`
	Findings     []Finding `json:"findings"`
	RecordedBy   string    `json:"recorded_by"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// NoticeIssued is recorded when a rectification notice is issued to a
// department, naming the person responsible and the deadline.
type NoticeIssued struct {
	NoticeID     string    `json:"notice_id"`
	SpotCheckID  string    `json:"spot_check_id,omitempty"`
	DepartmentID string    `json:"department_id"`
	AssigneeID   string    `json:"assignee_id"`
	Requirement  string    `json:"requirement"`
	Deadline     time.Time `json:"deadline"`
	IssuedBy     string    `json:"issued_by"`
	IssuedAt     time.Time `json:"issued_at"`
}

// NoticeAcknowledged is recorded when the department takes the notice up.
type NoticeAcknowledged struct {
	NoticeID       string    `json:"notice_id"`
	AcknowledgedBy string    `json:"acknowledged_by"`
	AcknowledgedAt time.Time `json:"acknowledged_at"`
}

// RectificationReported is the department's response: what it rectified.
// Late is set when it came after the deadline day.
type RectificationReported struct {
	NoticeID   string    `json:"notice_id"`
	Note       string    `json:"note"`
	ReportedBy string    `json:"reported_by"`
	ReportedAt time.Time `json:"reported_at"`
	Late       bool      `json:"late"`
}

// RectificationVerified is recorded when the supervision team checked the
// rectification. Passed closes the notice; otherwise the department
// rectifies again under the same deadline. Late is set when the notice was
// closed after its deadline day.
type RectificationVerified struct {
	NoticeID   string    `json:"notice_id"`
	Passed     bool      `json:"passed"`
	Comment    string    `json:"comment"`
	VerifiedBy string    `json:"verified_by"`
	VerifiedAt time.Time `json:"verified_at"`
	Late       bool      `json:"late"`
}

// DeadlineExtended is recorded when the supervision team moves a notice's
// deadline later, before it passed.
type DeadlineExtended struct {
	NoticeID         string    `json:"notice_id"`
	Deadline         time.Time `json:"deadline"`
	PreviousDeadline time.Time `json:"previous_deadline"`
	ExtendedBy       string    `json:"extended_by"`
	ExtendedAt       time.Time `json:"extended_at"`
}

// EvaluationRecorded is recorded when a full process evaluation was held.
type EvaluationRecorded struct {
	EvaluationID    string    `json:"evaluation_id"`
	Year            int       `json:"year"`
	HeldOn          time.Time `json:"held_on"`
	Scope           string    `json:"scope"`
	Findings        string    `json:"findings"`
	Recommendations string    `json:"recommendations"`
	RecordedBy      string    `json:"recorded_by"`
	RecordedAt      time.Time `json:"recorded_at"`
}

// ReportDrafted is recorded when the sales assistant drafts the quarter's
// statistical comparison and analysis report.
type ReportDrafted struct {
	Quarter   string    `json:"quarter"`
	Content   string    `json:"content"`
	DraftedBy string    `json:"drafted_by"`
	DraftedAt time.Time `json:"drafted_at"`
}

// ReportRevised is recorded when the drafter rewrites a draft or a
// returned report.
type ReportRevised struct {
	Quarter   string    `json:"quarter"`
	Content   string    `json:"content"`
	RevisedBy string    `json:"revised_by"`
	RevisedAt time.Time `json:"revised_at"`
}

// ReportSubmitted is recorded when the report is sent to the supervisor.
type ReportSubmitted struct {
	Quarter     string    `json:"quarter"`
	SubmittedBy string    `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// ReportReviewed is the supervisor's answer: accepted, or returned for
// revision with a comment.
type ReportReviewed struct {
	Quarter    string    `json:"quarter"`
	Accepted   bool      `json:"accepted"`
	Comment    string    `json:"comment"`
	ReviewedBy string    `json:"reviewed_by"`
	ReviewedAt time.Time `json:"reviewed_at"`
}

func (SpotCheckRecorded) EventType() string     { return "supervision.spot_check_recorded" }
func (NoticeIssued) EventType() string          { return "supervision.notice_issued" }
func (NoticeAcknowledged) EventType() string    { return "supervision.notice_acknowledged" }
func (RectificationReported) EventType() string { return "supervision.rectification_reported" }
func (RectificationVerified) EventType() string { return "supervision.rectification_verified" }
func (DeadlineExtended) EventType() string      { return "supervision.deadline_extended" }
func (EvaluationRecorded) EventType() string    { return "supervision.evaluation_recorded" }
func (ReportDrafted) EventType() string         { return "supervision.report_drafted" }
func (ReportRevised) EventType() string         { return "supervision.report_revised" }
func (ReportSubmitted) EventType() string       { return "supervision.report_submitted" }
func (ReportReviewed) EventType() string        { return "supervision.report_reviewed" }

// Events lists every supervision event, for the codec registry.
func Events() []domain.Event {
	return []domain.Event{
		SpotCheckRecorded{}, NoticeIssued{}, NoticeAcknowledged{}, RectificationReported{},
		RectificationVerified{}, DeadlineExtended{}, EvaluationRecorded{}, ReportDrafted{},
		ReportRevised{}, ReportSubmitted{}, ReportReviewed{},
	}
}
