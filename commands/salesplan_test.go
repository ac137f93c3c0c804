package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	salesPlanNow = time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)

	salesPlanMgmt   = inOrgUnit(salesPlanMeta("mgmt-1", domain.RoleSalesMgmt), "sales-east")
	salesPlanHead   = inOrgUnit(salesPlanMeta("head-1", domain.RoleDeptHead), "sales-east")
	salesPlanLeader = salesPlanMeta("lead-1", domain.RoleLeadership)

	salesPlanDraft = commands.DraftSalesPlan{PlanID: "sp-1", Details: salesplan.Details{
		Year: 2026, OrgUnitID: "sales-east", Region: "East China", Target: domain.Yuan(120_000),
		Strategy: "key accounts", CustomerGroups: []string{"hospitals"},
	}}
)

// salesPlanTargets is a complete decomposition of the 120,000 plan: four
// quarters of 30,000, months of 10,000, one team and one rep per month.
func salesPlanTargets() []salesplan.Allocation {
	var as []salesplan.Allocation
	for q := 1; q <= 4; q++ {
		as = append(as, salesplan.Allocation{Period: salesplan.QuarterPeriod(2026, q), Level: salesplan.LevelOrgUnit, Amount: domain.Yuan(30_000)})
	}
	for m := 1; m <= 12; m++ {
		p := salesplan.MonthPeriod(2026, m)
		as = append(as,
			salesplan.Allocation{Period: p, Level: salesplan.LevelOrgUnit, Amount: domain.Yuan(10_000)},
			salesplan.Allocation{Period: p, Level: salesplan.LevelTeam, AssigneeID: "team-a", Amount: domain.Yuan(10_000)},
			salesplan.Allocation{Period: p, Level: salesplan.LevelPerson, AssigneeID: "rep-1", TeamID: "team-a", Amount: domain.Yuan(10_000), Indicators: []string{"3 visits a week"}})
	}
	return as
}

func salesPlanMeta(id string, role domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{role}}, Reason: "test " + id}
}

type salesPlanWorld struct {
	t     *testing.T
	h     *commands.Handler
	store *memory.Store
}

func newSalesPlanWorld(t *testing.T) *salesPlanWorld {
	store := memory.New()
	h := commands.New(store, eventstore.NewCodec(salesplan.Events()...), func() time.Time { return salesPlanNow })
	return &salesPlanWorld{t: t, h: h, store: store}
}

func (w *salesPlanWorld) must(res commands.Result, err error) commands.Result {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("command error = %v", err)
	}
	return res
}

func (w *salesPlanWorld) records() []eventstore.Recorded {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), salesplan.Stream("sp-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	return recs
}

// approved drives sp-1 through drafting, review and approval.
func (w *salesPlanWorld) approved() *salesPlanWorld {
	ctx := context.Background()
	w.must(w.h.SalesPlans.DraftSalesPlan(ctx, salesPlanMgmt, salesPlanDraft))
	w.must(w.h.SalesPlans.ReviewSalesPlan(ctx, salesPlanHead, commands.ReviewSalesPlan{PlanID: "sp-1", Passed: true}))
	w.must(w.h.SalesPlans.ApproveSalesPlan(ctx, salesPlanLeader, commands.ApproveSalesPlan{PlanID: "sp-1"}))
	return w
}

func TestHandler_SalesPlanLifecycle(t *testing.T) {
	ctx := context.Background()
	w := newSalesPlanWorld(t).approved()
	res := w.must(w.h.SalesPlans.DecomposeSalesPlan(ctx, salesPlanHead, commands.DecomposeSalesPlan{PlanID: "sp-1", Targets: salesPlanTargets()}))
	if want := 1 + len(salesPlanTargets()); res.Events != want {
		t.Errorf("DecomposeSalesPlan() Events = %d, want %d (marker + targets)", res.Events, want)
	}
	w.must(w.h.SalesPlans.ActivateSalesPlan(ctx, salesPlanHead, commands.ActivateSalesPlan{PlanID: "sp-1"}))

	recs := w.records()
	approval := recs[2]
	if approval.Type != "salesplan.approved" || approval.Metadata.ActorID != "lead-1" ||
		approval.Metadata.ActorRole != domain.RoleLeadership || approval.Metadata.RegulationVersion != "salesplan/default" {
		t.Errorf("approval record = %s %+v, want salesplan.approved by lead-1 as LEADERSHIP under salesplan/default", approval.Type, approval.Metadata)
	}
	if last := recs[len(recs)-1].Type; last != "salesplan.activated" {
		t.Errorf("last event = %s, want salesplan.activated", last)
	}
}

