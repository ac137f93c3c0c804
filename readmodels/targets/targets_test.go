package targets_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/targets"
)

// sale drafts a contract by rep in orgUnit and, unless signedAt is zero,
// signs it for yuan.
func sale(t *testing.T, store eventstore.Store, codec *eventstore.Codec, id, rep, orgUnit string, yuan int64, signedAt time.Time) {
	t.Helper()
	evs := []domain.Event{contract.Drafted{ContractID: id, CustomerID: "cust-" + id, DrafterID: rep, DrafterOrgUnitID: orgUnit}}
	if !signedAt.IsZero() {
		evs = append(evs, contract.Signed{ContractID: id, CustomerID: "cust-" + id, Value: domain.Yuan(yuan), SignerID: "gm", SignedAt: signedAt})
	}
	readmodeltest.Append(t, store, codec, contract.Stream(id), evs...)
}

func seedTargets(t *testing.T, store eventstore.Store) {
	codec := eventstore.NewCodec(append(salesplan.Events(), contract.Events()...)...)
	revise := func(id string, yuan int64) salesplan.TargetRevised {
		return salesplan.TargetRevised{PlanID: "p1", Allocation: salesplan.Allocation{Period: "2026-03",
			Level: salesplan.LevelPerson, AssigneeID: id, TeamID: "team-a", Amount: domain.Yuan(yuan)}}
	}
	readmodeltest.Append(t, store, codec, salesplan.Stream("p1"),
		readmodeltest.PlanDrafted("p1", "dept-s", "East", 1200),
		salesplan.Reviewed{PlanID: "p1", Passed: true}, salesplan.Approved{PlanID: "p1"},
		salesplan.Decomposed{PlanID: "p1", Targets: 5},
		readmodeltest.Alloc("p1", "2026-Q1", salesplan.LevelOrgUnit, "dept-s", "", 300),
		readmodeltest.Alloc("p1", "2026-03", salesplan.LevelOrgUnit, "", "", 100),
		readmodeltest.Alloc("p1", "2026-03", salesplan.LevelTeam, "team-a", "", 80),
		readmodeltest.Alloc("p1", "2026-03", salesplan.LevelPerson, "rep-1", "team-a", 50),
		readmodeltest.Alloc("p1", "2026-03", salesplan.LevelPerson, "rep-2", "team-a", 30),
		salesplan.Activated{PlanID: "p1"}, revise("rep-1", 40), revise("rep-2", 40),
	)
	readmodeltest.Append(t, store, codec, salesplan.Stream("p2"),
		readmodeltest.PlanDrafted("p2", "dept-n", "East", 800),
		salesplan.Decomposed{PlanID: "p2"},
		readmodeltest.Alloc("p2", "2026-03", salesplan.LevelOrgUnit, "dept-n", "", 999),
		readmodeltest.Alloc("p2", "2026-03", salesplan.LevelPerson, "rep-old", "team-b", 999),
		salesplan.Decomposed{PlanID: "p2"},
		readmodeltest.Alloc("p2", "2026-03", salesplan.LevelOrgUnit, "dept-n", "", 200),
		readmodeltest.Alloc("p2", "2026-03", salesplan.LevelPerson, "rep-3", "team-b", 200),
	)
	readmodeltest.Append(t, store, codec, salesplan.Stream("p3"),
		readmodeltest.PlanDrafted("p3", "dept-x", "North", 50), readmodeltest.PlanDrafted("p3", "dept-w", "West", 600), // redrafted before review
		readmodeltest.Alloc("p3", "2026-03", salesplan.LevelOrgUnit, "dept-w", "", 100),
	)
	utc := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	sale(t, store, codec, "k1", "rep-1", "team-a", 35, utc(3, 10, 9))
	sale(t, store, codec, "k2", "rep-2", "team-a", 20, utc(3, 31, 17)) // April 1st in company time
	sale(t, store, codec, "k3", "rep-2", "team-a", 10, utc(2, 28, 20)) // March 1st in company time
	sale(t, store, codec, "k4", "boss", "dept-s", 5, utc(3, 20, 9))
	sale(t, store, codec, "k5", "rep-3", "dept-n", 150, utc(3, 5, 9))
	sale(t, store, codec, "k6", "rep-1", "team-a", 0, time.Time{}) // drafted, never signed
}

