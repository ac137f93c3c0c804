package kpi_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/kpi"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// seedFiles: rep-1 and rep-2 work in sales-1, rep-3 in sales-2.
//   - c1 (rep-1, sales-1, east, November) negotiates, then is reassigned
//     to rep-2;
//   - c2 (rep-1, sales-1, east, November) cooperates, then moves to the
//     west by a profile update;
//   - c3 (rep-3, sales-2, west, October) is abandoned;
//   - c4 (rep-1, sales-1, east, November) is classified (complete), has
//     a contact on November 5 that sets an appointment on December 3;
//   - c5 (rep-3, October) is reviewed for November;
//   - c6 and c7 (rep-3, August) have their last contact on the day 90
//     days before kpiNow (2026-08-22), one an hour before that moment and
//     one an hour after.
func seedFiles(add func(string, ...domain.Event)) {
	for _, h := range []struct{ id, unit, head string }{{"rep-1", "sales-1", "head-1"}, {"rep-2", "sales-1", "head-1"}, {"rep-3", "sales-2", "head-2"}} {
		add(employee.Stream(h.id), employee.Hired{EmployeeID: h.id, Name: h.id, Role: domain.RoleSalesRep, OrgUnitID: h.unit,
			SupervisorID: h.head, ProbationMonths: 3, HiredBy: "hr-1", HiredAt: oct(1)})
	}
	register := func(id, owner, unit, region string, at time.Time, then ...domain.Event) {
		reg := customer.Registered{CustomerID: id, Number: "N-" + id, Name: "客户 " + id, Address: "Addr", PrimaryContact: "Li",
			Phone: "123", Source: customer.SourceReferral, OwnerRepID: owner, OrgUnitID: unit, Region: region, RegisteredBy: owner, RegisteredAt: at}
		add(customer.Stream(id), append([]domain.Event{reg}, then...)...)
	}
	contact := func(id string, at, next time.Time) customer.ContactLogged {
		return customer.ContactLogged{CustomerID: id, EmployeeID: "rep-1", ContactID: customer.PrimaryContactID, Channel: "PHONE",
			Topic: "t", Outcome: "o", NextAppointmentAt: next, At: at}
	}
	register("c1", "rep-1", "sales-1", "east", nov(2, 0),
		customer.NegotiationStarted{CustomerID: "c1", StartedBy: "rep-1", StartedAt: nov(6, 0)},
		customer.Reassigned{CustomerID: "c1", FromRepID: "rep-1", ToRepID: "rep-2", Reason: "leave", ReassignedBy: "head-1", ReassignedAt: nov(10, 0)})
	register("c2", "rep-1", "sales-1", "east", nov(3, 0),
		customer.BecameCooperating{CustomerID: "c2", ContractID: "k9", FromStage: customer.StageNegotiating, At: nov(7, 0)},
		customer.ProfileUpdated{CustomerID: "c2", Changes: []customer.FieldChange{{Field: customer.FieldRegion, Old: "east", New: "west"}},
			Reason: "moved", UpdatedBy: "rep-1", UpdatedAt: nov(12, 0)})
	register("c3", "rep-3", "sales-2", "west", oct(5),
		customer.Abandoned{CustomerID: "c3", FromStage: customer.StageTarget, Reason: "gone", AbandonedBy: "rep-3", AbandonedAt: oct(20)})
	register("c4", "rep-1", "sales-1", "east", nov(4, 0),
		customer.Classified{CustomerID: "c4", Industry: "machinery", Scale: "large", ClassifiedBy: "rep-1", ClassifiedAt: nov(4, 1)},
		contact("c4", nov(5, 0), time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)))
	register("c5", "rep-3", "sales-2", "west", oct(1),
		customer.FileReviewed{CustomerID: "c5", Month: "2026-11", ReviewerID: "rep-3", ReviewedAt: nov(1, 0)})
	august := func(d, h int) time.Time { return time.Date(2026, 8, d, h, 0, 0, 0, time.UTC) }
	register("c6", "rep-3", "sales-2", "west", august(1, 0), contact("c6", august(22, 11), time.Time{}))
	register("c7", "rep-3", "sales-2", "west", august(1, 0), contact("c7", august(22, 13), time.Time{}))
}

