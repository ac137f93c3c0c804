package readmodels_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/targets"
)

// TestPeopleProjections_RebuildThroughput measures how fast the people
// read models rebuild from a mixed log. It is slow, so it runs only with
// PEOPLE_THROUGHPUT=1. Every read model together must rebuild at least
// 50,000 events of the log per second, so these three alone must do
// better than that: it fails when rebuilding all three, one after the
// other, takes longer than the log at 50,000 events/s.
func TestPeopleProjections_RebuildThroughput(t *testing.T) {
	if os.Getenv("PEOPLE_THROUGHPUT") != "1" {
		t.Skip("set PEOPLE_THROUGHPUT=1 to measure rebuild throughput")
	}
	pool, ns := projectiontest.Pool(t)
	store := memory.New()
	n := seedThroughput(t, store, 10000)
	var total time.Duration
	for _, p := range []projections.Projection{complaints.New(), employees.New(), targets.New()} {
		start := time.Now()
		var applied int64
		_, err := projections.NewRunner(pool, store, ns, p, projections.Options{}).Rebuild(context.Background(),
			func(a int64, _ eventstore.Position) { applied = a })
		if err != nil {
			t.Fatalf("Rebuild %s: %v", p.Name(), err)
		}
		took := time.Since(start)
		total += took
		t.Logf("%s: applied %d of the %d events in %v (%.0f log events/s)", p.Name(), applied, n, took, float64(n)/took.Seconds())
	}
	rate := float64(n) / total.Seconds()
	t.Logf("all three: %d log events in %v: %.0f events/s", n, total, rate)
	if rate < 50000 {
		t.Errorf("the people read models rebuilt %.0f log events/s, want at least 50,000", rate)
	}
}

// seedThroughput appends a log shaped like operations: per unit, an
// employee with a month of check-ins and some conduct, a complaint's
// handling, a signed contract with its later life, and a sales plan
// every tenth unit. It returns the number of events.
func seedThroughput(t *testing.T, store eventstore.Store, units int) int {
	codec := eventstore.NewCodec(append(append(append(employee.Events(), complaint.Events()...), contract.Events()...), salesplan.Events()...)...)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	total := 0
	add := func(stream string, evs ...domain.Event) {
		readmodeltest.Append(t, store, codec, stream, evs...)
		total += len(evs)
	}
	for i := range units {
		e, at := fmt.Sprintf("e%d", i), t0.Add(time.Duration(i)*time.Minute)
		evs := []domain.Event{employee.Hired{EmployeeID: e, Name: e, Role: domain.RoleSalesRep, OrgUnitID: "dept-1", HiredAt: at},
			employee.StartedWork{EmployeeID: e, StartedAt: at}}
		for d := range 20 {
			evs = append(evs, employee.CheckedIn{EmployeeID: e, Slot: "AM", CheckedInAt: at.AddDate(0, 0, d)})
		}
		evs = append(evs, employee.Fined{EmployeeID: e, FineID: "f", Item: "LATE", Amount: domain.Yuan(5), FinedAt: at},
			employee.AppraisalRecorded{EmployeeID: e, AppraisalID: "a", Cycle: employee.CycleMonthly, Grade: employee.GradePass, RatedAt: at})
		add(employee.Stream(e), evs...)
		c := fmt.Sprintf("c%d", i)
		add(complaint.Stream(c), complaint.Received{ComplaintID: c, CustomerID: "k", ReceivedAt: at},
			complaint.Routed{ComplaintID: c, DepartmentID: "qa", RoutedAt: at.Add(time.Minute)},
			complaint.ProgressRecorded{ComplaintID: c, RecordedAt: at.Add(time.Hour)},
			complaint.CustomerUpdated{ComplaintID: c, UpdatedAt: at.Add(2 * time.Hour)},
			complaint.Closed{ComplaintID: c, ClosedAt: at.Add(48 * time.Hour)})
		k := fmt.Sprintf("k%d", i)
		add(contract.Stream(k), contract.Drafted{ContractID: k, DrafterID: e, DrafterOrgUnitID: "dept-1"},
			contract.Signed{ContractID: k, Value: domain.Yuan(100), SignedAt: at},
			contract.PaymentReceived{ContractID: k}, contract.Completed{ContractID: k})
		if i%10 == 0 {
			pl := fmt.Sprintf("p%d", i)
			add(salesplan.Stream(pl), readmodeltest.PlanDrafted(pl, "dept-1", "East", 1200), salesplan.Decomposed{PlanID: pl},
				readmodeltest.Alloc(pl, "2026-01", salesplan.LevelOrgUnit, "dept-1", "", 100),
				readmodeltest.Alloc(pl, "2026-01", salesplan.LevelPerson, e, "team-a", 100), salesplan.Activated{PlanID: pl})
		}
	}
	return total
}
