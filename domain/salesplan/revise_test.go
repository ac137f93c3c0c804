package salesplan_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

func TestSalesPlan_Revise(t *testing.T) {
	jan := salesplan.MonthPeriod(2026, 1)
	active := then(decomposedWith(t, full(), reg), activated)
	rep1 := person(jan, "team-a", "team-a-rep-1", domain.Yuan(15_000))
	rep2 := person(jan, "team-a", "team-a-rep-2", domain.Yuan(35_000))
	revised := func(a salesplan.Allocation) salesplan.TargetRevised {
		return salesplan.TargetRevised{PlanID: "p-1", Allocation: a, Previous: domain.Yuan(25_000), Reason: "rep-1 on leave", RevisedBy: "head-1", RevisedAt: t0}
	}
	tests := []struct {
		decideCase
		changes []salesplan.Allocation
		reason  string
	}{
		{decideCase{name: "moving target between people keeps the sums", given: active,
			want: []domain.Event{revised(rep1), revised(rep2)}}, []salesplan.Allocation{rep1, rep2}, "rep-1 on leave"},
		{decideCase{name: "a revised plan is revised again", given: then(active, revised(rep1), revised(rep2)),
			want: []domain.Event{salesplan.TargetRevised{PlanID: "p-1", Allocation: person(jan, "team-a", "team-a-rep-1", domain.Yuan(25_000)), Previous: domain.Yuan(15_000), Reason: "back", RevisedBy: "head-1", RevisedAt: t0},
				salesplan.TargetRevised{PlanID: "p-1", Allocation: person(jan, "team-a", "team-a-rep-2", domain.Yuan(25_000)), Previous: domain.Yuan(35_000), Reason: "back", RevisedBy: "head-1", RevisedAt: t0}}},
			[]salesplan.Allocation{person(jan, "team-a", "team-a-rep-1", domain.Yuan(25_000)), person(jan, "team-a", "team-a-rep-2", domain.Yuan(25_000))}, "back"},
		{decideCase{name: "a revision that breaks a sum is refused", given: active, wantErr: salesplan.ErrSumMismatch}, []salesplan.Allocation{rep1}, "cut"},
		{decideCase{name: "changing the annual total through the quarters is refused", given: active, wantErr: salesplan.ErrSumMismatch},
			[]salesplan.Allocation{org(salesplan.QuarterPeriod(2026, 1), 310_000)}, "more"},
		{decideCase{name: "unchanged targets record nothing", given: active}, []salesplan.Allocation{person(jan, "team-a", "team-a-rep-1", domain.Yuan(25_000))}, "none"},
		{decideCase{name: "a reason is required", given: active, wantErr: domain.ErrInvalid}, []salesplan.Allocation{rep1, rep2}, ""},
		{decideCase{name: "a plan not yet active is decomposed again instead", given: decomposedWith(t, full(), reg), wantErr: salesplan.ErrNotActive}, []salesplan.Allocation{rep1, rep2}, "x"},
		{decideCase{name: "closed plan", given: then(active, salesplan.Closed{PlanID: "p-1"}), wantErr: salesplan.ErrClosed}, []salesplan.Allocation{rep1, rep2}, "x"},
	}
	for _, tt := range tests {
		check(t, "Revise", []decideCase{tt.decideCase}, func(sp salesplan.SalesPlan) ([]domain.Event, error) {
			return sp.Revise(tt.changes, tt.reason, "head-1", reg, t0)
		})
	}
}

func TestPeriod_Parse(t *testing.T) {
	tests := []struct {
		p        salesplan.Period
		kind     salesplan.PeriodKind
		children int
	}{
		{"2026", salesplan.KindYear, 4},
		{"2026-Q1", salesplan.KindQuarter, 3},
		{"2026-Q4", salesplan.KindQuarter, 3},
		{"2026-03", salesplan.KindMonth, 0},
		{"2026-12", salesplan.KindMonth, 0},
		{"2026-Q5", salesplan.KindInvalid, 0},
		{"2026-13", salesplan.KindInvalid, 0},
		{"2026-00", salesplan.KindInvalid, 0},
		{"2026-+1", salesplan.KindInvalid, 0},
		{"26", salesplan.KindInvalid, 0},
		{"", salesplan.KindInvalid, 0},
	}
	for _, tt := range tests {
		if got := tt.p.Kind(); got != tt.kind {
			t.Errorf("Period(%q).Kind() = %v, want %v", tt.p, got, tt.kind)
		}
		if got := len(tt.p.Children()); got != tt.children {
			t.Errorf("len(Period(%q).Children()) = %d, want %d", tt.p, got, tt.children)
		}
	}
	if got := salesplan.QuarterPeriod(2026, 2).Children(); got[0] != "2026-04" || got[2] != "2026-06" {
		t.Errorf("2026-Q2 children = %v, want 2026-04..2026-06", got)
	}
}
