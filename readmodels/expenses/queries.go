package expenses

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the expense read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the expense read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

// maxClaims bounds one list of claims.
const maxClaims = 500

const claimColumns = `claim_id, claimant_id, org_unit_id, purpose, status, total_minor, currency, prior_approved,
	signatures, payment_ref, submitted_at, paid_at, updated_at, version`

// ExpenseClaim returns one claim with the lines of its draft in force.
func (q *Queries) ExpenseClaim(ctx context.Context, id string) (queries.ExpenseClaimView, error) {
	v, err := tables.One[queries.ExpenseClaimView](ctx, q.DB, queries.ErrExpenseClaimNotFound,
		`SELECT `+claimColumns+` FROM `+q.Table("expense_claims")+` WHERE claim_id = $1`, id)
	if err != nil {
		return v, err
	}
	v.Items, err = tables.All[queries.ExpenseItemView](ctx, q.DB, "expense items",
		`SELECT i.line, i.kind, i.amount_minor, i.currency, i.incurred_on, i.voucher_ref, i.description
		FROM `+q.Table("expense_items")+` i JOIN `+q.Table("expense_claims")+` c ON c.claim_id = i.claim_id AND c.draft_version = i.draft_version
		WHERE i.claim_id = $1 ORDER BY i.line`, id)
	return v, err
}

// ExpenseClaims lists the claims f matches, newest change first (at most
// maxClaims).
func (q *Queries) ExpenseClaims(ctx context.Context, f queries.ExpenseClaimFilter) ([]queries.ExpenseClaimView, error) {
	w := &tables.Where{}
	tables.AddIf(w, "status = ?", f.Status)
	tables.AddIf(w, "claimant_id = ?", f.ClaimantID)
	tables.AddIf(w, "org_unit_id = ?", f.OrgUnitID)
	return tables.All[queries.ExpenseClaimView](ctx, q.DB, "expense claims",
		`SELECT `+claimColumns+` FROM `+q.Table("expense_claims")+w.SQL()+
			` ORDER BY updated_at DESC, claim_id LIMIT `+itoa(maxClaims), w.Args...)
}

// ExpenseTotals sums the items of claims by the month they were incurred
// in, per person, department or month as f.By asks.
func (q *Queries) ExpenseTotals(ctx context.Context, f queries.ExpenseTotalsFilter) ([]queries.ExpenseTotalsView, error) {
	keys := map[string]string{
		"person":     "c.claimant_id AS employee_id, c.org_unit_id, i.month",
		"department": "'' AS employee_id, c.org_unit_id, i.month",
		"month":      "'' AS employee_id, '' AS org_unit_id, i.month",
	}
	cols, ok := keys[f.By]
	if !ok {
		return nil, domain.InvalidField("by", "must be person, department or month")
	}
	w := &tables.Where{}
	tables.AddIf(w, "i.month = ?", f.Month)
	tables.AddIf(w, "c.org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(w, "c.claimant_id = ?", f.EmployeeID)
	w.Add("c.status <> ALL(?)", []string{"DRAFT", "PRIOR_APPROVED", "RETURNED", "REJECTED"})
	return tables.All[queries.ExpenseTotalsView](ctx, q.DB, "expense totals",
		`SELECT `+cols+`, i.currency,
			sum(i.amount_minor)::bigint AS claimed_minor,
			coalesce(sum(i.amount_minor) FILTER (WHERE c.status IN ('FINANCE_APPROVED', 'PAID')), 0)::bigint AS approved_minor,
			coalesce(sum(i.amount_minor) FILTER (WHERE c.status = 'PAID'), 0)::bigint AS paid_minor,
			count(DISTINCT c.claim_id) AS claims
		FROM `+q.Table("expense_items")+` i JOIN `+q.Table("expense_claims")+` c ON c.claim_id = i.claim_id AND c.draft_version = i.draft_version`+
			w.SQL()+` GROUP BY 1, 2, 3, 4 ORDER BY 3, 2, 1, 4`, w.Args...)
}

func itoa(n int) string { return fmt.Sprint(n) }
