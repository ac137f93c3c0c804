package kpi

import (
	"context"
	"math"
	"math/big"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// R2 is sales vs target (the targets read model, GET /sales-vs-target)
// for one period: each allocated target of the grouping with its actual
// and completion, the share of the period elapsed today, and flags: at
// risk when the completion is behind that share, no results when nothing
// was signed. A sales rep sees their own person targets only.
func (q *Queries) targetCompletion(ctx context.Context, def queries.KPIDefinition, r queries.KPIRequest, rep queries.KPIReport) (queries.KPIReport, error) {
	f := queries.SalesTargetFilter{Dimension: r.GroupBy, Period: r.Period.Label, OrgUnitID: r.Scope.OrgUnit}
	if r.Scope.Kind == queries.ScopeOwn {
		f.Dimension, f.ID, f.OrgUnitID, rep.GroupBy = queries.DimensionPerson, r.Scope.Person, "", queries.DimensionPerson
	}
	rep.Columns = append([]queries.KPIColumn{queries.GroupColumn(rep.GroupBy)}, def.Columns...)
	expected := elapsed(r.Period, r)
	rep.Rows = []queries.KPIRow{}
	var target, actual int64
	page := queries.PageRequest{Limit: queries.MaxPageSize}
	for {
		p, err := q.targets.SalesVsTarget(ctx, f, page)
		if err != nil {
			return rep, err
		}
		for _, v := range p.Items {
			target, actual = target+v.TargetMinor, actual+v.ActualMinor
			row := completionRow(v.TargetMinor, v.ActualMinor, expected)
			row[rep.GroupBy] = v.ID
			drillTo(def.Name, r, v.ID, row)
			rep.Rows = append(rep.Rows, row)
		}
		if p.NextCursor == "" {
			break
		}
		page.Cursor = p.NextCursor
	}
	rep.Totals = completionRow(target, actual, expected)
	return rep, nil
}

func completionRow(target, actual int64, expected float64) queries.KPIRow {
	row := queries.KPIRow{"target": domain.Fen(target).Decimal(), "actual": domain.Fen(actual).Decimal(),
		"completion": nil, "expected": expected, "at_risk": false, "no_results": actual == 0}
	if target > 0 {
		c := truncated(new(big.Rat).SetFrac64(actual*100, target))
		row["completion"], row["at_risk"] = c, c < expected
	}
	return row
}

// elapsed is the share of the period gone by today, in percent.
func elapsed(p queries.KPIPeriod, r queries.KPIRequest) float64 {
	switch {
	case !r.Now.After(p.Start):
		return 0
	case !r.Now.Before(p.End):
		return 100
	}
	return truncated(new(big.Rat).SetFrac64(int64(r.Now.Sub(p.Start))*100, int64(p.End.Sub(p.Start))))
}

// truncated is x with two decimals, truncated toward zero as sales vs
// target's completion rate is.
func truncated(x *big.Rat) float64 {
	hundredths := new(big.Int).Quo(new(big.Int).Mul(x.Num(), big.NewInt(100)), x.Denom())
	return math.Trunc(float64(hundredths.Int64())) / 100
}
