package targets

import (
	"cmp"
	"slices"

	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one sales plan's events, in stream order, into the plan
// as SalesPlan shows it, with its steps and targets: the projection's own
// fold, in memory. ok is false when the events do not draft the plan.
func FoldView(events []eventstore.Recorded) (v queries.SalesPlanView, ok bool, err error) {
	if len(events) == 0 {
		return v, false, nil
	}
	id := events[0].Stream[len(salesplan.Stream("")):]
	f := &planFold{ids: []string{id}, plans: map[string]*planRow{}, targets: map[string][]*targetRow{}}
	var foldErr error
	err = tables.FoldStream(planEvents, events, func(_ string, e tables.Decoded) {
		if foldErr == nil {
			foldErr = f.apply(e)
		}
	})
	if err == nil {
		err = foldErr
	}
	p := f.plans[id]
	if err != nil || p == nil {
		return v, false, err
	}
	if err := tables.CopyColumns(&v, p); err != nil {
		return v, false, err
	}
	if v.Steps, err = tables.CopyRows[queries.SalesPlanStep](f.steps); err != nil {
		return v, false, err
	}
	targets := f.targets[id]
	slices.SortFunc(targets, compareTargets)
	v.Targets, err = tables.CopyRows[queries.SalesPlanTarget](targets)
	return v, err == nil, err
}

// compareTargets orders targets as SalesPlan reads them: year, quarters,
// months; by start; org unit, teams, people; by team and assignee.
func compareTargets(a, b *targetRow) int {
	return cmp.Or(cmp.Compare(slices.Index(periodKinds, a.PeriodKind), slices.Index(periodKinds, b.PeriodKind)),
		a.PeriodStart.Compare(b.PeriodStart),
		cmp.Compare(slices.Index(targetLevels, a.Level), slices.Index(targetLevels, b.Level)),
		cmp.Compare(a.TeamID, b.TeamID), cmp.Compare(a.AssigneeID, b.AssigneeID))
}

var (
	periodKinds  = []string{"YEAR", "QUARTER", "MONTH"}
	targetLevels = []string{"ORG_UNIT", "TEAM", "PERSON"}
)
