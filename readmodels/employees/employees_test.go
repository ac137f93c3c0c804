package employees_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

func TestEmployees_ProjectsCareerAppraisalsAndConduct(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	codec := eventstore.NewCodec(employee.Events()...)
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	fine := domain.Money{Minor: 5000, Currency: "CNY"}
	bonus := domain.Yuan(100)
	readmodeltest.Append(t, store, codec, employee.Stream("e1"),
		employee.QualificationChecked{EmployeeID: "e1", CandidateName: "张三", Passed: true, CheckedAt: t0},
		employee.Hired{EmployeeID: "e1", Name: "张三", Role: domain.RoleSalesRep, OrgUnitID: "dept-1", SupervisorID: "e9", HiredAt: day(1)},
		employee.StartedWork{EmployeeID: "e1", StartedAt: day(2), ProbationEndsOn: day(92)},
		employee.CheckedIn{EmployeeID: "e1", Slot: "AM", CheckedInAt: day(2)},
		employee.CheckedIn{EmployeeID: "e1", Slot: "PM", CheckedInAt: day(2).Add(4 * time.Hour)},
		employee.AppraisalRecorded{EmployeeID: "e1", AppraisalID: "a1", Cycle: employee.CycleMonthly, PeriodStart: day(0),
			Scores: employee.Scores{Self: 90, Superior: 80, Peers: 85, Customers: 70}, Grade: employee.GradeGood, RatedBy: "hr", RatedAt: day(30)},
		employee.Fined{EmployeeID: "e1", FineID: "f1", Item: "LATE", Amount: fine, RuleRef: "E12", Reason: "late", FinedBy: "e9", FinedAt: day(31)},
		employee.Fined{EmployeeID: "e1", FineID: "f2", Item: "LATE", Amount: domain.Money{Minor: 2050, Currency: "CNY"}, Reason: "late", FinedBy: "e9", FinedAt: day(32)},
		employee.Rewarded{EmployeeID: "e1", RewardID: "r1", Type: "BONUS", Amount: &bonus, Reason: "deal", GrantedBy: "gm", GrantedAt: day(33)},
		employee.Rewarded{EmployeeID: "e1", RewardID: "r2", Type: "PRAISE", Reason: "team", GrantedBy: "gm", GrantedAt: day(34)},
		employee.Penalized{EmployeeID: "e1", PenaltyID: "p1", Type: "WARNING", Reason: "report", RuleRef: "E12", DecidedBy: "e9", DecidedAt: day(35)},
		employee.LeaveApproved{EmployeeID: "e1", LeaveID: "l1", SignedBy: "e9", SignedAt: day(36)},
		employee.BusinessTripApproved{EmployeeID: "e1", TripID: "t1", ApprovedBy: "e9", ApprovedAt: day(37)},
		employee.ConfirmedRegular{EmployeeID: "e1", ConfirmedBy: "gm", ConfirmedAt: day(60)},
		employee.RoleChanged{EmployeeID: "e1", Kind: "TRANSFER", FromRole: domain.RoleSalesRep, ToRole: domain.RoleTeamSupervisor,
			FromOrgUnitID: "dept-1", ToOrgUnitID: "dept-2", ChangedAt: day(61)},
		employee.AppraisalRecorded{EmployeeID: "e1", AppraisalID: "a2", Cycle: employee.CycleMonthly, PeriodStart: day(59),
			Scores: employee.Scores{Self: 50, Superior: 40, Peers: 45, Customers: 30}, Grade: employee.GradeFail, RatedBy: "hr", RatedAt: day(90)},
		employee.ImprovementPlanStarted{EmployeeID: "e1", AppraisalID: "a2", StartedAt: day(91)},
	)
	readmodeltest.Append(t, store, codec, employee.Stream("e2"),
		employee.Hired{EmployeeID: "e2", Name: "李四", Role: domain.RoleSalesRep, OrgUnitID: "dept-1", SupervisorID: "e9", HiredAt: day(3)},
		employee.StartedWork{EmployeeID: "e2", StartedAt: day(4), ProbationEndsOn: day(94)},
		employee.DepartureInitiated{EmployeeID: "e2", Type: employee.DepartureResign, Reason: "moving", InitiatedAt: day(40)},
		employee.Departed{EmployeeID: "e2", Type: employee.DepartureResign, DepartedAt: day(50)},
	)
	readmodeltest.Append(t, store, codec, employee.Stream("e3"),
		employee.QualificationChecked{EmployeeID: "e3", CandidateName: "王五", Passed: false, CheckedAt: day(5)},
	)
	p := employees.New()
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	q := employees.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "e1 at version 17", func() bool {
		v, err := q.Employee(ctx, "e1")
		return err == nil && v.Version == 17
	})

	t.Run("an employee shows status, position and conduct totals", func(t *testing.T) {
		got, err := q.Employee(ctx, "e1")
		if err != nil {
			t.Fatalf("Employee: %v", err)
		}
		if got.Name != "张三" || got.Status != string(employee.StatusRegular) || got.Role != string(domain.RoleTeamSupervisor) ||
			got.OrgUnitID != "dept-2" || got.SupervisorID != "e9" || got.RegularAt == nil || !got.RegularAt.Equal(day(60)) {
			t.Errorf("e1 = %+v", got)
		}
		if got.Appraisals != 2 || got.LastGrade != "FAIL" || got.LastCycle != "MONTHLY" || !got.ImprovementPlan {
			t.Errorf("e1 appraisal summary = %d %s %s %v", got.Appraisals, got.LastGrade, got.LastCycle, got.ImprovementPlan)
		}
		if got.Fines != 2 || got.FineTotal != "70.50" || got.Rewards != 2 || got.RewardTotal != "100.00" ||
			got.Penalties != 1 || got.Currency != "CNY" || got.LeavesApproved != 1 || got.TripsApproved != 1 {
			t.Errorf("e1 conduct = fines %d %s, rewards %d %s, penalties %d, %s, leaves %d, trips %d", got.Fines, got.FineTotal,
				got.Rewards, got.RewardTotal, got.Penalties, got.Currency, got.LeavesApproved, got.TripsApproved)
		}
	})
	t.Run("departed and rejected people keep their state", func(t *testing.T) {
		e2, err2 := q.Employee(ctx, "e2")
		e3, err3 := q.Employee(ctx, "e3")
		if err2 != nil || e2.Status != "DEPARTED" || e2.DepartureType != "RESIGN" || e2.Version != 4 {
			t.Errorf("e2 = %+v, %v", e2, err2)
		}
		if err3 != nil || e3.Status != "APPLICANT" || e3.Name != "王五" || e3.Version != 1 {
			t.Errorf("e3 = %+v, %v", e3, err3)
		}
	})
	t.Run("an unknown employee is not found", func(t *testing.T) {
		if _, err := q.Employee(ctx, "nobody"); !errors.Is(err, queries.ErrEmployeeNotFound) || !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Employee(nobody) error = %v, want ErrEmployeeNotFound", err)
		}
	})
	t.Run("lists filter, sort and page", func(t *testing.T) {
		for _, tc := range []struct {
			f    queries.EmployeeFilter
			want string
		}{
			{queries.EmployeeFilter{}, "e1 e2 e3"},
			{queries.EmployeeFilter{OrgUnitID: "dept-1"}, "e2"},
			{queries.EmployeeFilter{Status: "APPLICANT"}, "e3"},
			{queries.EmployeeFilter{SupervisorID: "e9", Sort: "-employee_id"}, "e2 e1"},
			{queries.EmployeeFilter{Role: string(domain.RoleSalesRep)}, "e2"},
			{queries.EmployeeFilter{Sort: "name"}, "e1 e2 e3"},
		} {
			if got := employeePages(t, q, tc.f); got != tc.want {
				t.Errorf("Employees(%+v) = %q, want %q", tc.f, got, tc.want)
			}
		}
		var fe *domain.FieldError
		if _, err := q.Employees(ctx, queries.EmployeeFilter{Sort: "salary"}, queries.PageRequest{}); !errors.As(err, &fe) || fe.Field != "sort" {
			t.Errorf("Employees(sort=salary) error = %v, want an invalid sort", err)
		}
	})
	t.Run("appraisal history lists grades and scores with the org unit at the time", func(t *testing.T) {
		page, err := q.Appraisals(ctx, queries.AppraisalFilter{EmployeeID: "e1"}, queries.PageRequest{Limit: 1})
		if err != nil || len(page.Items) != 1 || page.NextCursor == "" {
			t.Fatalf("Appraisals page 1 = %+v, %v", page, err)
		}
		a2 := page.Items[0]
		if a2.AppraisalID != "a2" || a2.Grade != "FAIL" || a2.OrgUnitID != "dept-2" ||
			a2.Scores != (queries.AppraisalScores{Self: 50, Superior: 40, Peers: 45, Customers: 30}) {
			t.Errorf("a2 = %+v", a2)
		}
		next, err := q.Appraisals(ctx, queries.AppraisalFilter{EmployeeID: "e1"}, queries.PageRequest{Limit: 1, Cursor: page.NextCursor})
		if err != nil || len(next.Items) != 1 || next.Items[0].AppraisalID != "a1" || next.Items[0].OrgUnitID != "dept-1" || next.NextCursor != "" {
			t.Errorf("Appraisals page 2 = %+v, %v", next, err)
		}
		if p, err := q.Appraisals(ctx, queries.AppraisalFilter{Grade: "GOOD", OrgUnitID: "dept-1"}, queries.PageRequest{}); err != nil || len(p.Items) != 1 {
			t.Errorf("Appraisals(GOOD, dept-1) = %+v, %v", p, err)
		}
	})
	t.Run("the conduct ledger lists fines with amounts", func(t *testing.T) {
		p, err := q.Conduct(ctx, queries.ConductFilter{EmployeeID: "e1", Kind: queries.ConductFine}, queries.PageRequest{})
		if err != nil || len(p.Items) != 2 || p.Items[0].RecordID != "f2" || p.Items[0].Amount != "20.50" || p.Items[1].Amount != "50.00" {
			t.Errorf("Conduct(fines) = %+v, %v", p, err)
		}
		all, err := q.Conduct(ctx, queries.ConductFilter{OrgUnitID: "dept-1"}, queries.PageRequest{})
		if err != nil || len(all.Items) != 5 || all.Items[0].Kind != "PENALTY" || all.Items[1].Amount != "" {
			t.Errorf("Conduct(dept-1) = %+v, %v", all, err)
		}
		var fe *domain.FieldError
		if _, err := q.Conduct(ctx, queries.ConductFilter{Kind: "BONUS"}, queries.PageRequest{}); !errors.As(err, &fe) {
			t.Errorf("Conduct(kind=BONUS) error = %v, want an invalid field", err)
		}
	})
	t.Run("a rebuild gives the same rows", func(t *testing.T) {
		readmodeltest.AssertRebuildMatches(t, pool, store, ns, p, stop)
	})
}

// employeePages walks every page of a list, one row per page.
func employeePages(t *testing.T, q *employees.Queries, f queries.EmployeeFilter) string {
	t.Helper()
	var ids []string
	page := queries.PageRequest{Limit: 1}
	for range 10 {
		p, err := q.Employees(context.Background(), f, page)
		if err != nil {
			t.Fatalf("Employees(%+v): %v", f, err)
		}
		for _, v := range p.Items {
			ids = append(ids, v.EmployeeID)
		}
		if page.Cursor = p.NextCursor; page.Cursor == "" {
			break
		}
	}
	return strings.Join(ids, " ")
}
