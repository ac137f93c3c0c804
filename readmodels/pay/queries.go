package pay

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the pay read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the pay read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

// MonthlyResults is what the contracts employeeID drafted collected in
// month: zero for a month without payments. The no-results rule (E6)
// reads it instead of a figure typed in.
func (q *Queries) MonthlyResults(ctx context.Context, employeeID string, month pay.Month) (queries.MonthlyResultView, error) {
	rows, err := tables.All[queries.MonthlyResultView](ctx, q.DB, "monthly results",
		`SELECT employee_id, month, sum(collected_minor)::bigint AS collected_minor, currency FROM `+q.Table("pay_collections")+
			` WHERE employee_id = $1 AND month = $2 GROUP BY employee_id, month, currency ORDER BY currency`, employeeID, month.String())
	if err != nil || len(rows) == 0 {
		return queries.MonthlyResultView{EmployeeID: employeeID, Month: month.String(), Currency: domain.DefaultCurrency}, err
	}
	return rows[0], nil
}

// person is one employee's month as the tables hold it.
type person struct {
	EmployeeID string `db:"employee_id"`
	Role       string `db:"role"`
	OrgUnitID  string `db:"org_unit_id"`
	Collected  int64  `db:"collected_minor"`
	Rewards    int64  `db:"rewards_minor"`
	Fines      int64  `db:"fines_minor"`
}

// month reads every employee who is on file or collected in month, with
// their collected volume, rewards and fines (one currency: the default).
func (q *Queries) month(ctx context.Context, month pay.Month) ([]person, error) {
	return tables.All[person](ctx, q.DB, "pay month", monthSQL(q.Table), month.String(), domain.DefaultCurrency)
}

// monthSQL is the statement month runs, its tables named by table (a read
// view, or a bare table inside a generation being built).
func monthSQL(table func(string) string) string {
	return `
		WITH c AS (SELECT employee_id, max(org_unit_id) AS org_unit_id, sum(collected_minor)::bigint AS collected_minor
				FROM ` + table("pay_collections") + ` WHERE month = $1 AND currency = $2 GROUP BY employee_id),
			a AS (SELECT employee_id, coalesce(sum(amount_minor) FILTER (WHERE kind = 'REWARD'), 0)::bigint AS rewards_minor,
				coalesce(sum(amount_minor) FILTER (WHERE kind = 'FINE'), 0)::bigint AS fines_minor
				FROM ` + table("pay_adjustments") + ` WHERE month = $1 AND currency = $2 GROUP BY employee_id)
		SELECT coalesce(p.employee_id, c.employee_id) AS employee_id, coalesce(p.role, '') AS role,
			coalesce(p.org_unit_id, c.org_unit_id) AS org_unit_id, coalesce(c.collected_minor, 0) AS collected_minor,
			coalesce(a.rewards_minor, 0) AS rewards_minor, coalesce(a.fines_minor, 0) AS fines_minor
		FROM ` + table("pay_people") + ` p FULL JOIN c ON c.employee_id = p.employee_id
			LEFT JOIN a ON a.employee_id = coalesce(p.employee_id, c.employee_id)
		ORDER BY 1`
}

// Month is one month's pay facts of everyone, ready for pay.Compute.
type Month struct {
	people []person
	top    int64
}

// LoadMonth reads month's facts.
func (q *Queries) LoadMonth(ctx context.Context, month pay.Month) (Month, error) {
	people, err := q.month(ctx, month)
	return newMonth(people), err
}

func newMonth(people []person) Month {
	m := Month{people: people}
	for _, p := range people {
		m.top = max(m.top, p.Collected)
	}
	return m
}

// PayMonth is LoadMonth for the API's read side.
func (q *Queries) PayMonth(ctx context.Context, month pay.Month) (queries.PayMonth, error) {
	return q.LoadMonth(ctx, month)
}

// DepartmentCollected is what the org unit's staff collected.
func (m Month) DepartmentCollected(orgUnitID string) domain.Money {
	var total int64
	for _, p := range m.people {
		if p.OrgUnitID == orgUnitID {
			total += p.Collected
		}
	}
	return domain.Fen(total)
}

