package salesplan

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Decompose records the plan's decomposition into quarterly and monthly
// targets for the org unit, its teams and its people, replacing any
// earlier decomposition made before activation. The decomposition must be
// complete and sum within reg.SumTolerance (see checkSums). Submitting the
// current decomposition again records nothing. It refuses a plan not yet
// approved by leadership (ErrNotApproved), an active plan (ErrActive: use
// Revise), a closed plan, malformed targets (domain.ErrInvalid), and
// targets that do not sum (ErrSumMismatch, ErrIncomplete, ErrOrphanTarget).
func (sp SalesPlan) Decompose(allocations []Allocation, by string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(allocationTexts("targets", allocations)...); err != nil {
		return nil, err
	}
	switch sp.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusDraft, StatusReviewed:
		return nil, ErrNotApproved
	case StatusActive, StatusRevised:
		return nil, ErrActive
	case StatusClosed:
		return nil, ErrClosed
	}
	t, err := sp.collect(allocations)
	if err != nil {
		return nil, err
	}
	if sp.Status == StatusDecomposed && t.equal(sp.targets) {
		return nil, nil
	}
	if err := sp.checkSums(t, reg.SumTolerance); err != nil {
		return nil, err
	}
	sorted := t.sorted()
	events := []domain.Event{Decomposed{
		PlanID: sp.ID, Targets: len(sorted), Tolerance: reg.SumTolerance, DecomposedBy: by, DecomposedAt: now,
	}}
	for _, a := range sorted {
		events = append(events, TargetAllocated{PlanID: sp.ID, Allocation: a, AllocatedBy: by, AllocatedAt: now})
	}
	return events, nil
}

// Revise changes targets of an active plan mid-year (D, "定期评估调整"):
// each change replaces the target of its assignee and period, or adds one.
// The revised decomposition must still be complete and sum within
// reg.SumTolerance, so a revision moves amounts between targets; the annual
// target never changes. Changes equal to the current targets record
// nothing. It refuses an empty reason, a plan that is not active
// (ErrNotActive) and a revision that breaks a sum.
func (sp SalesPlan) Revise(changes []Allocation, reason, by string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(allocationTexts("changes", changes), domain.Text("reason", reason))...); err != nil {
		return nil, err
	}
	switch {
	case sp.Status == StatusNone:
		return nil, ErrNotFound
	case sp.Status == StatusClosed:
		return nil, ErrClosed
	case !sp.live():
		return nil, ErrNotActive
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	ch, err := sp.collect(changes)
	if err != nil {
		return nil, err
	}
	var events []domain.Event
	next := sp.targets.with()
	for _, a := range ch.sorted() {
		prev, ok := sp.targets[a.key()]
		if ok && prev.equal(a) {
			continue
		}
		if !ok {
			prev.Amount = domain.Money{Currency: a.Amount.Currency}
		}
		next[a.key()] = a
		events = append(events, TargetRevised{
			PlanID: sp.ID, Allocation: a, Previous: prev.Amount, Reason: reason, RevisedBy: by, RevisedAt: now,
		})
	}
	if len(events) == 0 {
		return nil, nil
	}
	if err := sp.checkSums(next, reg.SumTolerance); err != nil {
		return nil, err
	}
	return events, nil
}
