package employee_test

import (
	"reflect"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// aFullFile is an employee history that touches every record the state
// keeps: check-ins, leave, a trip, reports, an appraisal and its plan,
// fines, rewards, penalties, results, a pending salary and a departure.
func aFullFile() []domain.Event {
	month := t0.AddDate(0, 1, 0)
	return given(atWork,
		employee.CheckedIn{EmployeeID: "e-1", Slot: "AM", Day: "2026-04-07", CheckedInAt: tLate},
		employee.CheckedIn{EmployeeID: "e-1", Slot: "PM", Day: "2026-04-07", CheckedInAt: tLate},
		employee.LeaveRequested{EmployeeID: "e-1", LeaveID: "l-1", From: tLate, To: tLate, RequestedAt: tLate},
		employee.LeaveApproved{EmployeeID: "e-1", LeaveID: "l-1", SignedBy: "dh-1", SignedAt: tLate},
		employee.LeaveRetroactivelyFiled{EmployeeID: "e-1", LeaveID: "l-2", From: t0, To: t0, FiledAt: tLate},
		employee.BusinessTripRequested{EmployeeID: "e-1", TripID: "t-1", StartsAt: tLate.AddDate(0, 0, 3), RequestedAt: tLate},
		employee.WorkReportSubmitted{EmployeeID: "e-1", ReportID: "r-1", SubmittedAt: tLate},
		employee.WorkReportRejected{EmployeeID: "e-1", ReportID: "r-1", RejectedAt: tLate},
		employee.Fined{EmployeeID: "e-1", FineID: "f-1", Amount: domain.Yuan(50), FinedAt: tLate},
		employee.Rewarded{EmployeeID: "e-1", RewardID: "w-1", GrantedAt: tLate},
		employee.Penalized{EmployeeID: "e-1", PenaltyID: "p-1", DecidedAt: tLate},
		employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: "a-1", Cycle: employee.CycleMonthly, PeriodStart: month, Grade: employee.GradeFail, RatedAt: tLate},
		employee.ImprovementPlanStarted{EmployeeID: "e-1", AppraisalID: "a-1", StartedAt: tLate},
		employee.MonthlyResultsRecorded{EmployeeID: "e-1", Month: month, Amount: domain.Yuan(900), RecordedAt: tLate},
		employee.BaseSalaryApproved{EmployeeID: "e-1", Amount: domain.Yuan(8000), ApproverID: "dh-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: tLate},
		employee.DepartureInitiated{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving", InitiatedAt: tLate},
		employee.FilesArchived{EmployeeID: "e-1", ArchivedBy: "hr-1"},
	)
}

func TestEmployeeSnapshot_roundTripOfAFoldedFile(t *testing.T) {
	for name, history := range map[string][]domain.Event{"no events": nil, "hired": onboarding, "a full file": aFullFile()} {
		t.Run(name, func(t *testing.T) {
			// Given the state folded from history
			s := domain.Fold(employee.Employee.Evolve, history...)
			// When it is encoded and decoded
			b, err := s.MarshalSnapshot()
			if err != nil {
				t.Fatal(err)
			}
			got, err := employee.UnmarshalEmployeeSnapshot(b)
			if err != nil {
				t.Fatal(err)
			}
			// Then it is the same state
			if !reflect.DeepEqual(got, s) {
				t.Errorf("round trip\n%#v\nwant\n%#v", got, s)
			}
		})
	}
}

func TestEmployeeSnapshot_decodedStateIsIndependent(t *testing.T) {
	// Given a folded file, its snapshot, and the state decoded from it
	s := domain.Fold(employee.Employee.Evolve, aFullFile()...)
	b, err := s.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := employee.UnmarshalEmployeeSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := employee.UnmarshalEmployeeSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}

	// When the original evolves in place (its history is shared by its
	// copies) with records of every kind
	more := []domain.Event{
		employee.LeaveRequested{EmployeeID: "e-1", LeaveID: "l-9", RequestedAt: tLate},
		employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: "a-9", Cycle: employee.CycleMonthly, PeriodStart: t0.AddDate(0, 2, 0), Grade: employee.GradeFail, RatedAt: tLate},
		employee.Fined{EmployeeID: "e-1", FineID: "f-9", Amount: domain.Yuan(50), FinedAt: tLate},
		employee.MonthlyResultsRecorded{EmployeeID: "e-1", Month: t0.AddDate(0, 2, 0), Amount: domain.Yuan(1), RecordedAt: tLate},
		employee.BaseSalaryApproved{EmployeeID: "e-1", Amount: domain.Yuan(8000), ApproverID: "gm-1", ApproverRole: domain.RoleGM, ApprovedAt: tLate},
	}
	for _, e := range more {
		s = s.Evolve(e)
	}
	// and the decoded one evolves too
	for _, e := range more[:1] {
		decoded = decoded.Evolve(e)
	}

	// Then the second decoded state saw neither: it shares nothing
	if reflect.DeepEqual(again, s) {
		t.Fatal("the decoded state followed the original's evolution")
	}
	fresh, err := employee.UnmarshalEmployeeSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, fresh) {
		t.Errorf("a decoded state changed when others evolved:\n%#v\nwant\n%#v", again, fresh)
	}
}

func TestEmployeeSnapshot_garbageIsAnError(t *testing.T) {
	if _, err := employee.UnmarshalEmployeeSnapshot([]byte(`{"history": 3}`)); err == nil {
		t.Error("UnmarshalEmployeeSnapshot(garbage) error = nil")
	}
}
