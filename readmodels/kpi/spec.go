package kpi

import (
	"fmt"
	"strings"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// spec is the SQL of one KPI: sources of rows (each a SELECT of the
// grouping dimensions and some indicators), unioned, then aggregated per
// group and in total (GROUPING SETS) with one expression per column.
type spec struct {
	// indicators are the numeric values the sources give, with their SQL
	// type (bigint or float8); a source that lacks one gives NULL.
	indicators []indicator
	sources    []source
	// aggs are the column expressions over b.<indicator>, by column key.
	aggs map[string]string
	// drop names catalogue columns this grouping cannot show.
	drop map[string]bool
}

type indicator struct{ name, typ string }

func ints(names ...string) []indicator {
	out := make([]indicator, len(names))
	for i, n := range names {
		out[i] = indicator{n, "bigint"}
	}
	return out
}

func floats(names ...string) []indicator {
	out := make([]indicator, len(names))
	for i, n := range names {
		out[i] = indicator{n, "float8"}
	}
	return out
}

// source is one SELECT: its FROM … WHERE, the SQL of each dimension (an
// empty one is the empty string) and of the indicators it gives.
type source struct {
	from                               string
	person, department, region, bucket string
	vals                               map[string]string
}

func (s source) selectSQL(inds []indicator) string {
	dim := func(e string) string {
		if e == "" {
			return "''"
		}
		return "coalesce(" + e + ", '')"
	}
	cols := []string{dim(s.person) + " AS person", dim(s.department) + " AS department", dim(s.region) + " AS region",
		dim(s.bucket) + " AS bucket"}
	for _, in := range inds {
		v, ok := s.vals[in.name]
		if !ok {
			v = "NULL"
		}
		cols = append(cols, fmt.Sprintf("(%s)::%s AS %s", v, in.typ, in.name))
	}
	return "SELECT " + strings.Join(cols, ", ") + " " + s.from
}

// groupExpr is the SQL of the grouping dimension over b (and te, the
// person's employee row, for teams).
var groupExpr = map[string]string{
	queries.DimensionPerson: "b.person", queries.DimensionTeam: "coalesce(te.supervisor_id, '')",
	queries.DimensionDepartment: "b.department", queries.DimensionRegion: "b.region", queries.GroupingBucket: "b.bucket",
}

// sql is the whole statement: the grand-total flag, the group, then the
// columns of the report after the grouping one, in order.
func (s spec) sql(q *Queries, w *tables.Where, r queries.KPIRequest, cols []queries.KPIColumn) string {
	union := make([]string, len(s.sources))
	for i, src := range s.sources {
		union[i] = src.selectSQL(s.indicators)
	}
	g := groupExpr[r.GroupBy]
	var b strings.Builder
	fmt.Fprintf(&b, "SELECT GROUPING(%[1]s) = 1 AS total, %[1]s AS grp", g)
	for _, c := range cols {
		fmt.Fprintf(&b, ", %s AS %s", s.aggs[c.Key], c.Key)
	}
	fmt.Fprintf(&b, " FROM (%s) b", strings.Join(union, " UNION ALL "))
	if r.GroupBy == queries.DimensionTeam {
		b.WriteString(" LEFT JOIN " + q.Table("employees") + " te ON te.employee_id = b.person")
	}
	switch {
	case r.Scope.Kind == queries.ScopeOwn:
		b.WriteString(" WHERE b.person = " + tables.Bind(w, r.Scope.Person))
	case r.Scope.OrgUnit != "":
		b.WriteString(" WHERE b.department = " + tables.Bind(w, r.Scope.OrgUnit))
	}
	fmt.Fprintf(&b, " GROUP BY GROUPING SETS ((%[1]s), ()) ORDER BY 1, 2", g)
	return b.String()
}
