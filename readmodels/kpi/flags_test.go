package kpi_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
)

// seedFlags adds the deadlines' flags: two days without rep-1's daily
// report in November and one in October, a month without the review of
// c2, rep-2's file, in November, and a visit flagged due on k1, rep-1's
// contract, in November.
func seedFlags(add func(string, ...domain.Event)) {
	add(employee.Stream("rep-1"),
		employee.DailyReportMissed{EmployeeID: "rep-1", Day: "2026-10-30", OrgUnitID: "sales-1", FlaggedAt: oct(31)},
		employee.DailyReportMissed{EmployeeID: "rep-1", Day: "2026-11-05", OrgUnitID: "sales-1", FlaggedAt: nov(6, 0)},
		employee.DailyReportMissed{EmployeeID: "rep-1", Day: "2026-11-06", OrgUnitID: "sales-1", FlaggedAt: nov(7, 0)})
	add(customer.Stream("c2"), customer.FileReviewMissed{CustomerID: "c2", Month: "2026-10", OwnerRepID: "rep-2", OrgUnitID: "sales-1", FlaggedAt: nov(1, 0)})
	add(contract.Stream("k1"), contract.CollectionStepDue{ContractID: "k1", InstalmentID: "k1-i1", Step: contract.DunningVisit,
		Outstanding: domain.Yuan(4000), RepID: "rep-1", OrgUnitID: "sales-1", FlaggedAt: nov(20, 0)})
}

// TestKPIs_R12ShowsTheDeadlinesFlags: given the days the system flagged
// without a daily report (E12-missing) and the months it flagged without a
// file's review (C4-missed), when a department head reads activity and
// discipline (R12) for November, then each person's row and their
// department's count that month's flags, credited to the employee and
// the file's owner; October's flag stays in October.
func TestKPIs_R12ShowsTheDeadlinesFlags(t *testing.T) {
	f := newKPIFixture(t)
	keys := []string{"person", "daily_reports_flagged_missing", "file_reviews_flagged_missed"}
	dept := queries.KPIScope{Kind: queries.ScopeDepartment, OrgUnit: "sales-1"}
	same(t, "November by person", rows(f.report(t, "activity-discipline", "2026-11", "person", dept), keys...), []queries.KPIRow{
		{"person": "rep-1", "daily_reports_flagged_missing": int64(2), "file_reviews_flagged_missed": int64(0)},
		{"person": "rep-2", "daily_reports_flagged_missing": int64(0), "file_reviews_flagged_missed": int64(1)},
	})
	same(t, "November by department", rows(f.report(t, "activity-discipline", "2026-11", "department", all),
		"department", "daily_reports_flagged_missing", "file_reviews_flagged_missed"), []queries.KPIRow{
		{"department": "sales-1", "daily_reports_flagged_missing": int64(2), "file_reviews_flagged_missed": int64(1)},
		{"department": "sales-2", "daily_reports_flagged_missing": int64(0), "file_reviews_flagged_missed": int64(0)},
	})
	same(t, "October", rows(f.report(t, "activity-discipline", "2026-10", "person", dept), keys...), []queries.KPIRow{
		{"person": "rep-1", "daily_reports_flagged_missing": int64(1), "file_reviews_flagged_missed": int64(0)},
	})
}

// TestKPIs_R7ShowsTheDunningStepsFlaggedDue: given a visit the system
// flagged due on rep-1's contract in November (K10-ladder), when
// receivables (R7) is read by person for November and October, then
// rep-1's row counts it in November only; by aging bucket, where no flag
// belongs, the column is left out.
func TestKPIs_R7ShowsTheDunningStepsFlaggedDue(t *testing.T) {
	f := newKPIFixture(t)
	november := f.report(t, "receivables", "2026-11", "person", all)
	same(t, "November", rows(november, "person", "dunning_steps_flagged_due"), []queries.KPIRow{
		{"person": "rep-1", "dunning_steps_flagged_due": int64(1)},
		{"person": "rep-3", "dunning_steps_flagged_due": int64(0)},
	})
	for _, r := range rows(f.report(t, "receivables", "2026-10", "person", all), "person", "dunning_steps_flagged_due") {
		if r["dunning_steps_flagged_due"] != int64(0) {
			t.Errorf("October: %v, want no step flagged", r)
		}
	}
	if _, ok := f.report(t, "receivables", "2026-11", "bucket", all).Totals["dunning_steps_flagged_due"]; ok {
		t.Error("the flags belong to no aging bucket, yet the bucket grouping shows them")
	}
}
