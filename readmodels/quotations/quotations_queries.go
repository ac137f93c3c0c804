package quotations

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var quotationSorts = map[string]tables.SortKey[queries.QuotationView]{
	"-drafted_at": {Col: "drafted_at", Cast: "timestamptz", Desc: true, Val: func(v queries.QuotationView) string { return tables.TimeKey(v.DraftedAt) }},
	"drafted_at":  {Col: "drafted_at", Cast: "timestamptz", Val: func(v queries.QuotationView) string { return tables.TimeKey(v.DraftedAt) }},
	"-updated_at": {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.QuotationView) string { return tables.TimeKey(v.UpdatedAt) }},
	"margin":      {Col: "margin", Cast: "bigint", Val: func(v queries.QuotationView) string { return fmt.Sprint(int64(v.Margin)) }},
}

// Quotation returns one quotation with its approval steps in order.
func (q *Queries) Quotation(ctx context.Context, id string) (queries.QuotationView, error) {
	v, err := tables.One[queries.QuotationView](ctx, q.DB, queries.ErrQuotationNotFound,
		"SELECT * FROM "+q.Table("quotations")+" WHERE quotation_id = $1", id)
	if err != nil {
		return v, err
	}
	v.Steps, err = tables.All[queries.QuotationStep](ctx, q.DB, "quotation steps",
		"SELECT seq, action, actor_id, role, margin, tier, policy_version, retro, comment, at FROM "+
			q.Table("quotation_approval_steps")+" WHERE quotation_id = $1 ORDER BY seq", id)
	return v, err
}

// Quotations lists quotations matching f.
func (q *Queries) Quotations(ctx context.Context, f queries.QuotationFilter, page queries.PageRequest) (queries.Page[queries.QuotationView], error) {
	var w tables.Where
	tables.AddIf(&w, "customer_id = ?", f.CustomerID)
	tables.AddIf(&w, "status = ?", string(f.Status))
	tables.AddIf(&w, "tier = ?", string(f.Tier))
	tables.AddIf(&w, "approver_role = ?", string(f.ApproverRole))
	tables.AddIf(&w, "drafted_by = ?", f.DraftedBy)
	if f.RetroPendingOnly {
		w.Add("retro_approval_pending")
	}
	return tables.List(ctx, q.DB, tables.ListSpec[queries.QuotationView]{View: "quotations",
		ID:    tables.ID("quotation_id", func(v queries.QuotationView) string { return v.QuotationID }),
		Sorts: quotationSorts, Default: "-drafted_at"}, f.Sort, &w, page)
}
