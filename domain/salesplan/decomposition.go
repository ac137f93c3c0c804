package salesplan

import (
	"fmt"

	"github.com/opsledger/opsledger/domain"
)

// checkSums decides whether t is a complete decomposition of the plan's
// annual target. "Fully decomposed" means (D, from §5.14-decomposition):
//
//  1. The org unit has all four quarter targets, summing to the annual
//     target, and all three month targets of each quarter, summing to the
//     quarter ("annual → quarterly → monthly").
//  2. Every month of the org unit is split among teams, whose month
//     targets sum to it; every team month target is split among its
//     salespeople, whose targets sum to it ("下达给各销售团队与销售人员",
//     "分解到个人"). A zero target needs no children.
//  3. Optional coarser targets must agree too: if teams (or people) are
//     given quarter or year targets for a period, those sum to the parent's
//     target of the period, and a team's or person's quarter (or year) with
//     any month (or quarter) targets has all of them, summing to it.
//  4. Every team target has an org-unit target for its period, and every
//     person target a target of their team for the period.
//
// "Sum to" means |Σ children − parent| ≤ tol. Children never "not exceed"
// a parent loosely: a remainder no one is accountable for would break the
// seed's "decomposed down to individuals".
func (sp SalesPlan) checkSums(t targets, tol domain.Money) error {
	root := Allocation{
		Period: YearPeriod(sp.Details.Year), Level: LevelOrgUnit,
		AssigneeID: sp.Details.OrgUnitID, Amount: sp.Details.Target,
	}
	all := t.with(root)
	for _, a := range all.sorted() {
		if err := checkPeriods(all, a, tol); err != nil {
			return err
		}
	}
	children, err := orgChildren(all, sp.Details.OrgUnitID)
	if err != nil {
		return err
	}
	for _, a := range all.sorted() {
		sum, n := children[a.key()].sum, children[a.key()].n
		mustSplit := a.Period.Kind() == KindMonth && a.Level != LevelPerson
		if (mustSplit || n > 0) && !within(sum, a.Amount, tol) {
			return mismatch(a, "its teams or people", sum, tol)
		}
	}
	return nil
}

type childSum struct {
	sum domain.Money
	n   int
}

// orgChildren sums the team targets under each org-unit target and the
// person targets under each team target, refusing targets without parent.
func orgChildren(all targets, orgUnitID string) (map[key]childSum, error) {
	out := map[key]childSum{}
	for _, a := range all.sorted() {
		var parent key
		switch a.Level {
		case LevelTeam:
			parent = key{a.Period, LevelOrgUnit, orgUnitID}
		case LevelPerson:
			parent = key{a.Period, LevelTeam, a.TeamID}
		default:
			continue
		}
		if _, ok := all[parent]; !ok {
			return nil, fmt.Errorf("%w: %s has no %s target for %s", ErrOrphanTarget, a.label(), parent.level, a.Period)
		}
		c := out[parent]
		sum, err := c.sum.Add(a.Amount)
		if err != nil {
			return nil, err
		}
		out[parent] = childSum{sum, c.n + 1}
	}
	return out, nil
}

// checkPeriods checks a's quarter or month targets (same assignee): all
// present when required (org unit) or when any is given, and summing to a.
func checkPeriods(all targets, a Allocation, tol domain.Money) error {
	periods := a.Period.Children()
	sum, n := domain.Money{Currency: currencyOf(a.Amount)}, 0
	for _, p := range periods {
		c, ok := all[key{p, a.Level, a.AssigneeID}]
		if !ok {
			continue
		}
		var err error
		if sum, err = sum.Add(c.Amount); err != nil {
			return err
		}
		n++
	}
	if len(periods) == 0 || (n == 0 && a.Level != LevelOrgUnit) {
		return nil
	}
	if n < len(periods) {
		return fmt.Errorf("%w: %s has %d of its %d sub-period targets", ErrIncomplete, a.label(), n, len(periods))
	}
	if !within(sum, a.Amount, tol) {
		return mismatch(a, "its sub-periods", sum, tol)
	}
	return nil
}

func within(sum, parent, tol domain.Money) bool {
	d := sum.Minor - parent.Minor
	return d <= tol.Minor && -d <= tol.Minor
}

func mismatch(a Allocation, what string, sum, tol domain.Money) error {
	return fmt.Errorf("%w: %s sum to %s for %s, target is %s (tolerance %s)",
		ErrSumMismatch, what, sum.Decimal(), a.label(), a.Amount.Decimal(), tol.Decimal())
}
