package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ErrReceivableNotFound is returned for an instalment that is not in any
// collection plan.
var ErrReceivableNotFound = domain.NotFound("receivable not found")

// Aging buckets (D): outstanding amounts by days past the due date.
const (
	BucketPaid   = "paid"
	BucketNotDue = "not_due"
	Bucket0To30  = "0-30"
	Bucket31To60 = "31-60"
	Bucket61To90 = "61-90"
	BucketOver90 = "90+"
)

// ReceivableView is one instalment of a contract's collection plan as of
// the day the query was asked about. Owner is the rep who drafted the
// contract.
type ReceivableView struct {
	Key            string     `db:"receivable_key" json:"-"`
	ContractID     string     `db:"contract_id" json:"contract_id"`
	InstalmentID   string     `db:"instalment_id" json:"instalment_id"`
	Seq            int        `db:"seq" json:"seq"`
	CustomerID     string     `db:"customer_id" json:"customer_id"`
	OwnerID        string     `db:"owner_id" json:"owner_id"`
	ContractStatus string     `db:"contract_status" json:"contract_status"`
	DueDate        string     `db:"due_date" json:"due_date"`
	Amount         MinorUnits `db:"amount_minor" json:"amount"`
	Paid           MinorUnits `db:"paid_minor" json:"paid"`
	Outstanding    MinorUnits `db:"outstanding_minor" json:"outstanding"`
	Currency       string     `db:"currency" json:"currency"`
	Payments       int        `db:"payments" json:"payments"`
	DaysOverdue    int        `db:"days_overdue" json:"days_overdue"`
	AgingBucket    string     `db:"aging_bucket" json:"aging_bucket"`
	DunningStage   string     `db:"dunning_stage" json:"dunning_stage,omitempty"`
	LastDunningAt  *time.Time `db:"last_dunning_at" json:"last_dunning_at,omitempty"`
	LastPaidAt     *time.Time `db:"last_paid_at" json:"last_paid_at,omitempty"`
	Version        int64      `db:"version" json:"version"`
	UpdatedAt      time.Time  `db:"updated_at" json:"updated_at"`
}

// ReceivableFilter selects instalments. Now is the query's clock: days
// overdue count from its calendar date (in its location).
type ReceivableFilter struct {
	Now             time.Time
	CustomerID      string
	OwnerID         string
	ContractID      string
	OutstandingOnly bool
	OverdueOnly     bool
	Bucket          string
	// Sort is due_date (default), -days_overdue or -outstanding.
	Sort string
	// At, when set, lists the rows as they stood then (row versions).
	At Bitemporal
}

// AgingTotals is the outstanding amount of one customer or owner in one
// currency, by aging bucket.
type AgingTotals struct {
	Key      string     `db:"key" json:"key"`
	Currency string     `db:"currency" json:"currency"`
	NotDue   MinorUnits `db:"not_due" json:"not_due"`
	Days0    MinorUnits `db:"days_0_30" json:"days_0_30"`
	Days31   MinorUnits `db:"days_31_60" json:"days_31_60"`
	Days61   MinorUnits `db:"days_61_90" json:"days_61_90"`
	Over90   MinorUnits `db:"days_over_90" json:"days_over_90"`
	Overdue  MinorUnits `db:"overdue" json:"overdue"`
	Total    MinorUnits `db:"total" json:"total"`
}
