package commands_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/snapshots"
)

// employeeSchema is the schema name employee snapshots are kept under.
var employeeSchema = fmt.Sprintf("employee.Employee/%d", employee.StateSchema)

// employeeClock is the time of an employee handler's commands, which a
// long history moves on by a day at a time.
type employeeClock struct{ now time.Time }

func (c *employeeClock) time() time.Time { return c.now }

func employeeSnapshotHandler(t *testing.T, store eventstore.Store, snaps snapshots.Store, cache int, clock *employeeClock) *commands.Handler {
	t.Helper()
	opts := []commands.Option{commands.WithAggregateCache(cache)}
	if snaps != nil {
		opts = append(opts, commands.WithSnapshots(snaps, snapshotEvery, nil))
	}
	h := commands.New(store, commands.Codec(), clock.time, opts...)
	t.Cleanup(h.Close)
	if err := h.UpgradeCustomerOwnership(context.Background()); err != nil {
		t.Fatal(err)
	}
	return h
}

// employeeLongHistory runs the same commands on h: a hire, then day after
// day check-ins (some repeated, which change nothing), leave requested
// and signed (some signed twice, some requested again), monthly
// appraisals and results (some recorded again, some with another
// figure, which conflicts); between days it calls between(day). It
// returns every answer.
func employeeLongHistory(t *testing.T, h *commands.Handler, clock *employeeClock, days int, between func(day int)) []string {
	t.Helper()
	ctx := context.Background()
	clock.now = employeeT0
	answers := []string{
		answer(h.Employees.RecordQualificationCheck(ctx, employeeHR, commands.RecordQualificationCheck{EmployeeID: "e-1", CandidateName: "Li Lei", Passed: true})),
		answer(h.Employees.HireEmployee(ctx, employeeHR, commands.HireEmployee{EmployeeID: "e-1", Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", SupervisorID: "dh-1"})),
		answer(h.Employees.RecordOnboardingDocuments(ctx, employeeAdmin, commands.RecordOnboardingDocuments{EmployeeID: "e-1", Documents: []string{"ID", "DIPLOMA"}})),
		answer(h.Employees.RecordPreJobTraining(ctx, employeeHR, commands.RecordPreJobTraining{EmployeeID: "e-1", Passed: true})),
		answer(h.Employees.StartWork(ctx, employeeHead, commands.StartWork{EmployeeID: "e-1"})),
	}
	do := func(res commands.Result, err error) { answers = append(answers, answer(res, err)) }
	committee := employeeMeta("ac-1", domain.RoleAppraisalCommittee)
	for day := 1; day <= days; day++ {
		clock.now = employeeT0.AddDate(0, 0, day)
		do(h.Employees.CheckIn(ctx, employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"}))
		do(h.Employees.CheckIn(ctx, employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "NOON"}))
		if day%3 == 0 { // the same slot again the same day changes nothing
			do(h.Employees.CheckIn(ctx, employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"}))
		}
		if day%5 == 0 {
			leave := commands.RequestLeave{EmployeeID: "e-1", LeaveID: fmt.Sprintf("l-%d", day), Reason: "family",
				From: clock.now.AddDate(0, 0, 2), To: clock.now.AddDate(0, 0, 3)}
			do(h.Employees.RequestLeave(ctx, employeeRep, leave))
			do(h.Employees.SignLeave(ctx, employeeHead, commands.SignLeave{EmployeeID: "e-1", LeaveID: leave.LeaveID}))
		}
		if day%10 == 0 { // a leave recorded long before: signed again, requested again
			do(h.Employees.SignLeave(ctx, employeeHead, commands.SignLeave{EmployeeID: "e-1", LeaveID: fmt.Sprintf("l-%d", day-5)}))
			do(h.Employees.RequestLeave(ctx, employeeRep, commands.RequestLeave{EmployeeID: "e-1", LeaveID: "l-5", Reason: "other",
				From: clock.now.AddDate(0, 0, 2), To: clock.now.AddDate(0, 0, 3)}))
		}
		if day%30 == 0 {
			month := time.Date(clock.now.Year(), clock.now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
			grade := employee.GradeFail
			if day%90 == 0 {
				grade = employee.GradeGood
			}
			appraisal := commands.RecordAppraisal{EmployeeID: "e-1", Result: employee.AppraisalResult{AppraisalID: fmt.Sprintf("a-%d", day),
				Cycle: employee.CycleMonthly, PeriodStart: month, Scores: employee.Scores{Self: 60, Superior: 50, Peers: 55, Customers: 40}, Grade: grade}}
			do(h.Employees.RecordAppraisal(ctx, committee, appraisal))
			do(h.Employees.RecordAppraisal(ctx, committee, appraisal)) // again: a no-op
			results := commands.RecordMonthlyResults{EmployeeID: "e-1", Month: month, Amount: domain.Yuan(int64(1000 + day))}
			do(h.Employees.RecordMonthlyResults(ctx, employeeFinance, results))
			results.Amount = domain.Yuan(1) // another figure for a recorded month conflicts
			do(h.Employees.RecordMonthlyResults(ctx, employeeFinance, results))
		}
		between(day)
	}
	return answers
}

func TestSnapshots_deletingEverySnapshotOfAnEmployeeChangesNoAnswer(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given the same long employee history (four months of
			// check-ins, leave, appraisals, results) run with snapshots
			// (taken, all deleted halfway, taken again) and without any,
			// with the cache off so that every command loads the stream
			store, snaps := b.open(t)
			clock := &employeeClock{}
			with := employeeSnapshotHandler(t, store, snaps, 0, clock)
			var takenAt uint64
			taken := false
			withAnswers := employeeLongHistory(t, with, clock, 120, func(day int) {
				commands.FlushSnapshots(with)
				if day == 60 {
					takenAt, taken = snaps.newest(t, employee.Stream("e-1"), employeeSchema)
					snaps.deleteAll(t)
				}
			})
			without := employeeSnapshotHandler(t, memory.New(), nil, 0, clock)
			withoutAnswers := employeeLongHistory(t, without, clock, 120, func(int) {})

			// Then snapshots were used, and every answer is the same
			if !taken {
				t.Fatal("no snapshot of employee-e-1 was taken")
			}
			if got, want := strings.Join(withAnswers, "\n"), strings.Join(withoutAnswers, "\n"); got != want {
				t.Errorf("answers with snapshots:\n%s\nwant those without:\n%s", got, want)
			}
			if v, ok := snaps.newest(t, employee.Stream("e-1"), employeeSchema); !ok || v <= takenAt {
				t.Errorf("newest snapshot after the deletion = version %d, %v; want one taken again", v, ok)
			}
		})
	}
}

func TestSnapshots_cacheMissOnAnEmployeeReadsOnlyTheEventsAfterTheSnapshot(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given a long employee stream with a snapshot near its end
			store, snaps := b.open(t)
			counted := countEvents(store)
			clock := &employeeClock{}
			h := employeeSnapshotHandler(t, counted, snaps, commands.DefaultAggregateCache, clock)
			employeeLongHistory(t, h, clock, 60, func(int) {})
			commands.FlushSnapshots(h)
			snapped, ok := snaps.newest(t, employee.Stream("e-1"), employeeSchema)
			if !ok {
				t.Fatal("no snapshot taken")
			}
			// When another process, its cache empty, takes a check-in
			other := employeeSnapshotHandler(t, counted, snaps, commands.DefaultAggregateCache, clock)
			counted.since(employee.Stream("e-1"))
			clock.now = clock.now.AddDate(0, 0, 1)
			res, err := other.Employees.CheckIn(context.Background(), employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "EVENING"})
			if err != nil {
				t.Fatal(err)
			}
			// Then it read the snapshot's own event and those after it,
			// not the history
			if res.Version < 100 {
				t.Fatalf("stream at %d, want a long one", res.Version)
			}
			if got, want := counted.since(employee.Stream("e-1")), int(res.Version-1-snapped)+1; got != want {
				t.Errorf("events read = %d, want %d (snapshot at %d, stream at %d)", got, want, snapped, res.Version-1)
			}
		})
	}
}