// Facts are employeeID's facts of the month; met says whether a
// department met its target. A department head's managed staff are the
// other members of their org unit (§3.4-override); the top performer is
// whoever collected the most, ties all win, nothing collected none does.
func (m Month) Facts(employeeID string, met func(orgUnitID string) bool) (pay.Facts, string, bool) {
	i := personIndex(m.people, employeeID)
	if i < 0 {
		return pay.Facts{}, "", false
	}
	p := m.people[i]
	f := pay.Facts{Role: domain.Role(p.Role), Collected: domain.Fen(p.Collected), TopPerformer: p.Collected > 0 && p.Collected == m.top,
		Rewards: domain.Fen(p.Rewards), Fines: domain.Fen(p.Fines)}
	if f.Role == domain.RoleDeptHead {
		for _, o := range m.people {
			if o.OrgUnitID == p.OrgUnitID && o.EmployeeID != p.EmployeeID {
				f.ManagedCollected = append(f.ManagedCollected, domain.Fen(o.Collected))
			}
		}
		f.DepartmentMetTarget = met(p.OrgUnitID)
	}
	return f, p.OrgUnitID, true
}

func personIndex(people []person, id string) int {
	for i, p := range people {
		if p.EmployeeID == id {
			return i
		}
	}
	return -1
}

// Commissions computes every matching employee's commission for the month
// under rules (the versions in force, or a what-if's): orgUnitID ""
// means everyone, employeeID "" anyone.
func (m Month) Commissions(month pay.Month, orgUnitID, employeeID string, rules pay.Rules, met func(string) bool) ([]queries.CommissionView, error) {
	out := []queries.CommissionView{}
	for _, p := range m.people {
		if (orgUnitID != "" && p.OrgUnitID != orgUnitID) || (employeeID != "" && p.EmployeeID != employeeID) {
			continue
		}
		f, _, _ := m.Facts(p.EmployeeID, met)
		g, err := pay.Compute(f, rules)
		if err != nil {
			return nil, err
		}
		out = append(out, queries.CommissionView{EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, Role: p.Role, Month: month.String(),
			Collected: queries.MinorUnits(g.Collected.Minor), Commission: queries.MinorUnits(g.Commission.Minor), Override: queries.MinorUnits(g.Override.Minor),
			Allowance: queries.MinorUnits(g.Allowance.Minor), TopPerformerAward: queries.MinorUnits(g.TopPerformer.Minor), TopPerformer: f.TopPerformer,
			DepartmentMetTarget: f.DepartmentMetTarget, Currency: domain.DefaultCurrency, RegulationVersions: rules.Versions()})
	}
	return out, nil
}

// PayStatement returns employeeID's statement for month.
func (q *Queries) PayStatement(ctx context.Context, employeeID string, month pay.Month) (queries.PayStatementView, error) {
	v, err := tables.One[queries.PayStatementView](ctx, q.DB, queries.ErrPayStatementNotFound,
		`SELECT * FROM `+q.Table("pay_statements")+` WHERE employee_id = $1 AND month = $2`, employeeID, month.String())
	if err == nil {
		v.Version = 1 // a statement is issued once: its stream holds one event
	}
	return v, err
}

// PayStatements lists the month's statements, of one org unit when
// orgUnitID is set.
func (q *Queries) PayStatements(ctx context.Context, month pay.Month, orgUnitID string) ([]queries.PayStatementView, error) {
	w := &tables.Where{}
	w.Add("month = ?", month.String())
	tables.AddIf(w, "org_unit_id = ?", orgUnitID)
	return tables.All[queries.PayStatementView](ctx, q.DB, "pay statements", `SELECT * FROM `+q.Table("pay_statements")+w.SQL()+` ORDER BY employee_id`, w.Args...)
}

// EmployeePayStatements lists employeeID's statements, newest month first.
func (q *Queries) EmployeePayStatements(ctx context.Context, employeeID string) ([]queries.PayStatementView, error) {
	return tables.All[queries.PayStatementView](ctx, q.DB, "pay statements",
		`SELECT * FROM `+q.Table("pay_statements")+` WHERE employee_id = $1 ORDER BY month DESC`, employeeID)
}