func TestTargets_SalesVsTargetByDimensionAndPeriod(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	seedTargets(t, store)
	p := targets.New()
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	q := targets.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "every sale projected", func() bool {
		page, err := q.SalesVsTarget(ctx, queries.SalesTargetFilter{Dimension: "region", Period: "2026-03"}, queries.PageRequest{})
		return err == nil && len(page.Items) == 2 && page.Items[0].Actual == "200.00" && page.Items[0].Version == 12
	})

	for _, tc := range []struct {
		name string
		f    queries.SalesTargetFilter
		want string
	}{
		{"people in a month, credited to the drafting rep in company time",
			queries.SalesTargetFilter{Dimension: "person", Period: "2026-03"},
			"rep-1 2026-03 40.00 35.00 87.50|rep-2 2026-03 40.00 10.00 25.00|rep-3 2026-03 200.00 150.00 75.00"},
		{"a team adds up its members",
			queries.SalesTargetFilter{Dimension: "team", Period: "2026-03"},
			"team-a 2026-03 80.00 45.00 56.25"},
		{"departments add up members, teams and their own org unit",
			queries.SalesTargetFilter{Dimension: "department", Period: "2026-03"},
			"dept-n 2026-03 200.00 150.00 75.00|dept-s 2026-03 100.00 50.00 50.00|dept-w 2026-03 100.00 0.00 0.00"},
		{"a department's year and quarter, truncated to two decimals",
			queries.SalesTargetFilter{OrgUnitID: "dept-s"},
			"dept-s 2026 1200.00 70.00 5.83|dept-s 2026-03 100.00 50.00 50.00|dept-s 2026-Q1 300.00 50.00 16.66"},
		{"regions add up their departments",
			queries.SalesTargetFilter{Dimension: "region", Period: "2026-03"},
			"East 2026-03 300.00 200.00 66.66|West 2026-03 100.00 0.00 0.00"},
		{"yearly rows by kind and region",
			queries.SalesTargetFilter{Dimension: "region", PeriodKind: "year", ID: "East"},
			"East 2026 2000.00 220.00 11.00"},
		{"one person across periods in an active plan",
			queries.SalesTargetFilter{Dimension: "person", ID: "rep-2", PlanStatus: "REVISED"},
			"rep-2 2026-03 40.00 10.00 25.00"},
		{"a redecomposed plan keeps only its last decomposition",
			queries.SalesTargetFilter{Dimension: "person", PlanID: "p2"},
			"rep-3 2026-03 200.00 150.00 75.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := salesPages(t, q, tc.f, 2); got != tc.want {
				t.Errorf("SalesVsTarget(%+v) =\n%s\nwant\n%s", tc.f, got, tc.want)
			}
		})
	}
	t.Run("rows carry the plan's stream version and context", func(t *testing.T) {
		page, err := q.SalesVsTarget(ctx, queries.SalesTargetFilter{Dimension: "person", ID: "rep-1"}, queries.PageRequest{})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("SalesVsTarget(rep-1) = %+v, %v", page, err)
		}
		got := page.Items[0]
		if got.Version != 12 || got.PlanID != "p1" || got.TeamID != "team-a" || got.OrgUnitID != "dept-s" ||
			got.Region != "East" || got.PlanStatus != "REVISED" || got.PeriodKind != "MONTH" || got.Currency != "CNY" {
			t.Errorf("rep-1 row = %+v", got)
		}
	})
	t.Run("bad dimensions and period kinds are invalid fields", func(t *testing.T) {
		for _, f := range []queries.SalesTargetFilter{{Dimension: "galaxy"}, {PeriodKind: "week"}} {
			var fe *domain.FieldError
			if _, err := q.SalesVsTarget(ctx, f, queries.PageRequest{}); !errors.As(err, &fe) {
				t.Errorf("SalesVsTarget(%+v) error = %v, want an invalid field", f, err)
			}
		}
		if _, err := q.SalesVsTarget(ctx, queries.SalesTargetFilter{}, queries.PageRequest{Cursor: "x"}); err == nil {
			t.Errorf("a forged cursor: want an error")
		}
	})
	t.Run("the sales are counted per rep, unit and company month", func(t *testing.T) {
		// k2, signed on 31 March at 17:00 UTC, is April's in company time
		// and k3, on 28 February at 20:00 UTC, March's; k6 is not signed.
		if got, want := salesMonths(t, pool, ns), "boss dept-s 2026-03 1 500; rep-1 team-a 2026-03 1 3500; "+
			"rep-2 team-a 2026-03 1 1000; rep-2 team-a 2026-04 1 2000; rep-3 dept-n 2026-03 1 15000"; got != want {
			t.Errorf("sales_months = %s, want %s", got, want)
		}
	})
	t.Run("a rebuild gives the same rows", func(t *testing.T) {
		readmodeltest.AssertRebuildMatches(t, pool, store, ns, p, stop)
	})
}

// salesMonths lists sales_months as "rep unit month sales amount" rows.
func salesMonths(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace) string {
	t.Helper()
	rows, err := pool.Query(context.Background(), "SELECT rep_id, org_unit_id, month, sales, amount_minor FROM "+
		pgx.Identifier{string(ns), "sales_months"}.Sanitize()+" ORDER BY 1, 2, 3")
	if err != nil {
		t.Fatalf("sales_months: %v", err)
	}
	var out []string
	for rows.Next() {
		var rep, unit, month string
		var sales, amount int64
		if err := rows.Scan(&rep, &unit, &month, &sales, &amount); err != nil {
			t.Fatalf("sales_months: %v", err)
		}
		out = append(out, fmt.Sprintf("%s %s %s %d %d", rep, unit, month, sales, amount))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("sales_months: %v", err)
	}
	return strings.Join(out, "; ")
}

// salesPages walks every page of size n and prints "id period target
// actual rate" rows.
func salesPages(t *testing.T, q *targets.Queries, f queries.SalesTargetFilter, n int) string {
	t.Helper()
	var rows []string
	page := queries.PageRequest{Limit: n}
	for range 20 {
		p, err := q.SalesVsTarget(context.Background(), f, page)
		if err != nil {
			t.Fatalf("SalesVsTarget(%+v): %v", f, err)
		}
		for _, v := range p.Items {
			rows = append(rows, fmt.Sprintf("%s %s %s %s %s", v.ID, v.Period, v.Target, v.Actual, v.CompletionRate))
		}
		if page.Cursor = p.NextCursor; page.Cursor == "" {
			break
		}
	}
	return strings.Join(rows, "|")
}
