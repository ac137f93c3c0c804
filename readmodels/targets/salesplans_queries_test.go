package targets_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/targets"
)

func TestTargets_SalesPlans(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	seedTargets(t, store)
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, targets.New(), projectiontest.FastOptions()))
	q := targets.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "every plan projected", func() bool {
		v, err := q.SalesPlan(ctx, "p1")
		return err == nil && v.Version == 12
	})

	t.Run("a plan carries its workflow steps and targets in period order", func(t *testing.T) {
		v, err := q.SalesPlan(ctx, "p1")
		if err != nil {
			t.Fatal(err)
		}
		var steps, targets []string
		for _, s := range v.Steps {
			steps = append(steps, fmt.Sprintf("%d %s %s", s.Seq, s.Step, s.Decision))
		}
		for _, x := range v.Targets {
			targets = append(targets, fmt.Sprintf("%s %s %s %d", x.Period, x.Level, x.AssigneeID, x.Amount))
		}
		if got := strings.Join(steps, "|"); got != "1 DRAFTED |2 REVIEWED PASSED|3 APPROVED PASSED|4 DECOMPOSED |10 ACTIVATED " {
			t.Errorf("steps = %q", got)
		}
		want := "2026 ORG_UNIT dept-s 120000|2026-Q1 ORG_UNIT dept-s 30000|2026-03 ORG_UNIT dept-s 10000|" +
			"2026-03 TEAM team-a 8000|2026-03 PERSON rep-1 4000|2026-03 PERSON rep-2 4000"
		if got := strings.Join(targets, "|"); got != want {
			t.Errorf("targets =\n%s\nwant\n%s", got, want)
		}
		if v.Status != "REVISED" || v.Strategy != "grow" || v.CustomerGroups == nil || len(v.CustomerGroups) != 0 {
			t.Errorf("p1 = %+v", v)
		}
	})
	t.Run("a redrafted plan has a step per draft and its last details", func(t *testing.T) {
		v, err := q.SalesPlan(ctx, "p3")
		if err != nil || v.Status != "DRAFT" || v.OrgUnitID != "dept-w" || len(v.Steps) != 2 || v.Steps[1].Step != "DRAFTED" {
			t.Errorf("p3 = %+v, %v", v, err)
		}
	})
	t.Run("lists filter and page", func(t *testing.T) {
		var ids []string
		page := queries.PageRequest{Limit: 1}
		for range 5 {
			p, err := q.SalesPlans(ctx, queries.SalesPlanFilter{Year: 2026, Region: "East", Sort: "year"}, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range p.Items {
				ids = append(ids, v.PlanID)
			}
			if page.Cursor = p.NextCursor; page.Cursor == "" {
				break
			}
		}
		if got := strings.Join(ids, ","); got != "p1,p2" {
			t.Errorf("East plans of 2026 = %s, want p1,p2", got)
		}
	})
	t.Run("an unknown plan is not found", func(t *testing.T) {
		if _, err := q.SalesPlan(ctx, "nope"); !errors.Is(err, queries.ErrSalesPlanNotFound) {
			t.Errorf("SalesPlan(nope) error = %v", err)
		}
	})
}
