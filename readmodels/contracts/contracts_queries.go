package contracts

import (
	"context"
	"strconv"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var contractSorts = map[string]tables.SortKey[queries.ContractView]{
	"-drafted_at": {Col: "drafted_at", Cast: "timestamptz", Desc: true, Val: func(v queries.ContractView) string { return tables.TimeKey(v.DraftedAt) }},
	"drafted_at":  {Col: "drafted_at", Cast: "timestamptz", Val: func(v queries.ContractView) string { return tables.TimeKey(v.DraftedAt) }},
	"-updated_at": {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.ContractView) string { return tables.TimeKey(v.UpdatedAt) }},
	"-value":      {Col: "value_minor", Cast: "bigint", Desc: true, Val: func(v queries.ContractView) string { return strconv.FormatInt(int64(v.Value), 10) }},
}

// Contract returns one contract with its review steps and amendments.
func (q *Queries) Contract(ctx context.Context, id string) (queries.ContractView, error) {
	v, err := tables.One[queries.ContractView](ctx, q.DB, queries.ErrContractNotFound,
		"SELECT * FROM "+q.Table("contracts")+" WHERE contract_id = $1", id)
	if err != nil {
		return v, err
	}
	v.Steps, err = tables.All[queries.ContractStep](ctx, q.DB, "contract steps",
		"SELECT seq, amendment_id, step, actor_id, role, decision, comment, at FROM "+
			q.Table("contract_steps")+" WHERE contract_id = $1 ORDER BY seq", id)
	if err != nil {
		return v, err
	}
	v.Amendments, err = tables.All[queries.AmendmentView](ctx, q.DB, "contract amendments",
		"SELECT amendment_id, status, reason, value_before_minor, value_after_minor, currency, "+
			"price_linked, requested_by, requested_at, decided_at, version, updated_at FROM "+
			q.Table("contract_amendments")+" WHERE contract_id = $1 ORDER BY requested_at, amendment_id", id)
	return v, err
}

// Contracts lists contracts matching f.
func (q *Queries) Contracts(ctx context.Context, f queries.ContractFilter, page queries.PageRequest) (queries.Page[queries.ContractView], error) {
	var w tables.Where
	tables.AddIf(&w, "customer_id = ?", f.CustomerID)
	tables.AddIf(&w, "status = ?", string(f.Status))
	tables.AddIf(&w, "drafter_id = ?", f.DrafterID)
	tables.AddIf(&w, "drafter_org_unit_id = ?", f.DrafterOrgUnitID)
	if f.UnauthorisedOnly {
		w.Add("unauthorised_quotation")
	}
	if f.AmendmentOpen {
		w.Add("amendment_id <> ''")
	}
	return tables.List(ctx, q.DB, listSpec(f, &w), f.Sort, &w, page)
}
