package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// CheckedIn is recorded when an employee checks in for one of the
// configured daily slots.
type CheckedIn struct {
	EmployeeID  string    `json:"employee_id"`
	Slot        string    `json:"slot"`
	Day         string    `json:"day"` // company calendar day, YYYY-MM-DD
	CheckedInAt time.Time `json:"checked_in_at"`
}

// LeaveRequested is recorded when an employee asks in writing for leave in
// advance. It is not effective until the department manager signs (E7).
type LeaveRequested struct {
	EmployeeID  string    `json:"employee_id"`
	LeaveID     string    `json:"leave_id"`
	From        time.Time `json:"from"`
	To          time.Time `json:"to"`
	Reason      string    `json:"reason"`
	RequestedAt time.Time `json:"requested_at"`
}

// LeaveRetroactivelyFiled is recorded when leave already taken in an
// emergency is filed afterwards. It is flagged and still needs the
// department manager's signature.
type LeaveRetroactivelyFiled struct {
	EmployeeID string    `json:"employee_id"`
	LeaveID    string    `json:"leave_id"`
	From       time.Time `json:"from"`
	To         time.Time `json:"to"`
	Reason     string    `json:"reason"`
	FiledAt    time.Time `json:"filed_at"`
}

// LeaveApproved is recorded when the department manager signs a leave
// request, which makes it effective (E7).
type LeaveApproved struct {
	EmployeeID  string    `json:"employee_id"`
	LeaveID     string    `json:"leave_id"`
	Retroactive bool      `json:"retroactive"`
	SignedBy    string    `json:"signed_by"`
	SignedAt    time.Time `json:"signed_at"`
}

// OutingRegistered is recorded when a rep registers an outing before
// leaving for customer visits.
type OutingRegistered struct {
	EmployeeID     string    `json:"employee_id"`
	OutingID       string    `json:"outing_id"`
	Destination    string    `json:"destination"`
	Purpose        string    `json:"purpose"`
	CustomerIDs    []string  `json:"customer_ids,omitempty"`
	LeavesAt       time.Time `json:"leaves_at"`
	ExpectedBackAt time.Time `json:"expected_back_at"`
	RegisteredAt   time.Time `json:"registered_at"`
}

// BusinessTripRequested is recorded when a rep asks the department manager
// for a business trip.
type BusinessTripRequested struct {
	EmployeeID  string    `json:"employee_id"`
	TripID      string    `json:"trip_id"`
	Destination string    `json:"destination"`
	Purpose     string    `json:"purpose"`
	StartsAt    time.Time `json:"starts_at"`
	EndsAt      time.Time `json:"ends_at"`
	RequestedAt time.Time `json:"requested_at"`
}

// BusinessTripApproved is recorded when the department manager approves a
// trip before it starts (E8).
type BusinessTripApproved struct {
	EmployeeID string    `json:"employee_id"`
	TripID     string    `json:"trip_id"`
	ApprovedBy string    `json:"approved_by"`
	ApprovedAt time.Time `json:"approved_at"`
}