// TestKPICustomerCounters checks the customer counters (KPI-customer-
// counters) against the files worked out by hand: a reassigned file counts
// for its new owner only, a file whose region changed for its new region,
// in every scope, and the counters rebuild to the same rows.
func TestKPICustomerCounters(t *testing.T) {
	f := newKPIFixtureOf(t, seedFiles)
	stages := []string{"person", "target_stage", "negotiating", "cooperating", "abandoned", "conversion", "registered", "appointments_due"}

	t.Run("given c1 reassigned from rep-1 to rep-2, when R3 is asked per person, then c1 counts for rep-2 alone", func(t *testing.T) {
		same(t, "November", rows(f.report(t, "pipeline", "2026-11", "person", all), stages...), []queries.KPIRow{
			{"person": "rep-1", "target_stage": int64(1), "negotiating": int64(0), "cooperating": int64(1), "abandoned": int64(0),
				"conversion": 50.0, "registered": int64(2), "appointments_due": int64(0)},
			{"person": "rep-2", "target_stage": int64(0), "negotiating": int64(1), "cooperating": int64(0), "abandoned": int64(0),
				"conversion": 0.0, "registered": int64(1), "appointments_due": int64(0)},
			{"person": "rep-3", "target_stage": int64(3), "negotiating": int64(0), "cooperating": int64(0), "abandoned": int64(1),
				"conversion": 0.0, "registered": int64(0), "appointments_due": int64(0)},
		})
	})
	t.Run("given c4's appointment on December 3, when R3 is asked for December and for Q4, then it is due in both", func(t *testing.T) {
		same(t, "December", rep1(t, f, "pipeline", "2026-12", "appointments_due", "registered"),
			queries.KPIRow{"appointments_due": int64(1), "registered": int64(0)})
		same(t, "Q4", rep1(t, f, "pipeline", "2026-Q4", "appointments_due", "registered"),
			queries.KPIRow{"appointments_due": int64(1), "registered": int64(2)})
	})
	t.Run("given c2 moved from the east to the west, when R3 is asked per region, then it counts in the west", func(t *testing.T) {
		same(t, "regions", rows(f.report(t, "pipeline", "2026-11", "region", all), "region", "cooperating", "negotiating", "target_stage"), []queries.KPIRow{
			{"region": "east", "cooperating": int64(0), "negotiating": int64(1), "target_stage": int64(1)},
			{"region": "west", "cooperating": int64(1), "negotiating": int64(0), "target_stage": int64(3)},
		})
	})
	t.Run("given the scopes, when R3 is asked as sales-1's head and as rep-2, then each sees its own files only", func(t *testing.T) {
		dept := f.report(t, "pipeline", "2026-11", "person", queries.KPIScope{Kind: queries.ScopeDepartment, OrgUnit: "sales-1"})
		same(t, "sales-1", rows(dept, "person", "negotiating", "cooperating", "target_stage"), []queries.KPIRow{
			{"person": "rep-1", "negotiating": int64(0), "cooperating": int64(1), "target_stage": int64(1)},
			{"person": "rep-2", "negotiating": int64(1), "cooperating": int64(0), "target_stage": int64(0)},
		})
		same(t, "sales-1 totals", pick(dept.Totals, "registered", "conversion"), queries.KPIRow{"registered": int64(3), "conversion": 33.33})
		own := f.report(t, "pipeline", "2026-11", "person", queries.KPIScope{Kind: queries.ScopeOwn, Person: "rep-2"})
		same(t, "rep-2", rows(own, "person", "negotiating", "registered"), []queries.KPIRow{{"person": "rep-2", "negotiating": int64(1), "registered": int64(1)}})
	})
	t.Run("given the files' completeness, reviews and last contacts, when R10 is asked per person, then the 90 days are counted to the moment", func(t *testing.T) {
		same(t, "rows", rows(f.report(t, "customer-file-health", "2026-11", "person", all), "person", "files", "incomplete", "stale", "no_contact_90_days", "unassigned"),
			[]queries.KPIRow{
				{"person": "rep-1", "files": int64(2), "incomplete": int64(1), "stale": int64(0), "no_contact_90_days": int64(1), "unassigned": int64(0)},
				{"person": "rep-2", "files": int64(1), "incomplete": int64(1), "stale": int64(0), "no_contact_90_days": int64(1), "unassigned": int64(0)},
				{"person": "rep-3", "files": int64(4), "incomplete": int64(4), "stale": int64(2), "no_contact_90_days": int64(2), "unassigned": int64(0)},
			})
		own := f.report(t, "customer-file-health", "2026-11", "person", queries.KPIScope{Kind: queries.ScopeOwn, Person: "rep-3"})
		same(t, "rep-3's own totals", pick(own.Totals, "files", "no_contact_90_days"), queries.KPIRow{"files": int64(4), "no_contact_90_days": int64(2)})
	})
	t.Run("given the customer files read model, when the counters are summed per owner, unit and region, then they match its rows", func(t *testing.T) {
		same(t, "files per owner, unit, region and stage", countedFiles(t, f, "kpi_customer_counts", "person, department, region, k1, sum(n)", "kind = 'file'"),
			countedFiles(t, f, "customers", "owner_rep_id, org_unit_id, region, stage, count(*)", "true"))
	})
	t.Run("the counters rebuild to the same rows, and applying the log again adds nothing", func(t *testing.T) {
		readmodeltest.RebuildMatches(t, f.pool, f.store, f.ns, kpi.New())
		same(t, "rep-2 after the rebuild", rows(f.report(t, "pipeline", "2026-11", "person", queries.KPIScope{Kind: queries.ScopeOwn, Person: "rep-2"}),
			"person", "negotiating", "registered"), []queries.KPIRow{{"person": "rep-2", "negotiating": int64(1), "registered": int64(1)}})
	})
}

type fileCount struct {
	Owner, Unit, Region, Stage string
	N                          int64
}

// countedFiles groups a read view's rows by owner, unit, region and stage.
func countedFiles(t *testing.T, f kpiFixture, view, cols, where string) []fileCount {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), "SELECT "+cols+"::bigint FROM "+pgx.Identifier{string(f.ns), view}.Sanitize()+
		" WHERE "+where+" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
	if err != nil {
		t.Fatalf("%s: %v", view, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[fileCount])
	if err != nil {
		t.Fatalf("%s: %v", view, err)
	}
	return out
}
