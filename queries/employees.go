package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// AppraisalView is one appraisal of an employee. OrgUnitID is the
// employee's org unit when the appraisal was recorded.
type AppraisalView struct {
	EmployeeID     string          `db:"employee_id" json:"employee_id"`
	AppraisalID    string          `db:"appraisal_id" json:"appraisal_id"`
	OrgUnitID      string          `db:"org_unit_id" json:"org_unit_id"`
	Cycle          string          `db:"cycle" json:"cycle"`
	PeriodStart    Day             `db:"period_start" json:"period_start"`
	Grade          string          `db:"grade" json:"grade"`
	ScoreSelf      int             `db:"score_self" json:"-"`
	ScoreSuperior  int             `db:"score_superior" json:"-"`
	ScorePeers     int             `db:"score_peers" json:"-"`
	ScoreCustomers int             `db:"score_customers" json:"-"`
	Scores         AppraisalScores `db:"-" json:"scores"`
	RatedBy        string          `db:"rated_by" json:"rated_by"`
	RatedAt        time.Time       `db:"rated_at" json:"rated_at"`
	Version        int64           `db:"version" json:"version"`
	UpdatedAt      time.Time       `db:"updated_at" json:"updated_at"`
}

// AppraisalScores are the 360° scores (0–100).
type AppraisalScores struct {
	Self      int `json:"self"`
	Superior  int `json:"superior"`
	Peers     int `json:"peers"`
	Customers int `json:"customers"`
}

// AppraisalFilter selects appraisals. Empty fields select everything;
// RatedFrom/RatedTo bound the rating time (inclusive, exclusive).
type AppraisalFilter struct {
	EmployeeID string
	OrgUnitID  string
	Cycle      string
	Grade      string
	RatedFrom  time.Time
	RatedTo    time.Time
}

// Kinds of conduct records.
const (
	ConductReward  = "REWARD"
	ConductPenalty = "PENALTY"
	ConductFine    = "FINE"
)

// ConductView is one reward, penalty or fine. Amount is a decimal string,
// absent for penalties and rewards without money.
type ConductView struct {
	EmployeeID  string    `db:"employee_id" json:"employee_id"`
	Kind        string    `db:"kind" json:"kind"`
	RecordID    string    `db:"record_id" json:"record_id"`
	OrgUnitID   string    `db:"org_unit_id" json:"org_unit_id"`
	Type        string    `db:"type" json:"type"`
	AmountMinor *int64    `db:"amount_minor" json:"-"`
	Amount      string    `db:"-" json:"amount,omitempty"`
	Currency    string    `db:"currency" json:"currency,omitempty"`
	Reason      string    `db:"reason" json:"reason"`
	RuleRef     string    `db:"rule_ref" json:"rule_ref,omitempty"`
	DecidedBy   string    `db:"decided_by" json:"decided_by"`
	DecidedAt   time.Time `db:"decided_at" json:"decided_at"`
	Version     int64     `db:"version" json:"version"`
	UpdatedAt   time.Time `db:"updated_at" json:"updated_at"`
}

// ConductFilter selects conduct records. Empty fields select everything;
// Kind is REWARD, PENALTY or FINE.
type ConductFilter struct {
	EmployeeID string
	OrgUnitID  string
	Kind       string
	From, To   time.Time
}

// ErrEmployeeNotFound is returned for an employee the read model does not
// know.
var ErrEmployeeNotFound = domain.NotFound("employee not found")

// EmployeeView is one employee's summary. Amount totals are decimal
// strings in Currency; the minor-unit columns stay out of JSON.
type EmployeeView struct {
	EmployeeID       string     `db:"employee_id" json:"employee_id"`
	Name             string     `db:"name" json:"name"`
	Status           string     `db:"status" json:"status"`
	Role             string     `db:"role" json:"role,omitempty"`
	OrgUnitID        string     `db:"org_unit_id" json:"org_unit_id,omitempty"`
	SupervisorID     string     `db:"supervisor_id" json:"supervisor_id,omitempty"`
	HiredAt          *time.Time `db:"hired_at" json:"hired_at,omitempty"`
	StartedAt        *time.Time `db:"started_at" json:"started_at,omitempty"`
	ProbationEndsOn  *time.Time `db:"probation_ends_on" json:"probation_ends_on,omitempty"`
	RegularAt        *time.Time `db:"regular_at" json:"regular_at,omitempty"`
	DepartureType    string     `db:"departure_type" json:"departure_type,omitempty"`
	DepartedAt       *time.Time `db:"departed_at" json:"departed_at,omitempty"`
	Appraisals       int        `db:"appraisals" json:"appraisals"`
	LastCycle        string     `db:"last_cycle" json:"last_cycle,omitempty"`
	LastGrade        string     `db:"last_grade" json:"last_grade,omitempty"`
	LastAppraisedAt  *time.Time `db:"last_appraised_at" json:"last_appraised_at,omitempty"`
	ImprovementPlan  bool       `db:"improvement_plan" json:"improvement_plan"`
	DismissalDueAt   *time.Time `db:"dismissal_due_at" json:"dismissal_due_at,omitempty"`
	Rewards          int        `db:"rewards" json:"rewards"`
	RewardTotalMinor int64      `db:"reward_total_minor" json:"-"`
	RewardTotal      string     `db:"-" json:"reward_total"`
	Penalties        int        `db:"penalties" json:"penalties"`
	Fines            int        `db:"fines" json:"fines"`
	FineTotalMinor   int64      `db:"fine_total_minor" json:"-"`
	FineTotal        string     `db:"-" json:"fine_total"`
	Currency         string     `db:"currency" json:"currency"`
	LeavesApproved   int        `db:"leaves_approved" json:"leaves_approved"`
	TripsApproved    int        `db:"trips_approved" json:"trips_approved"`
	Version          int64      `db:"version" json:"version"`
	UpdatedAt        time.Time  `db:"updated_at" json:"updated_at"`
}

// Derive fills the decimal totals from the minor-unit columns.
func (v *EmployeeView) Derive() {
	v.RewardTotal = domain.Fen(v.RewardTotalMinor).Decimal()
	v.FineTotal = domain.Fen(v.FineTotalMinor).Decimal()
}

// EmployeeFilter selects employees. Empty fields select everything.
type EmployeeFilter struct {
	Status       string
	OrgUnitID    string
	SupervisorID string
	Role         string
	// Sort is employee_id, name or updated_at, "-" prefixed for
	// descending; default employee_id.
	Sort string
	// At, when set, lists the rows as they stood then (row versions).
	At Bitemporal
}
