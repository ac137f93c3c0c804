package kpi

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
	"github.com/opsledger/opsledger/readmodels/targets"
)

// Queries computes the KPIs over the views of the read models.
type Queries struct {
	tables.DB
	targets *targets.Queries
}

// NewQueries returns the KPI queries over db.
func NewQueries(db tables.DB) *Queries { return &Queries{DB: db, targets: targets.NewQueries(db)} }

// builders make the SQL of each KPI but R2, which reads sales vs target.
var builders = map[string]func(q *Queries, w *tables.Where, r queries.KPIRequest) spec{
	"sales-performance":      salesPerformance,
	"pipeline":               pipeline,
	"quotation-margins":      quotationMargins,
	"contract-board":         contractBoard,
	"orders-delivery":        ordersDelivery,
	"receivables":            receivables,
	"customer-service":       customerService,
	"satisfaction-retention": satisfactionRetention,
	"customer-file-health":   customerFileHealth,
	"employee-performance":   employeePerformance,
	"activity-discipline":    activityDiscipline,
}

// KPI computes the KPI named name for r: its rows for the period, grouped
// by r.GroupBy (the KPI's first grouping when empty) within r.Scope, and
// their totals.
func (q *Queries) KPI(ctx context.Context, name string, r queries.KPIRequest) (queries.KPIReport, error) {
	def, err := queries.KPIByName(name)
	if err != nil {
		return queries.KPIReport{}, err
	}
	if r.GroupBy == "" {
		r.GroupBy = def.Groupings[0]
	}
	if !def.Takes(r.GroupBy) {
		return queries.KPIReport{}, domain.InvalidField("group_by", fmt.Sprintf("%s is grouped by %s", name, strings.Join(def.Groupings, ", ")))
	}
	rep := queries.KPIReport{Code: def.Code, Name: def.Name, Title: def.Title, Period: r.Period.Label, GroupBy: r.GroupBy,
		Scope: r.Scope, Unavailable: def.Unavailable}
	if name == "target-completion" {
		return q.targetCompletion(ctx, def, r, rep)
	}
	var w tables.Where
	s := builders[name](q, &w, r)
	rep.Columns = append([]queries.KPIColumn{queries.GroupColumn(r.GroupBy)}, withoutDropped(def.Columns, s.drop)...)
	rows, err := q.Query(ctx, s.sql(q, &w, r, rep.Columns[1:]), customPlan(w.Args)...)
	if err != nil {
		return rep, fmt.Errorf("kpi %s: %w", name, err)
	}
	defer rows.Close()
	rep.Rows = []queries.KPIRow{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return rep, fmt.Errorf("kpi %s: %w", name, err)
		}
		row := rowOf(rep.Columns[1:], vals[2:])
		if vals[0].(bool) { // the grand total of GROUPING SETS
			delete(row, r.GroupBy)
			rep.Totals = row
			continue
		}
		key, _ := vals[1].(string)
		row[r.GroupBy] = key
		drillTo(def.Name, r, key, row)
		rep.Rows = append(rep.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("kpi %s: %w", name, err)
	}
	if rep.Totals == nil {
		rep.Totals = rowOf(rep.Columns[1:], make([]any, len(rep.Columns)-1))
	}
	return rep, nil
}

// customPlan asks PostgreSQL to plan the statement for these arguments
// each time (decision 40): the pool prepares statements, and a
// prepared statement switches to a generic plan after five runs; a
// generic plan cannot see how much of a table a period's bounds take, so
// it priced a year of orders as a few rows and looked each one's contract
// and customer up by index, about twice the server time of the hash joins
// planned for the real bounds (R1 by region, 200k events). The
// statement's description stays cached; only the plan is made anew.
func customPlan(args []any) []any {
	return append([]any{pgx.QueryExecModeCacheDescribe}, args...)
}

func withoutDropped(cols []queries.KPIColumn, drop map[string]bool) []queries.KPIColumn {
	out := make([]queries.KPIColumn, 0, len(cols))
	for _, c := range cols {
		if !drop[c.Key] {
			out = append(out, c)
		}
	}
	return out
}

// rowOf turns the values SQL returned, in column order after the
// grouping flag, into JSON values by column type.
func rowOf(cols []queries.KPIColumn, vals []any) queries.KPIRow {
	row := queries.KPIRow{}
	for i, c := range cols {
		if i >= len(vals) {
			break
		}
		row[c.Key] = jsonValue(c.Type, vals[i])
	}
	return row
}

func jsonValue(typ string, v any) any {
	switch typ {
	case queries.KPIColMoney:
		n, _ := v.(int64)
		return domain.Fen(n).Decimal()
	case queries.KPIColCount:
		n, _ := v.(int64)
		return n
	case queries.KPIColFlag:
		b, _ := v.(bool)
		return b
	case queries.KPIColText:
		s, _ := v.(string)
		return s
	}
	if f, ok := v.(float64); ok {
		return f
	}
	return nil
}
