package salesplan_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/texttest"
)

func decided(_ []domain.Event, err error) error { return err }

// renamed is the full decomposition with every target of assignee (a
// person or a team, and the team of its people) called to instead, and
// the first of them (of a team, its first member) moved to the front,
// where the API's path names it targets[0].
func renamed(assignee, to string) []salesplan.Allocation {
	as := full()
	first, firstMember := -1, -1
	for i := range as {
		if as[i].AssigneeID == assignee {
			as[i].AssigneeID = to
			if first < 0 {
				first = i
			}
		}
		if as[i].TeamID == assignee {
			as[i].TeamID = to
			if firstMember < 0 {
				firstMember = i
			}
		}
	}
	if firstMember >= 0 { // a team: its first member's team_id leads
		first = firstMember
	}
	as[0], as[first] = as[first], as[0]
	return as
}

// activeWith is the history of the plan decomposed into as and activated;
// when as is refused (a text over its limit), of the plan approved: the
// decision under test then refuses its own input before it looks at the
// state.
func activeWith(as []salesplan.Allocation) salesplan.SalesPlan {
	sp := domain.Fold(salesplan.SalesPlan.Evolve, approvedPlan...)
	events, err := sp.Decompose(as, "head-1", reg, t0)
	if err != nil {
		return sp
	}
	return domain.Fold(salesplan.SalesPlan.Evolve, then(approvedPlan, append(events, activated)...)...)
}

// Given a plan at the stage each decision needs, when one text input
// holds the longest value its kind allows, then the decision takes it;
// one character more, or a control character its kind does not allow, is
// refused naming the field as the API names it, for every caller
// (§2.5-text).
func TestSalesPlan_textLimits(t *testing.T) {
	draft := func(change func(*salesplan.Details, string)) func(string) error {
		return func(s string) error {
			d := details
			d.CustomerGroups = append([]string{}, details.CustomerGroups...)
			change(&d, s)
			return decided(salesplan.SalesPlan{}.Draft("p-1", d, "mgmt-1", t0))
		}
	}
	approvedSP := domain.Fold(salesplan.SalesPlan.Evolve, approvedPlan...)
	decompose := func(as []salesplan.Allocation) error { return decided(approvedSP.Decompose(as, "head-1", reg, t0)) }
	jan := salesplan.MonthPeriod(2026, 1)
	revise := func(sp salesplan.SalesPlan, changes []salesplan.Allocation, reason string) error {
		return decided(sp.Revise(changes, reason, "head-1", reg, t0))
	}
	active := activeWith(full())
	texttest.Check(t, []texttest.Input{
		{Field: "plan_id", Call: func(s string) error { return decided(salesplan.SalesPlan{}.Draft(s, details, "mgmt-1", t0)) }},
		{Field: "org_unit_id", Call: draft(func(d *salesplan.Details, s string) { d.OrgUnitID = s })},
		{Field: "region", Call: draft(func(d *salesplan.Details, s string) { d.Region = s })},
		{Field: "strategy", Call: draft(func(d *salesplan.Details, s string) { d.Strategy = s })},
		{Field: "customer_groups[0]", Call: draft(func(d *salesplan.Details, s string) { d.CustomerGroups[0] = s })},
		{Field: "comment", Call: func(s string) error {
			return decided(domain.Fold(salesplan.SalesPlan.Evolve, drafted).Review("head-1", domain.RoleDeptHead, true, s, t0))
		}},
		{Field: "comment", Call: func(s string) error {
			return decided(domain.Fold(salesplan.SalesPlan.Evolve, drafted, reviewed).Approve("lead-1", domain.RoleLeadership, s, t0))
		}},
		{Field: "reason", Call: func(s string) error { return decided(active.Close(s, "head-1", t0)) }},
		{Field: "targets[0].period", Formatted: true, Call: func(s string) error {
			as := full()
			as[0].Period = salesplan.Period(s)
			return decompose(as)
		}},
		{Field: "targets[0].assignee_id", Call: func(s string) error { return decompose(renamed("team-a-rep-1", s)) }},
		{Field: "targets[0].team_id", Call: func(s string) error { return decompose(renamed("team-a", s)) }},
		{Field: "targets[0].indicators[0]", Call: func(s string) error {
			as := full()
			as[0].Indicators = []string{s}
			return decompose(as)
		}},
		{Field: "changes[0].assignee_id", Call: func(s string) error {
			changes := []salesplan.Allocation{person(jan, "team-a", s, domain.Yuan(15_000)), person(jan, "team-a", "team-a-rep-2", domain.Yuan(35_000))}
			return revise(activeWith(renamed("team-a-rep-1", s)), changes, "rep-1 on leave")
		}},
		{Field: "changes[0].indicators[0]", Call: func(s string) error {
			rep1 := person(jan, "team-a", "team-a-rep-1", domain.Yuan(25_000))
			rep1.Indicators = []string{s}
			return revise(active, []salesplan.Allocation{rep1}, "new indicator")
		}},
		{Field: "reason", Call: func(s string) error {
			changes := []salesplan.Allocation{person(jan, "team-a", "team-a-rep-1", domain.Yuan(15_000)), person(jan, "team-a", "team-a-rep-2", domain.Yuan(35_000))}
			return revise(active, changes, s)
		}},
	})
}
