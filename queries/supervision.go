package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ErrNoticeNotFound is returned for a rectification notice the read model
// does not know.
var ErrNoticeNotFound = domain.NotFound("rectification notice not found")

// ErrSpotCheckNotFound, ErrEvaluationNotFound and ErrReportNotFound are
// returned for a spot check, process evaluation or quarter's analysis
// report the read model does not know.
var (
	ErrSpotCheckNotFound  = domain.NotFound("spot check not found")
	ErrEvaluationNotFound = domain.NotFound("process evaluation not found")
	ErrReportNotFound     = domain.NotFound("analysis report not found")
)

// NoticeStatuses are the stored states of a rectification notice.
var NoticeStatuses = []string{"ISSUED", "ACKNOWLEDGED", "RECTIFIED", "VERIFIED"}

// ReportStatuses are the states of a quarterly analysis report.
var ReportStatuses = []string{"DRAFTED", "SUBMITTED", "ACCEPTED", "RETURNED"}

// RectificationNoticeView is one rectification notice. Overdue and
// DaysOverdue are computed against the day the query names (§5.26-overdue):
// past the deadline day and not verified; on the deadline day itself a
// notice is not overdue yet.
type RectificationNoticeView struct {
	NoticeID            string     `db:"notice_id" json:"notice_id"`
	SpotCheckID         string     `db:"spot_check_id" json:"spot_check_id,omitempty"`
	DepartmentID        string     `db:"department_id" json:"department_id"`
	AssigneeID          string     `db:"assignee_id" json:"assignee_id"`
	Requirement         string     `db:"requirement" json:"requirement"`
	Deadline            Day        `db:"deadline" json:"deadline"`
	Status              string     `db:"status" json:"status"`
	IssuedBy            string     `db:"issued_by" json:"issued_by"`
	IssuedAt            time.Time  `db:"issued_at" json:"issued_at"`
	AcknowledgedAt      *time.Time `db:"acknowledged_at" json:"acknowledged_at,omitempty"`
	RectifiedAt         *time.Time `db:"rectified_at" json:"rectified_at,omitempty"`
	RectifiedLate       bool       `db:"rectified_late" json:"rectified_late"`
	VerifiedAt          *time.Time `db:"verified_at" json:"verified_at,omitempty"`
	FailedVerifications int        `db:"failed_verifications" json:"failed_verifications"`
	DeadlineExtensions  int        `db:"deadline_extensions" json:"deadline_extensions"`
	Version             int64      `db:"version" json:"version"`
	UpdatedAt           time.Time  `db:"updated_at" json:"updated_at"`
	AsOfDay             Day        `db:"-" json:"as_of_day"`
	Overdue             bool       `db:"-" json:"overdue"`
	DaysOverdue         int        `db:"-" json:"days_overdue"`
}

// DeriveOverdue fills the overdue state as of day.
func (v *RectificationNoticeView) DeriveOverdue(day time.Time) {
	day = dayOf(day)
	v.AsOfDay = Day{day}
	deadline := dayOf(v.Deadline.Time)
	v.Overdue = v.Status != "VERIFIED" && day.After(deadline)
	v.DaysOverdue = 0
	if v.Overdue {
		v.DaysOverdue = int(day.Sub(deadline).Hours() / 24)
	}
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// NoticeFilter selects rectification notices: open ones (not verified)
// unless IncludeClosed, of one department when DepartmentID is set, only
// the overdue ones when OverdueOnly. Day is the day overdue is computed
// against.
type NoticeFilter struct {
	Day           time.Time
	DepartmentID  string
	OverdueOnly   bool
	IncludeClosed bool
}

// ProcessEvaluationView is one full process evaluation.
type ProcessEvaluationView struct {
	EvaluationID string    `db:"evaluation_id" json:"evaluation_id"`
	Year         int       `db:"year" json:"year"`
	HeldOn       Day       `db:"held_on" json:"held_on"`
	Scope        string    `db:"scope" json:"scope"`
	RecordedBy   string    `db:"recorded_by" json:"recorded_by"`
	Version      int64     `db:"version" json:"version"`
	UpdatedAt    time.Time `db:"updated_at" json:"updated_at"`
}

// EvaluationYear is one calendar year's process evaluations; Missing is
// set for a year without any (§5.26-evaluation: at least one a year).
type EvaluationYear struct {
	Year        int                     `json:"year"`
	Evaluations []ProcessEvaluationView `json:"evaluations"`
	Missing     bool                    `json:"missing"`
}

// AnalysisReportView is one quarter's analysis report.
type AnalysisReportView struct {
	Quarter     string     `db:"quarter" json:"quarter"`
	Status      string     `db:"status" json:"status"`
	DraftedBy   string     `db:"drafted_by" json:"drafted_by"`
	DraftedAt   time.Time  `db:"drafted_at" json:"drafted_at"`
	SubmittedAt *time.Time `db:"submitted_at" json:"submitted_at,omitempty"`
	ReviewedBy  string     `db:"reviewed_by" json:"reviewed_by,omitempty"`
	AcceptedAt  *time.Time `db:"accepted_at" json:"accepted_at,omitempty"`
	Returns     int        `db:"returns" json:"returns"`
	Version     int64      `db:"version" json:"version"`
	UpdatedAt   time.Time  `db:"updated_at" json:"updated_at"`
}

// QuarterReport is one quarter with its analysis report, if any; Missing
// is set for a quarter without one (§5.27-quarterly: one per quarter).
type QuarterReport struct {
	Quarter string              `json:"quarter"`
	Report  *AnalysisReportView `json:"report,omitempty"`
	Missing bool                `json:"missing"`
}

// SupervisionReaders may read process supervision (notices, evaluations,
// quarterly reports): the supervision team and the operations analysts,
// the department managers notices go to and reports are sent to, the
// sales assistant who writes the reports, management, and the oversight
// bodies (§1.2: audit department, supervisory board). A (D) decision: the
// regulations name who supervises, not who reads.
var SupervisionReaders = []domain.Role{
	domain.RoleProcessSupervisor, domain.RoleOpsAnalyst, domain.RoleDeptHead, domain.RoleDeputyHead,
	domain.RoleTeamSupervisor, domain.RoleBranchManager, domain.RoleSalesAssistant,
	domain.RoleGM, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleLeadership, domain.RoleBoard,
	domain.RoleAuditor, domain.RoleSupervisorBoard,
}

// SpotCheckView is one spot check with its findings; Nonconforming
// counts the findings where the execution did not conform.
type SpotCheckView struct {
	SpotCheckID   string             `db:"spot_check_id" json:"spot_check_id"`
	DepartmentID  string             `db:"department_id" json:"department_id"`
	Process       string             `db:"process" json:"process"`
	CheckedOn     Day                `db:"checked_on" json:"checked_on"`
	Findings      []SpotCheckFinding `db:"findings" json:"findings"`
	Nonconforming int                `db:"nonconforming" json:"nonconforming"`
	RecordedBy    string             `db:"recorded_by" json:"recorded_by"`
	Version       int64              `db:"version" json:"version"`
	UpdatedAt     time.Time          `db:"updated_at" json:"updated_at"`
}

// SpotCheckFinding is one finding of a spot check.
type SpotCheckFinding struct {
	Aspect      string `json:"aspect"`
	Description string `json:"description"`
	Conforming  bool   `json:"conforming"`
}

// SpotCheckFilter selects the spot checks of a department (all when
// empty) checked from From up to To, both days included.
type SpotCheckFilter struct {
	DepartmentID string
	From, To     time.Time
}
