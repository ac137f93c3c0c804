package receivables

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var receivableSorts = map[string]tables.SortKey[queries.ReceivableView]{
	"due_date":      {Col: "due_date", Cast: "text", Val: func(v queries.ReceivableView) string { return v.DueDate }},
	"-days_overdue": {Col: "days_overdue", Cast: "int", Desc: true, Val: func(v queries.ReceivableView) string { return strconv.Itoa(v.DaysOverdue) }},
	"-outstanding":  {Col: "outstanding_minor", Cast: "bigint", Desc: true, Val: func(v queries.ReceivableView) string { return strconv.FormatInt(int64(v.Outstanding), 10) }},
}

// receivablesFrom is the instalments (source, alias r, with their
// contract's customer_id, owner_id and contract_status) with the figures
// that depend on the day bound at placeholder today.
func receivablesFrom(source, today string) string {
	days := fmt.Sprintf("CASE WHEN r.paid_minor < r.amount_minor AND r.due_date::date < %[1]s::date THEN %[1]s::date - r.due_date::date ELSE 0 END", today)
	return fmt.Sprintf(`(SELECT i.*, CASE WHEN outstanding_minor <= 0 THEN 'paid' WHEN days_overdue = 0 THEN 'not_due'
			WHEN days_overdue <= 30 THEN '0-30' WHEN days_overdue <= 60 THEN '31-60'
			WHEN days_overdue <= 90 THEN '61-90' ELSE '90+' END AS aging_bucket
		FROM (SELECT r.contract_id || chr(31) || r.instalment_id AS receivable_key, r.contract_id, r.instalment_id, r.seq,
			customer_id, owner_id, contract_status, r.due_date, r.amount_minor, r.paid_minor,
			r.amount_minor - r.paid_minor AS outstanding_minor, r.currency, r.payments, (%s) AS days_overdue,
			r.dunning_stage, r.last_dunning_at, r.last_paid_at, r.version, r.updated_at
			FROM %s) i) x`, days, source)
}

// receivableWhere binds the day and the filter's conditions: over the
// current rows, or over the row versions of then when f.At asks for a
// past state (paid amounts and dunning as they stood, rule §16-asof-lists).
func (q *Queries) receivableWhere(f queries.ReceivableFilter) (*tables.Where, string) {
	w := &tables.Where{}
	today := tables.Bind(w, f.Now.Format(time.DateOnly))
	source := q.Table("receivables") + " r JOIN " + q.Table("receivable_contracts") + " c USING (contract_id)"
	if f.At.Past() {
		source = q.instalmentsAsOf(w, f.At, f.ContractID != "")
	}
	from := receivablesFrom(source, today)
	tables.AddIf(w, "customer_id = ?", f.CustomerID)
	tables.AddIf(w, "owner_id = ?", f.OwnerID)
	tables.AddIf(w, "contract_id = ?", f.ContractID)
	tables.AddIf(w, "aging_bucket = ?", f.Bucket)
	if f.OutstandingOnly {
		w.Add("outstanding_minor > 0")
	}
	if f.OverdueOnly {
		w.Add("days_overdue > 0")
	}
	return w, from
}

// Receivable returns one instalment as of now.
func (q *Queries) Receivable(ctx context.Context, contractID, instalmentID string, now time.Time) (queries.ReceivableView, error) {
	w, from := q.receivableWhere(queries.ReceivableFilter{Now: now, ContractID: contractID})
	w.Add("instalment_id = ?", instalmentID)
	return tables.One[queries.ReceivableView](ctx, q.DB, queries.ErrReceivableNotFound, "SELECT * FROM "+from+w.SQL(), w.Args...)
}

// Receivables lists instalments matching f.
func (q *Queries) Receivables(ctx context.Context, f queries.ReceivableFilter, page queries.PageRequest) (queries.Page[queries.ReceivableView], error) {
	w, from := q.receivableWhere(f)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.ReceivableView]{From: from, View: "receivables",
		ID:    tables.ID("receivable_key", func(v queries.ReceivableView) string { return v.Key }),
		Sorts: receivableSorts, Default: "due_date"}, f.Sort, w, page)
}

// ReceivablesAging totals the outstanding amounts matching f per customer
// (by "customer") or per owner rep (by "owner") and bucket, as of f.Now.
func (q *Queries) ReceivablesAging(ctx context.Context, f queries.ReceivableFilter, by string) ([]queries.AgingTotals, error) {
	col := map[string]string{queries.AgingByCustomer: "customer_id", queries.AgingByOwner: "owner_id"}[by]
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
		col, sum(queries.BucketNotDue), sum(queries.Bucket0To30), sum(queries.Bucket31To60), sum(queries.Bucket61To90), sum(queries.BucketOver90), from, w.SQL())
	return tables.All[queries.AgingTotals](ctx, q.DB, "receivables aging", sql, w.Args...)
}
