package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// QualificationChecked is recorded when HR checks a candidate's
// qualifications before hiring (E2).
type QualificationChecked struct {
	EmployeeID    string    `json:"employee_id"`
	CandidateName string    `json:"candidate_name"`
	Passed        bool      `json:"passed"`
	Notes         string    `json:"notes,omitempty"`
	CheckedBy     string    `json:"checked_by"`
	CheckedAt     time.Time `json:"checked_at"`
}

// Hired is recorded when a candidate who passed the qualification check is
// hired; probation length comes from the regulation version in force.
// ProbationRegulationVersion keeps the JSON key "probation_policy_version":
// events already stored carry that key.
type Hired struct {
	EmployeeID                 string      `json:"employee_id"`
	Name                       string      `json:"name"`
	Role                       domain.Role `json:"role"`
	OrgUnitID                  string      `json:"org_unit_id"`
	SupervisorID               string      `json:"supervisor_id,omitempty"`
	ProbationMonths            int         `json:"probation_months"`
	ProbationRegulationVersion string      `json:"probation_policy_version"`
	HiredBy                    string      `json:"hired_by"`
	HiredAt                    time.Time   `json:"hired_at"`
}

// DocumentsFiled is recorded when the ID and diploma originals were
// verified and the copies and CV filed.
type DocumentsFiled struct {
	EmployeeID string    `json:"employee_id"`
	Documents  []string  `json:"documents"`
	VerifiedBy string    `json:"verified_by"`
	FiledAt    time.Time `json:"filed_at"`
}

// PreJobTrainingCompleted is recorded when a new hire finishes pre-job
// training, passed or not.
type PreJobTrainingCompleted struct {
	EmployeeID  string    `json:"employee_id"`
	TrainingRef string    `json:"training_ref,omitempty"`
	Passed      bool      `json:"passed"`
	RecordedBy  string    `json:"recorded_by"`
	CompletedAt time.Time `json:"completed_at"`
}

// StartedWork is recorded when a trained hire starts work; probation runs
// from here.
type StartedWork struct {
	EmployeeID      string    `json:"employee_id"`
	StartedAt       time.Time `json:"started_at"`
	ProbationEndsOn time.Time `json:"probation_ends_on"`
}

// ConfirmedRegular is recorded when the GM confirms a probationer as a
// regular employee (E3).
type ConfirmedRegular struct {
	EmployeeID  string     `json:"employee_id"`
	Assessment  Assessment `json:"assessment"`
	Early       bool       `json:"early"`
	ConfirmedBy string     `json:"confirmed_by"`
	ConfirmedAt time.Time  `json:"confirmed_at"`
}

// ProbationExtended is recorded when the GM grants leniency instead of
// failing probation (E4).
type ProbationExtended struct {
	EmployeeID      string    `json:"employee_id"`
	Reason          string    `json:"reason"`
	ProbationEndsOn time.Time `json:"probation_ends_on"`
	ExtendedBy      string    `json:"extended_by"`
	ExtendedAt      time.Time `json:"extended_at"`
}

// ProbationFailed is recorded when the GM decides a probationer failed; an
// automatic departure is initiated with it (E4).
type ProbationFailed struct {
	EmployeeID string     `json:"employee_id"`
	Assessment Assessment `json:"assessment"`
	DecidedBy  string     `json:"decided_by"`
	FailedAt   time.Time  `json:"failed_at"`
}

// BaseSalaryApproved is recorded for each of the two approvals a base
// salary needs, by the department manager and by the GM (E14).
type BaseSalaryApproved struct {
	EmployeeID   string       `json:"employee_id"`
	Amount       domain.Money `json:"amount"`
	ApproverID   string       `json:"approver_id"`
	ApproverRole domain.Role  `json:"approver_role"`
	ApprovedAt   time.Time    `json:"approved_at"`
}

// BaseSalarySet is recorded when the second approval makes a base salary
// take effect (E14).
type BaseSalarySet struct {
	EmployeeID string       `json:"employee_id"`
	Amount     domain.Money `json:"amount"`
	SetAt      time.Time    `json:"set_at"`
}

