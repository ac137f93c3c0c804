package training_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	trainingmodel "github.com/opsledger/opsledger/readmodels/training"
)

var march = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

func hired(id, unit string) employee.Hired {
	return employee.Hired{EmployeeID: id, Name: id, Role: domain.RoleSalesRep, OrgUnitID: unit, ProbationMonths: 3, HiredAt: march.AddDate(0, -3, 0)}
}

// session is a session of unit held in month for minutes, attended by
// attendees.
func session(id, unit, month string, minutes int, attendees ...string) []domain.Event {
	out := []domain.Event{
		training.SessionScheduled{SessionID: id, SessionDetails: training.SessionDetails{PlanID: "tp-" + unit, OrgUnitID: unit,
			Title: "session " + id, Kind: training.KindProfessional, Mode: training.ModeInternal, Trainer: "head", StartsAt: march, DurationMinutes: 60}},
		training.SessionHeld{SessionID: id, OrgUnitID: unit, HeldAt: march, Month: month, DurationMinutes: minutes, Counts: minutes >= 60, Attendees: len(attendees)},
	}
	for _, a := range attendees {
		out = append(out, training.AttendanceRecorded{SessionID: id, EmployeeID: a, Month: month, DurationMinutes: minutes})
	}
	return out
}

// trainingFixture: ou-sales holds a 60-minute session in March (rep-1
// passes its exam and earns a certificate with a 300.00 reward) and a
// 59-minute one; ou-service holds only a 59-minute session in March and
// a 60-minute one in April; ou-plans has nobody on file but an approved
// 2026 plan; rep-3 attended nothing.
func trainingFixture(t *testing.T) readmodeltest.Fixture[*trainingmodel.Queries] {
	codec := eventstore.NewCodec(slices.Concat(employee.Events(), training.Events())...)
	score := 80
	reward := domain.Yuan(300)
	return readmodeltest.NewFixture(t, memory.New(), codec, trainingmodel.New(), trainingmodel.NewQueries, func(add func(string, ...domain.Event)) {
		add(employee.Stream("rep-1"), hired("rep-1", "ou-sales"))
		add(employee.Stream("rep-2"), hired("rep-2", "ou-service"))
		add(employee.Stream("rep-3"), hired("rep-3", "ou-sales"))
		add(training.PlanStream("tp-plans"), training.PlanDrafted{PlanID: "tp-plans", PlanDetails: training.PlanDetails{Year: 2026, OrgUnitID: "ou-plans"}},
			training.PlanReviewed{PlanID: "tp-plans", Passed: true}, training.PlanApproved{PlanID: "tp-plans"})
		add(training.SessionStream("s-1"), append(session("s-1", "ou-sales", "2026-03", 60, "rep-1"),
			training.Evaluated{SessionID: "s-1", EmployeeID: "rep-1", Method: training.MethodExam, Score: &score, Passed: true, EvaluatedAt: march},
			training.CertificateAwarded{SessionID: "s-1", EmployeeID: "rep-1", CertificateID: "cert-1", Name: "Margin quoting", Reward: &reward, AwardedAt: march})...)
		add(training.SessionStream("s-2"), session("s-2", "ou-sales", "2026-03", 59, "rep-1")...)
		add(training.SessionStream("s-3"), session("s-3", "ou-service", "2026-03", 59, "rep-2")...)
		add(training.SessionStream("s-4"), session("s-4", "ou-service", "2026-04", 60, "rep-2")...)
	})
}

func TestTraining_Record(t *testing.T) {
	f := trainingFixture(t)
	ctx := context.Background()
	t.Run("an employee's record lists each session attended with its evaluation and certificates", func(t *testing.T) {
		v, err := f.Q.TrainingRecord(ctx, "rep-1")
		if err != nil {
			t.Fatal(err)
		}
		if v.OrgUnitID != "ou-sales" || v.Minutes != 119 || len(v.Sessions) != 2 || len(v.Certificates) != 1 {
			t.Fatalf("record = %+v", v)
		}
		first, second := v.Sessions[0], v.Sessions[1]
		if first.SessionID != "s-1" || !first.Counts || first.Score == nil || *first.Score != 80 || first.Passed == nil || !*first.Passed {
			t.Errorf("s-1 = %+v, want counted, scored 80, passed", first)
		}
		if second.SessionID != "s-2" || second.Counts || second.Method != nil {
			t.Errorf("s-2 = %+v, want 59 minutes not counted (§5.19), not evaluated", second)
		}
		if c := v.Certificates[0]; c.CertificateID != "cert-1" || c.Reward == nil || *c.Reward != queries.MinorUnits(domain.Yuan(300).Minor) {
			t.Errorf("certificate = %+v, want cert-1 with its 300.00 reward", c)
		}
	})
	t.Run("an employee who attended nothing has an empty record", func(t *testing.T) {
		v, err := f.Q.TrainingRecord(ctx, "rep-3")
		if err != nil || len(v.Sessions) != 0 || len(v.Certificates) != 0 || v.Minutes != 0 || v.OrgUnitID != "ou-sales" {
			t.Fatalf("record = %+v, %v", v, err)
		}
	})
}

func TestTraining_DepartmentsMissingTheMonthlySession(t *testing.T) {
	f := trainingFixture(t)
	ctx := context.Background()
	got, err := f.Q.DepartmentTrainingMonths(ctx, "2026-03", "", false)
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.DepartmentTrainingMonth{
		{OrgUnitID: "ou-plans", Month: "2026-03", Missing: true},
		{OrgUnitID: "ou-sales", Month: "2026-03", CountedSessions: 1, ShortSessions: 1},
		{OrgUnitID: "ou-service", Month: "2026-03", ShortSessions: 1, Missing: true},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("March = %+v\nwant %+v", got, want)
	}
	tests := []struct {
		name    string
		month   string
		unit    string
		missing []string
	}{
		{"a 59-minute session does not count: the department misses March (§5.19)", "2026-03", "ou-service", []string{"ou-service"}},
		{"a 60-minute session counts: April is not missed (§5.19)", "2026-04", "ou-service", nil},
		{"a department with an approved plan and nobody on file is still bound", "2026-03", "ou-plans", []string{"ou-plans"}},
		{"every department of a month without sessions misses it", "2026-05", "", []string{"ou-plans", "ou-sales", "ou-service"}},
		{"a plan of 2026 binds no department in 2027", "2027-01", "ou-plans", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := f.Q.DepartmentTrainingMonths(ctx, tt.month, tt.unit, true)
			if err != nil {
				t.Fatal(err)
			}
			var units []string
			for _, r := range rows {
				units = append(units, r.OrgUnitID)
			}
			if !slices.Equal(units, tt.missing) {
				t.Errorf("missing in %s = %v, want %v", tt.month, units, tt.missing)
			}
		})
	}
}
