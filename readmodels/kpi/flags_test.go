package kpi_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
)

// seedFlags adds the deadlines' flags: two days without rep-1's daily
// report in November and one in October, and a month without the review
// of c2, rep-2's file, in November.
func seedFlags(add func(string, ...domain.Event)) {
	add(employee.Stream("rep-1"),
		employee.DailyReportMissed{EmployeeID: "rep-1", Day: "2026-10-30", OrgUnitID: "sales-1", FlaggedAt: oct(31)},
		employee.DailyReportMissed{EmployeeID: "rep-1", Day: "2026-11-05", OrgUnitID: "sales-1", FlaggedAt: nov(6, 0)},
		employee.DailyReportMissed{EmployeeID: "rep-1", Day: "2026-11-06", OrgUnitID: "sales-1", FlaggedAt: nov(7, 0)})
	add(customer.Stream("c2"), customer.FileReviewMissed{CustomerID: "c2", Month: "2026-10", OwnerRepID: "rep-2", OrgUnitID: "sales-1", FlaggedAt: nov(1, 0)})
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