// RoleChanged is recorded when an employee is promoted, transferred or
// demoted on the basis of an appraisal or disciplinary record.
type RoleChanged struct {
	EmployeeID    string      `json:"employee_id"`
	Kind          ChangeKind  `json:"kind"`
	FromRole      domain.Role `json:"from_role"`
	ToRole        domain.Role `json:"to_role"`
	FromOrgUnitID string      `json:"from_org_unit_id"`
	ToOrgUnitID   string      `json:"to_org_unit_id"`
	SupervisorID  string      `json:"supervisor_id,omitempty"`
	Basis         RecordRef   `json:"basis"`
	ChangedAt     time.Time   `json:"changed_at"`
}

// DepartureInitiated is recorded when an employee resigns, is dismissed,
// resigns automatically, or is summarily dismissed.
type DepartureInitiated struct {
	EmployeeID  string        `json:"employee_id"`
	Type        DepartureType `json:"type"`
	Reason      string        `json:"reason"`
	Violation   Violation     `json:"violation,omitempty"`
	Basis       *RecordRef    `json:"basis,omitempty"`
	InitiatedAt time.Time     `json:"initiated_at"`
}

// FilesArchived is recorded when a leaving employee's company files and
// materials were handed back and archived (E11).
type FilesArchived struct {
	EmployeeID string    `json:"employee_id"`
	Items      []string  `json:"items"`
	ArchivedBy string    `json:"archived_by"`
	ArchivedAt time.Time `json:"archived_at"`
}

// FinalPaySettled is recorded when a leaving employee's pay and benefits
// are settled.
type FinalPaySettled struct {
	EmployeeID string       `json:"employee_id"`
	Amount     domain.Money `json:"amount"`
	SettledBy  string       `json:"settled_by"`
	SettledAt  time.Time    `json:"settled_at"`
}

// FinalPayForfeited is recorded when pay is withheld for one of the
// violations the regulation names (E9, E10).
type FinalPayForfeited struct {
	EmployeeID  string    `json:"employee_id"`
	Violation   Violation `json:"violation"`
	RuleRef     string    `json:"rule_ref"`
	DecidedBy   string    `json:"decided_by"`
	ForfeitedAt time.Time `json:"forfeited_at"`
}

// Departed is recorded when a departure completes: files archived, pay
// resolved and, in the same atomic append, the portfolio closed with no
// customer still owned (PortfolioClosed).
type Departed struct {
	EmployeeID string        `json:"employee_id"`
	Type       DepartureType `json:"type"`
	DepartedAt time.Time     `json:"departed_at"`
}

func (QualificationChecked) EventType() string    { return "employee.qualification_checked" }
func (Hired) EventType() string                   { return "employee.hired" }
func (DocumentsFiled) EventType() string          { return "employee.documents_filed" }
func (PreJobTrainingCompleted) EventType() string { return "employee.pre_job_training_completed" }
func (StartedWork) EventType() string             { return "employee.started_work" }
func (ConfirmedRegular) EventType() string        { return "employee.confirmed_regular" }
func (ProbationExtended) EventType() string       { return "employee.probation_extended" }
func (ProbationFailed) EventType() string         { return "employee.probation_failed" }
func (BaseSalaryApproved) EventType() string      { return "employee.base_salary_approved" }
func (BaseSalarySet) EventType() string           { return "employee.base_salary_set" }
func (RoleChanged) EventType() string             { return "employee.role_changed" }
func (DepartureInitiated) EventType() string      { return "employee.departure_initiated" }
func (FilesArchived) EventType() string           { return "employee.files_archived" }
func (FinalPaySettled) EventType() string         { return "employee.final_pay_settled" }
func (FinalPayForfeited) EventType() string       { return "employee.final_pay_forfeited" }
func (Departed) EventType() string                { return "employee.departed" }

// Events lists every event of the employee stream, for the codec registry,
// and those of the portfolio stream: an earlier version recorded the
// portfolio's on employee streams (see ownership.go).
func Events() []domain.Event {
	return append([]domain.Event{
		QualificationChecked{}, Hired{}, DocumentsFiled{}, PreJobTrainingCompleted{},
		StartedWork{}, ConfirmedRegular{}, ProbationExtended{}, ProbationFailed{},
		BaseSalaryApproved{}, BaseSalarySet{}, RoleChanged{}, DepartureInitiated{},
		FilesArchived{}, FinalPaySettled{}, FinalPayForfeited{}, Departed{},
	}, append(conductEvents(), PortfolioEvents()...)...)
}
