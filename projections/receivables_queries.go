package projections

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
)

// ErrReceivableNotFound is returned for an instalment that is not in any
// collection plan.
var ErrReceivableNotFound = domain.NotFound("receivable not found")

// Aging buckets (SPEC D): outstanding amounts by days past the due date.
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
}

var receivableSorts = map[string]sortKey[ReceivableView]{
	"due_date":      {col: "due_date", cast: "text", val: func(v ReceivableView) string { return v.DueDate }},
	"-days_overdue": {col: "days_overdue", cast: "int", desc: true, val: func(v ReceivableView) string { return strconv.Itoa(v.DaysOverdue) }},
	"-outstanding":  {col: "outstanding_minor", cast: "bigint", desc: true, val: func(v ReceivableView) string { return strconv.FormatInt(int64(v.Outstanding), 10) }},
}

// receivablesFrom is the instalments joined to their contracts with the
// figures that depend on the day bound at placeholder today.
func (q *Queries) receivablesFrom(today string) string {
	days := fmt.Sprintf("CASE WHEN r.paid_minor < r.amount_minor AND r.due_date::date < %[1]s::date THEN %[1]s::date - r.due_date::date ELSE 0 END", today)
	return fmt.Sprintf(`(SELECT i.*, CASE WHEN outstanding_minor <= 0 THEN 'paid' WHEN days_overdue = 0 THEN 'not_due'
			WHEN days_overdue <= 30 THEN '0-30' WHEN days_overdue <= 60 THEN '31-60'
			WHEN days_overdue <= 90 THEN '61-90' ELSE '90+' END AS aging_bucket
		FROM (SELECT r.contract_id || chr(31) || r.instalment_id AS receivable_key, r.contract_id, r.instalment_id, r.seq,
			c.customer_id, c.owner_id, c.contract_status, r.due_date, r.amount_minor, r.paid_minor,
			r.amount_minor - r.paid_minor AS outstanding_minor, r.currency, r.payments, (%s) AS days_overdue,
			r.dunning_stage, r.last_dunning_at, r.last_paid_at, r.version, r.updated_at
			FROM %s r JOIN %s c USING (contract_id)) i) x`, days, q.table("receivables"), q.table("receivable_contracts"))
}

// receivableWhere binds the day and the filter's conditions.
func (q *Queries) receivableWhere(f ReceivableFilter) (*where, string) {
	w := &where{}
	from := q.receivablesFrom(bind(w, f.Now.Format(time.DateOnly)))
	addIf(w, "customer_id = ?", f.CustomerID)
	addIf(w, "owner_id = ?", f.OwnerID)
	addIf(w, "contract_id = ?", f.ContractID)
	addIf(w, "aging_bucket = ?", f.Bucket)
	if f.OutstandingOnly {
		w.add("outstanding_minor > 0")
	}
	if f.OverdueOnly {
		w.add("days_overdue > 0")
	}
	return w, from
}

// Receivable returns one instalment as of now.
func (q *Queries) Receivable(ctx context.Context, contractID, instalmentID string, now time.Time) (ReceivableView, error) {
	w, from := q.receivableWhere(ReceivableFilter{Now: now, ContractID: contractID})
	w.add("instalment_id = ?", instalmentID)
	return queryOne[ReceivableView](ctx, q, ErrReceivableNotFound, "SELECT * FROM "+from+w.sql(), w.args...)
}

// Receivables lists instalments matching f.
func (q *Queries) Receivables(ctx context.Context, f ReceivableFilter, page PageRequest) (Page[ReceivableView], error) {
	w, from := q.receivableWhere(f)
	return salesList(ctx, q, listSpec[ReceivableView]{from: from, view: "receivables", idCol: "receivable_key",
		id: func(v ReceivableView) string { return v.Key }, sorts: receivableSorts, dflt: "due_date"}, f.Sort, w, page)
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

// ReceivablesAging totals the outstanding amounts matching f per customer
// (by "customer") or per owner rep (by "owner") and bucket, as of f.Now.
func (q *Queries) ReceivablesAging(ctx context.Context, f ReceivableFilter, by string) ([]AgingTotals, error) {
	col := map[string]string{"customer": "customer_id", "owner": "owner_id"}[by]
	if col == "" {
		return nil, domain.InvalidField("group_by", "must be customer or owner")
	}
	f.OutstandingOnly = true
	w, from := q.receivableWhere(f)
	sum := func(bucket string) string {
		return fmt.Sprintf("coalesce(sum(outstanding_minor) FILTER (WHERE aging_bucket = '%s'), 0)::bigint", bucket)
	}
	sql := fmt.Sprintf(`SELECT %s AS key, currency, %s AS not_due, %s AS days_0_30, %s AS days_31_60, %s AS days_61_90,
		%s AS days_over_90, coalesce(sum(outstanding_minor) FILTER (WHERE days_overdue > 0), 0)::bigint AS overdue,
		sum(outstanding_minor)::bigint AS total FROM %s%s GROUP BY 1, 2 ORDER BY 1, 2`,
		col, sum(BucketNotDue), sum(Bucket0To30), sum(Bucket31To60), sum(Bucket61To90), sum(BucketOver90), from, w.sql())
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return nil, fmt.Errorf("receivables aging: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[AgingTotals])
}
