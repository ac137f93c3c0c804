package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ExpenseReaders read every expense claim and total; a manager reads
// their department's, anyone else their own (§5.12-read).
var ExpenseReaders = []domain.Role{domain.RoleFinance, domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleGM,
	domain.RoleDeputyGM, domain.RoleLeadership}

// ExpenseManagers read the claims and totals of their own org unit.
var ExpenseManagers = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager}

// ErrExpenseClaimNotFound answers a claim not drafted.
var ErrExpenseClaimNotFound = domain.NotFound("expense claim not found")

// ExpenseTotalsBy are the groupings of the expense totals.
var ExpenseTotalsBy = []string{"person", "department", "month"}

// ExpenseClaimFilter narrows the claim list; empty fields match all.
type ExpenseClaimFilter struct {
	Status     string
	ClaimantID string
	OrgUnitID  string
}

// ExpenseTotalsFilter narrows and groups the expense totals.
type ExpenseTotalsFilter struct {
	By         string // person, department or month
	Month      string // "2026-11"; empty: every month
	OrgUnitID  string
	EmployeeID string
}

// ExpenseItemView is one line of a claim's itemised list.
type ExpenseItemView struct {
	Line        int        `db:"line" json:"line"`
	Kind        string     `db:"kind" json:"kind"`
	Amount      MinorUnits `db:"amount_minor" json:"amount"`
	Currency    string     `db:"currency" json:"currency"`
	IncurredOn  string     `db:"incurred_on" json:"incurred_on"`
	VoucherRef  string     `db:"voucher_ref" json:"voucher_ref"`
	Description string     `db:"description" json:"description,omitempty"`
}

// ExpenseClaimView is an expense claim and where it stands.
type ExpenseClaimView struct {
	ClaimID       string            `db:"claim_id" json:"claim_id"`
	ClaimantID    string            `db:"claimant_id" json:"claimant_id"`
	OrgUnitID     string            `db:"org_unit_id" json:"org_unit_id"`
	Purpose       string            `db:"purpose" json:"purpose"`
	Status        string            `db:"status" json:"status"`
	Total         MinorUnits        `db:"total_minor" json:"total"`
	Currency      string            `db:"currency" json:"currency"`
	PriorApproved bool              `db:"prior_approved" json:"prior_approved"`
	Signatures    []string          `db:"signatures" json:"signatures"`
	PaymentRef    string            `db:"payment_ref" json:"payment_ref,omitempty"`
	SubmittedAt   *time.Time        `db:"submitted_at" json:"submitted_at,omitempty"`
	PaidAt        *time.Time        `db:"paid_at" json:"paid_at,omitempty"`
	UpdatedAt     time.Time         `db:"updated_at" json:"updated_at"`
	Version       int64             `db:"version" json:"version"`
	Items         []ExpenseItemView `db:"-" json:"items,omitempty"`
}

// ExpenseTotalsView sums the items of claims by the month they were
// incurred in: claimed (submitted and not refused), approved by finance,
// and paid. EmployeeID is empty in the department and month groupings,
// OrgUnitID in the month grouping.
type ExpenseTotalsView struct {
	EmployeeID string     `db:"employee_id" json:"employee_id,omitempty"`
	OrgUnitID  string     `db:"org_unit_id" json:"org_unit_id,omitempty"`
	Month      string     `db:"month" json:"month"`
	Currency   string     `db:"currency" json:"currency"`
	Claimed    MinorUnits `db:"claimed_minor" json:"claimed"`
	Approved   MinorUnits `db:"approved_minor" json:"approved"`
	Paid       MinorUnits `db:"paid_minor" json:"paid"`
	Claims     int64      `db:"claims" json:"claims"`
}
