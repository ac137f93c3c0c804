package salesplan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

func TestSalesPlan_Decompose(t *testing.T) {
	jan, q1, q4 := salesplan.MonthPeriod(2026, 1), salesplan.QuarterPeriod(2026, 1), salesplan.QuarterPeriod(2026, 4)
	oneFen := salesplan.DefaultRegulation()
	oneFen.SumTolerance = domain.Fen(1)
	stray := func(as []salesplan.Allocation) []salesplan.Allocation {
		return append(as, person(jan, "team-x", "rep-x", domain.Yuan(0)))
	}
	dup := func(as []salesplan.Allocation) []salesplan.Allocation { return append(as, as[0]) }
	teamQuarter := func(as []salesplan.Allocation) []salesplan.Allocation {
		return append(as, salesplan.Allocation{Period: q1, Level: salesplan.LevelTeam, AssigneeID: "team-a", Amount: domain.Yuan(150_000)})
	}
	tests := []struct {
		name    string
		given   []domain.Event
		as      []salesplan.Allocation
		reg     salesplan.Regulation
		wantErr error
	}{
		{name: "complete decomposition is accepted", given: approvedPlan, as: full(), reg: reg},
		{name: "quarters off the annual target by one fen are refused", given: approvedPlan,
			as: full(set(q4, salesplan.LevelOrgUnit, "sales-east", domain.Fen(30_000_001))), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "a difference equal to the tolerance is accepted", given: approvedPlan,
			as: full(set(q4, salesplan.LevelOrgUnit, "sales-east", domain.Fen(30_000_001))), reg: oneFen},
		{name: "a difference one fen above the tolerance is refused", given: approvedPlan,
			as: full(set(q4, salesplan.LevelOrgUnit, "sales-east", domain.Fen(30_000_002))), reg: oneFen, wantErr: salesplan.ErrSumMismatch},
		{name: "months not summing to their quarter are refused", given: approvedPlan,
			as: full(set(jan, salesplan.LevelOrgUnit, "sales-east", domain.Yuan(90_000))), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "a missing month is refused", given: approvedPlan, as: full(drop(jan, salesplan.LevelOrgUnit)), reg: reg, wantErr: salesplan.ErrIncomplete},
		{name: "team months not summing to the month are refused", given: approvedPlan,
			as: full(set(jan, salesplan.LevelTeam, "team-a", domain.Yuan(40_000))), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "a month not split among teams is refused", given: approvedPlan, as: full(drop(jan, salesplan.LevelTeam), drop(jan, salesplan.LevelPerson)), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "a team month not split among its people is refused", given: approvedPlan, as: full(drop(jan, salesplan.LevelPerson)), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "people above their team's target are refused", given: approvedPlan,
			as: full(set(jan, salesplan.LevelPerson, "team-a-rep-1", domain.Yuan(30_000))), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "a team quarter needs all its months to agree", given: approvedPlan, as: full(teamQuarter), reg: reg, wantErr: salesplan.ErrSumMismatch},
		{name: "a person in a team without a target is refused", given: approvedPlan, as: full(stray), reg: reg, wantErr: salesplan.ErrOrphanTarget},
		{name: "two targets for one assignee and period are refused", given: approvedPlan, as: full(dup), reg: reg, wantErr: domain.ErrInvalid},
		{name: "a period outside the plan's year is refused", given: approvedPlan, as: append(full(), org("2027-01", 0)), reg: reg, wantErr: domain.ErrInvalid},
		{name: "a plan not approved by leadership cannot be decomposed", given: []domain.Event{drafted, reviewed}, as: full(), reg: reg, wantErr: salesplan.ErrNotApproved},
		{name: "an active plan is revised, not decomposed", given: then(decomposedWith(t, full(), reg), activated), as: full(), reg: reg, wantErr: salesplan.ErrActive},
		{name: "unknown plan", as: full(), reg: reg, wantErr: salesplan.ErrNotFound},
	}
	for _, tt := range tests {
		check(t, "Decompose", []decideCase{{name: tt.name, given: tt.given, wantErr: tt.wantErr, want: wantDecomposed(tt.as, tt.reg, tt.wantErr)}},
			func(sp salesplan.SalesPlan) ([]domain.Event, error) { return sp.Decompose(tt.as, "head-1", tt.reg, t0) })
	}
}

// wantDecomposed is the events an accepted decomposition records: the
// Decomposed marker, then one TargetAllocated per target in sorted order.
func wantDecomposed(as []salesplan.Allocation, p salesplan.Regulation, err error) []domain.Event {
	if err != nil {
		return nil
	}
	sp := domain.Fold(salesplan.SalesPlan.Evolve, salesplan.Decomposed{})
	for _, a := range as {
		sp = sp.Evolve(salesplan.TargetAllocated{Allocation: a})
	}
	want := []domain.Event{salesplan.Decomposed{PlanID: "p-1", Targets: len(as), Tolerance: p.SumTolerance, DecomposedBy: "head-1", DecomposedAt: t0}}
	for _, a := range sp.Targets() {
		want = append(want, salesplan.TargetAllocated{PlanID: "p-1", Allocation: a, AllocatedBy: "head-1", AllocatedAt: t0})
	}
	return want
}

func TestSalesPlan_DecomposeAgain(t *testing.T) {
	given := decomposedWith(t, full(), reg)
	sp := domain.Fold(salesplan.SalesPlan.Evolve, given...)
	if got, err := sp.Decompose(full(), "head-1", reg, t0); err != nil || got != nil {
		t.Errorf("Decompose(same) = %v, %v; want nil, nil", got, err)
	}
	moved := full(set("2026-01", salesplan.LevelPerson, "team-a-rep-1", domain.Yuan(20_000)),
		set("2026-01", salesplan.LevelPerson, "team-a-rep-2", domain.Yuan(30_000)))
	events, err := sp.Decompose(moved, "head-1", reg, t0)
	if err != nil {
		t.Fatalf("Decompose(changed) error = %v", err)
	}
	after := domain.Fold(salesplan.SalesPlan.Evolve, append(given, events...)...)
	if diff := cmp.Diff(len(full()), len(after.Targets())); diff != "" {
		t.Errorf("targets after re-decomposition (-want +got):\n%s", diff)
	}
}