func TestHandler_DecomposeSalesPlan(t *testing.T) {
	ctx := context.Background()
	t.Run("a decomposition that does not sum is refused and records nothing", func(t *testing.T) {
		w := newSalesPlanWorld(t).approved()
		targets := salesPlanTargets()
		targets[0].Amount = domain.Yuan(29_999) // Q1 no longer sums with its months
		_, err := w.h.SalesPlans.DecomposeSalesPlan(ctx, salesPlanHead, commands.DecomposeSalesPlan{PlanID: "sp-1", Targets: targets})
		if !errors.Is(err, salesplan.ErrSumMismatch) || !errors.Is(err, domain.ErrRejected) {
			t.Errorf("DecomposeSalesPlan() error = %v, want salesplan.ErrSumMismatch (rejected)", err)
		}
		if n := len(w.records()); n != 3 {
			t.Errorf("stream has %d events, want the 3 of drafting and approval", n)
		}
	})
	t.Run("the tolerance of the regulation in force applies", func(t *testing.T) {
		w := newSalesPlanWorld(t).approved()
		var versions domain.RegulationVersions[salesplan.Regulation]
		lenient := salesplan.DefaultRegulation()
		lenient.SumTolerance = domain.Fen(100)
		versions.Add(domain.RegulationVersion{ID: "salesplan/2025-11", EffectiveFrom: salesPlanNow.AddDate(0, -1, 0)}, lenient)
		w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{SalesPlan: &versions}))
		targets := salesPlanTargets()
		targets[0].Amount = domain.Fen(3_000_100) // Q1 one yuan above its months and the year
		w.must(w.h.SalesPlans.DecomposeSalesPlan(ctx, salesPlanHead, commands.DecomposeSalesPlan{PlanID: "sp-1", Targets: targets}))
		if v := w.records()[3].Metadata.RegulationVersion; v != "salesplan/2025-11" {
			t.Errorf("decomposed regulation version = %q, want salesplan/2025-11", v)
		}
	})
	t.Run("a repeated idempotency key has one effect", func(t *testing.T) {
		w := newSalesPlanWorld(t).approved()
		m := salesPlanHead
		m.IdempotencyKey = "decompose-1"
		cmd := commands.DecomposeSalesPlan{PlanID: "sp-1", Targets: salesPlanTargets()}
		first := w.must(w.h.SalesPlans.DecomposeSalesPlan(ctx, m, cmd))
		again := w.must(w.h.SalesPlans.DecomposeSalesPlan(ctx, m, cmd))
		if !again.Replayed || again.Version != first.Version || again.Events != first.Events {
			t.Errorf("repeat = %+v, want a replay of %+v", again, first)
		}
		if n := len(w.records()); n != 3+first.Events {
			t.Errorf("stream has %d events, want %d", n, 3+first.Events)
		}
	})
}

func TestHandler_SalesPlanRoles(t *testing.T) {
	ctx := context.Background()
	rep := salesPlanMeta("rep-1", domain.RoleSalesRep)
	tests := []struct {
		name string
		run  func(w *salesPlanWorld) error
	}{
		{"a sales rep cannot draft a plan", func(w *salesPlanWorld) error {
			_, err := w.h.SalesPlans.DraftSalesPlan(ctx, rep, salesPlanDraft)
			return err
		}},
		{"sales management cannot review a plan", func(w *salesPlanWorld) error {
			_, err := w.h.SalesPlans.ReviewSalesPlan(ctx, salesPlanMgmt, commands.ReviewSalesPlan{PlanID: "sp-1", Passed: true})
			return err
		}},
		{"the department head cannot approve a plan", func(w *salesPlanWorld) error {
			_, err := w.h.SalesPlans.ApproveSalesPlan(ctx, salesPlanHead, commands.ApproveSalesPlan{PlanID: "sp-1"})
			return err
		}},
		{"leadership does not decompose a plan", func(w *salesPlanWorld) error {
			_, err := w.h.SalesPlans.DecomposeSalesPlan(ctx, salesPlanLeader, commands.DecomposeSalesPlan{PlanID: "sp-1", Targets: salesPlanTargets()})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newSalesPlanWorld(t)
			w.must(w.h.SalesPlans.DraftSalesPlan(ctx, salesPlanMgmt, salesPlanDraft))
			if err := tt.run(w); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("error = %v, want domain.ErrForbidden", err)
			}
			if diff := cmp.Diff(1, len(w.records())); diff != "" {
				t.Errorf("events recorded by a refused command (-want +got):\n%s", diff)
			}
		})
	}
}