// WorkReportSubmitted is recorded when a daily, weekly or monthly report is
// submitted.
type WorkReportSubmitted struct {
	EmployeeID  string        `json:"employee_id"`
	ReportID    string        `json:"report_id"`
	Period      ReportPeriod  `json:"period"`
	PeriodStart time.Time     `json:"period_start"`
	Content     string        `json:"content"`
	NextPlan    string        `json:"next_plan,omitempty"`
	Visits      []ReportVisit `json:"visits,omitempty"`
	// DueAt is when the report was due (E12-due), and Late whether it
	// came after; both are empty on reports recorded before they were
	// kept.
	DueAt       time.Time `json:"due_at,omitzero"`
	Late        bool      `json:"late,omitempty"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// WorkReportRejected is recorded when the department manager rejects a
// sloppy report; it counts as not submitted (E12).
type WorkReportRejected struct {
	EmployeeID      string    `json:"employee_id"`
	ReportID        string    `json:"report_id"`
	Reason          string    `json:"reason"`
	CountsAsMissing bool      `json:"counts_as_missing"`
	RejectedBy      string    `json:"rejected_by"`
	RejectedAt      time.Time `json:"rejected_at"`
}

// Fined is recorded when an employee is fined an amount from the fine
// schedule.
type Fined struct {
	EmployeeID string       `json:"employee_id"`
	FineID     string       `json:"fine_id"`
	Item       string       `json:"item"`
	Amount     domain.Money `json:"amount"`
	RuleRef    string       `json:"rule_ref"`
	Reason     string       `json:"reason"`
	FinedBy    string       `json:"fined_by"`
	FinedAt    time.Time    `json:"fined_at"`
}

// Rewarded is recorded when an employee receives a reward from the
// catalogue.
type Rewarded struct {
	EmployeeID string        `json:"employee_id"`
	RewardID   string        `json:"reward_id"`
	Type       string        `json:"type"`
	Amount     *domain.Money `json:"amount,omitempty"`
	Reason     string        `json:"reason"`
	Basis      *RecordRef    `json:"basis,omitempty"`
	GrantedBy  string        `json:"granted_by"`
	GrantedAt  time.Time     `json:"granted_at"`
}

// Penalized is recorded when a penalty from the ladder is decided, with
// the rule it applies.
type Penalized struct {
	EmployeeID  string      `json:"employee_id"`
	PenaltyID   string      `json:"penalty_id"`
	Type        string      `json:"type"`
	Reason      string      `json:"reason"`
	RuleRef     string      `json:"rule_ref"`
	DecidedBy   string      `json:"decided_by"`
	DeciderRole domain.Role `json:"decider_role"`
	DecidedAt   time.Time   `json:"decided_at"`
}

// AppraisalRecorded is recorded when the appraisal committee rates an
// employee for one cycle from the 360° scores.
type AppraisalRecorded struct {
	EmployeeID  string    `json:"employee_id"`
	AppraisalID string    `json:"appraisal_id"`
	Cycle       Cycle     `json:"cycle"`
	PeriodStart time.Time `json:"period_start"`
	Scores      Scores    `json:"scores"`
	Grade       Grade     `json:"grade"`
	RatedBy     string    `json:"rated_by"`
	RatedAt     time.Time `json:"rated_at"`
}

// ImprovementPlanStarted is recorded when, after a failed appraisal, the
// performance interview was held and an improvement plan set.
type ImprovementPlanStarted struct {
	EmployeeID  string    `json:"employee_id"`
	AppraisalID string    `json:"appraisal_id"`
	Goals       string    `json:"goals"`
	Deadline    time.Time `json:"deadline"`
	StartedBy   string    `json:"started_by"`
	StartedAt   time.Time `json:"started_at"`
}

// DismissalDue is recorded when two consecutive cycles of one type were
// failed (E5). It opens a case for HR and the GM; it dismisses no one.
type DismissalDue struct {
	EmployeeID   string    `json:"employee_id"`
	Cycle        Cycle     `json:"cycle"`
	AppraisalIDs []string  `json:"appraisal_ids"`
	RuleRef      string    `json:"rule_ref"`
	RaisedAt     time.Time `json:"raised_at"`
}

// MonthlyResultsRecorded is recorded when an employee's business results
// for a calendar month are known.
type MonthlyResultsRecorded struct {
	EmployeeID string       `json:"employee_id"`
	Month      time.Time    `json:"month"`
	Amount     domain.Money `json:"amount"`
	RecordedAt time.Time    `json:"recorded_at"`
}

// AutoResignationDue is recorded when a sales employee had no results for
// the configured number of consecutive months and the E6 switch is on. It
// opens a case; the departure itself is initiated separately.
type AutoResignationDue struct {
	EmployeeID string      `json:"employee_id"`
	Months     []time.Time `json:"months"`
	RuleRef    string      `json:"rule_ref"`
	RaisedAt   time.Time   `json:"raised_at"`
}

func (CheckedIn) EventType() string               { return "employee.checked_in" }
func (LeaveRequested) EventType() string          { return "employee.leave_requested" }
func (LeaveRetroactivelyFiled) EventType() string { return "employee.leave_retroactively_filed" }
func (LeaveApproved) EventType() string           { return "employee.leave_approved" }
func (OutingRegistered) EventType() string        { return "employee.outing_registered" }
func (BusinessTripRequested) EventType() string   { return "employee.business_trip_requested" }
func (BusinessTripApproved) EventType() string    { return "employee.business_trip_approved" }
func (WorkReportSubmitted) EventType() string     { return "employee.work_report_submitted" }
func (WorkReportRejected) EventType() string      { return "employee.work_report_rejected" }
func (Fined) EventType() string                   { return "employee.fined" }
func (Rewarded) EventType() string                { return "employee.rewarded" }
func (Penalized) EventType() string               { return "employee.penalized" }
func (AppraisalRecorded) EventType() string       { return "employee.appraisal_recorded" }
func (ImprovementPlanStarted) EventType() string  { return "employee.improvement_plan_started" }
func (DismissalDue) EventType() string            { return "employee.dismissal_due" }
func (MonthlyResultsRecorded) EventType() string  { return "employee.monthly_results_recorded" }
func (AutoResignationDue) EventType() string      { return "employee.auto_resignation_due" }

func conductEvents() []domain.Event {
	return []domain.Event{
		CheckedIn{}, LeaveRequested{}, LeaveRetroactivelyFiled{}, LeaveApproved{},
		OutingRegistered{}, BusinessTripRequested{}, BusinessTripApproved{},
		WorkReportSubmitted{}, WorkReportRejected{}, Fined{}, Rewarded{}, Penalized{},
		AppraisalRecorded{}, ImprovementPlanStarted{}, DismissalDue{},
		MonthlyResultsRecorded{}, AutoResignationDue{}, DailyReportMissed{}, WorkReportMissed{}, ProbationEnded{},
	}
}
