package kpi

import (
	"fmt"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Helpers that write the recurring SQL of the builders.

// bounds binds a period's start and end and returns a function that
// writes "e falls in the period".
func bounds(w *tables.Where, p queries.KPIPeriod) func(e string) string {
	start, end := tables.Bind(w, p.Start), tables.Bind(w, p.End)
	return func(e string) string { return fmt.Sprintf("(%[1]s >= %[2]s AND %[1]s < %[3]s)", e, start, end) }
}

// monthBounds binds a period's first month and the month after it
// (YYYY-MM) and returns a function that writes "month column m falls in
// the period": a period is whole company months, so a day or a time is
// in it exactly when its month is.
func monthBounds(w *tables.Where, p queries.KPIPeriod) func(m string) string {
	start, end := tables.Bind(w, p.Start.Format("2006-01")), tables.Bind(w, p.End.Format("2006-01"))
	return func(m string) string { return fmt.Sprintf("(%[1]s >= %[2]s AND %[1]s < %[3]s)", m, start, end) }
}

// flag is 1 when cond holds, else 0.
func flag(cond string) string { return "CASE WHEN " + cond + " THEN 1 ELSE 0 END" }

// sum is a count or an amount: the sum of an indicator, 0 for none.
func sum(ind string) string { return "coalesce(sum(b." + ind + "), 0)::bigint" }

// pct is 100 × sum(num) ÷ sum(den) with two decimals, NULL for 0 ÷ 0.
func pct(num, den string) string {
	return fmt.Sprintf("round(100.0 * sum(b.%s) / nullif(sum(b.%s), 0), 2)::float8", num, den)
}

// avg is the mean of an indicator with two decimals, NULL for none.
func avg(ind string) string { return "round(avg(b." + ind + ")::numeric, 2)::float8" }

// days is the number of days from a to b, fractional.
func days(from, to string) string {
	return fmt.Sprintf("extract(epoch FROM (%s - %s)) / 86400.0", to, from)
}
