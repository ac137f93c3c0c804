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

// utc is a time in UTC; the company's day starts at 16:00 UTC the day
// before (UTC+8).
func utc(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, time.UTC) }

// seedCounters: rep-1 (sales-1) checks in on both sides of two company
// month boundaries (November 30 23:59 and December 1 00:00 company time;
// September 30 23:59 and October 1 00:00), twice in one November day;
// submits a report in October that is rejected in November and counts as
// missing, and one in November rejected without counting; c1's surveys
// score 4 and 5 in November and 2 in December.
func seedCounters(add func(string, ...domain.Event)) {
	add(employee.Stream("rep-1"), employee.Hired{EmployeeID: "rep-1", Name: "Rep One", Role: domain.RoleSalesRep, OrgUnitID: "sales-1",
		SupervisorID: "head-1", ProbationMonths: 3, HiredBy: "hr-1", HiredAt: utc(9, 1, 0, 0)})
	checkIn := func(day string, at time.Time) employee.CheckedIn {
		return employee.CheckedIn{EmployeeID: "rep-1", Slot: "AM", Day: day, CheckedInAt: at}
	}
	report := func(id string, at time.Time) employee.WorkReportSubmitted {
		return employee.WorkReportSubmitted{EmployeeID: "rep-1", ReportID: id, Period: employee.ReportPeriod("DAILY"), Content: "x", SubmittedAt: at}
	}
	reject := func(id string, missing bool, at time.Time) employee.WorkReportRejected {
		return employee.WorkReportRejected{EmployeeID: "rep-1", ReportID: id, Reason: "sloppy", CountsAsMissing: missing, RejectedBy: "head-1", RejectedAt: at}
	}
	add(employee.Stream("rep-1"),
		checkIn("2026-09-30", utc(9, 30, 15, 59)), checkIn("2026-10-01", utc(9, 30, 16, 0)),
		checkIn("2026-11-30", utc(11, 30, 15, 59)), checkIn("2026-12-01", utc(11, 30, 16, 0)),
		employee.CheckedIn{EmployeeID: "rep-1", Slot: "PM", Day: "2026-11-30", CheckedInAt: utc(11, 30, 6, 0)},
		report("r-oct", utc(10, 31, 15, 0)), reject("r-oct", true, utc(11, 2, 1, 0)),
		report("r-nov", utc(11, 3, 1, 0)), reject("r-nov", false, utc(11, 4, 1, 0)))
	add(customer.Stream("c1"), customer.Registered{CustomerID: "c1", Number: "N-c1", Name: "客户 c1", Address: "Addr", PrimaryContact: "Li",
		Phone: "123", Source: customer.SourceReferral, OwnerRepID: "rep-1", OrgUnitID: "sales-1", Region: "east", RegisteredBy: "rep-1",
		RegisteredAt: utc(9, 1, 0, 0)})
	survey := func(id string, score int, at time.Time) customer.SatisfactionRecorded {
		return customer.SatisfactionRecorded{CustomerID: "c1", SurveyID: id, Overall: score, RecordedBy: "cs-1", RecordedAt: at}
	}
	add(customer.Stream("c1"), survey("s1", 4, utc(11, 5, 2, 0)), survey("s2", 5, utc(11, 30, 15, 59)), survey("s3", 2, utc(11, 30, 16, 0)))
}

func rep1(t *testing.T, f kpiFixture, name, period string, keys ...string) queries.KPIRow {
	t.Helper()
	rep := f.report(t, name, period, "person", all)
	for _, r := range rep.Rows {
		if r["person"] == "rep-1" {
			return pick(r, keys...)
		}
	}
	t.Fatalf("%s %s: no row for rep-1 in %v", name, period, rep.Rows)
	return nil
}

// TestKPICounters checks the monthly counters (KPI-counters): a fact
// counts in the company month it happened in, a quarter or a year sums
// its months, a rejection is counted when it happens, not in the month
// of the report it rejects, and applying the facts again adds nothing.
func TestKPICounters(t *testing.T) {
	f := newKPIFixtureOf(t, seedCounters)

	t.Run("given check-ins either side of company midnight, when R12 is asked per period, then each counts in its company month", func(t *testing.T) {
		for period, want := range map[string]int64{"2026-09": 1, "2026-10": 1, "2026-11": 2, "2026-12": 1, "2026-Q3": 1, "2026-Q4": 4, "2026": 5} {
			same(t, "check-ins in "+period, rep1(t, f, "activity-discipline", period, "check_ins")["check_ins"], want)
		}
	})
	t.Run("given two check-ins in one November day, when the counters are read, then the month holds one row counting both and the one of December 1 apart", func(t *testing.T) {
		same(t, "November and December rows", counterRows(t, f, "check_in"),
			[]counterRow{{"2026-09", 1}, {"2026-10", 1}, {"2026-11", 2}, {"2026-12", 1}})
	})
	t.Run("given a report rejected the month after it was submitted, when R12 is asked, then the rejection counts when it happened", func(t *testing.T) {
		same(t, "October", rep1(t, f, "activity-discipline", "2026-10", "reports_submitted", "reports_rejected", "reports_missing"),
			queries.KPIRow{"reports_submitted": int64(1), "reports_rejected": int64(0), "reports_missing": int64(0)})
		same(t, "November", rep1(t, f, "activity-discipline", "2026-11", "reports_submitted", "reports_rejected", "reports_missing"),
			queries.KPIRow{"reports_submitted": int64(1), "reports_rejected": int64(2), "reports_missing": int64(1)})
	})
	t.Run("given scores in two months, when R9 is asked for the month and the quarter, then the mean is over the facts, not the months", func(t *testing.T) {
		same(t, "November", rep1(t, f, "satisfaction-retention", "2026-11", "surveys", "avg_survey_score"),
			queries.KPIRow{"surveys": int64(2), "avg_survey_score": 4.5})
		same(t, "Q4", rep1(t, f, "satisfaction-retention", "2026-Q4", "surveys", "avg_survey_score"),
			queries.KPIRow{"surveys": int64(3), "avg_survey_score": 3.67})
	})
	t.Run("given the facts applied again, when R12 is asked, then nothing is counted twice", func(t *testing.T) {
		readmodeltest.Reapply(t, f.pool, f.store, f.ns, kpi.New())
		same(t, "Q4 check-ins", rep1(t, f, "activity-discipline", "2026-Q4", "check_ins")["check_ins"], int64(4))
		same(t, "counters", counterRows(t, f, "check_in"), []counterRow{{"2026-09", 1}, {"2026-10", 1}, {"2026-11", 2}, {"2026-12", 1}})
	})
	t.Run("the counters rebuild to the same rows", func(t *testing.T) {
		readmodeltest.RebuildMatches(t, f.pool, f.store, f.ns, kpi.New())
	})
}

type counterRow struct {
	Month string
	N     int64
}

// counterRows are the counters of a fact, by company month.
func counterRows(t *testing.T, f kpiFixture, fact string) []counterRow {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), "SELECT to_char(month AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM'), n FROM "+
		pgx.Identifier{string(f.ns), "kpi_monthly"}.Sanitize()+" WHERE fact = $1 ORDER BY month", fact)
	if err != nil {
		t.Fatalf("counters: %v", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[counterRow])
	if err != nil {
		t.Fatalf("counters: %v", err)
	}
	return out
}
