package salesplan_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

var (
	t0  = time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	reg = salesplan.DefaultRegulation()

	details = salesplan.Details{
		Year: 2026, OrgUnitID: "sales-east", Region: "East China", Target: domain.Yuan(1_200_000),
		Strategy: "grow key accounts", CustomerGroups: []string{"retail", "hospitals"},
	}
	drafted  = salesplan.Drafted{PlanID: "p-1", Details: details, DraftedBy: "mgmt-1", DraftedAt: t0}
	reviewed = salesplan.Reviewed{PlanID: "p-1", ReviewerID: "head-1", ReviewerRole: domain.RoleDeptHead, Passed: true, ReviewedAt: t0}
	approved = salesplan.Approved{PlanID: "p-1", ApproverID: "lead-1", ApproverRole: domain.RoleLeadership, ApprovedAt: t0}
	returned = salesplan.Reviewed{PlanID: "p-1", ReviewerID: "head-1", ReviewerRole: domain.RoleDeptHead, Comment: "too low", ReviewedAt: t0}

	approvedPlan = []domain.Event{drafted, reviewed, approved}
	activated    = salesplan.Activated{PlanID: "p-1", ActivatedBy: "head-1", ActivatedAt: t0}
)

// full returns a complete decomposition of the 1,200,000 plan: quarters of
// 300,000, months of 100,000, two teams of 50,000 a month, two people per
// team of 25,000 a month. change may alter it before it is returned.
func full(change ...func([]salesplan.Allocation) []salesplan.Allocation) []salesplan.Allocation {
	var as []salesplan.Allocation
	for q := 1; q <= 4; q++ {
		as = append(as, org(salesplan.QuarterPeriod(2026, q), 300_000))
	}
	for m := 1; m <= 12; m++ {
		p := salesplan.MonthPeriod(2026, m)
		as = append(as, org(p, 100_000))
		for _, team := range []string{"team-a", "team-b"} {
			as = append(as, salesplan.Allocation{Period: p, Level: salesplan.LevelTeam, AssigneeID: team, Amount: domain.Yuan(50_000)})
			for i := 1; i <= 2; i++ {
				as = append(as, person(p, team, fmt.Sprintf("%s-rep-%d", team, i), domain.Yuan(25_000)))
			}
		}
	}
	for _, c := range change {
		as = c(as)
	}
	return as
}

func org(p salesplan.Period, yuan int64) salesplan.Allocation {
	return salesplan.Allocation{Period: p, Level: salesplan.LevelOrgUnit, AssigneeID: "sales-east", Amount: domain.Yuan(yuan)}
}

func person(p salesplan.Period, team, id string, amount domain.Money) salesplan.Allocation {
	return salesplan.Allocation{Period: p, Level: salesplan.LevelPerson, AssigneeID: id, TeamID: team, Amount: amount}
}

// set replaces the amount of the target of (period, level, assignee).
func set(p salesplan.Period, level salesplan.Level, id string, amount domain.Money) func([]salesplan.Allocation) []salesplan.Allocation {
	return func(as []salesplan.Allocation) []salesplan.Allocation {
		for i := range as {
			if as[i].Period == p && as[i].Level == level && as[i].AssigneeID == id {
				as[i].Amount = amount
			}
		}
		return as
	}
}

// drop removes every target of period p at level.
func drop(p salesplan.Period, level salesplan.Level) func([]salesplan.Allocation) []salesplan.Allocation {
	return func(as []salesplan.Allocation) []salesplan.Allocation {
		var out []salesplan.Allocation
		for _, a := range as {
			if a.Period != p || a.Level != level {
				out = append(out, a)
			}
		}
		return out
	}
}

// decomposedWith returns the history of a plan decomposed into as under p.
func decomposedWith(t *testing.T, as []salesplan.Allocation, p salesplan.Regulation) []domain.Event {
	t.Helper()
	sp := domain.Fold(salesplan.SalesPlan.Evolve, approvedPlan...)
	events, err := sp.Decompose(as, "head-1", p, t0)
	if err != nil {
		t.Fatalf("Decompose() fixture error = %v", err)
	}
	return append(append([]domain.Event{}, approvedPlan...), events...)
}

type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

func check(t *testing.T, method string, tests []decideCase, when func(salesplan.SalesPlan) ([]domain.Event, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := domain.Fold(salesplan.SalesPlan.Evolve, tt.given...) // given

			got, err := when(sp) // when

			if !errors.Is(err, tt.wantErr) { // then
				t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
			}
		})
	}
}

// then returns a copy of history with events appended, so table rows never
// share a backing array.
func then(history []domain.Event, events ...domain.Event) []domain.Event {
	return append(append([]domain.Event{}, history...), events...)
}
