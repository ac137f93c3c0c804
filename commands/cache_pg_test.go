package commands_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

func TestAggregateCache_TwoProcessesRace(t *testing.T) {
	twoProcessesRace(t, memory.New())
}

func TestAggregateCache_TwoProcessesRaceOnPostgres(t *testing.T) {
	twoProcessesRace(t, pgtest.Store(t))
}

// twoProcessesRace has two handlers (two processes, each with its cache)
// record visits on one customer from several goroutines each, every
// request sent to both under one idempotency key. A visit's number comes
// from the state it was decided on, so a decision on a stale state that
// got appended would show as a number out of sequence.
func twoProcessesRace(t *testing.T, store eventstore.Store) {
	const goroutines, visits = 3, 8
	w := newCacheWorld(t, store, commands.DefaultAggregateCache)
	ctx := context.Background()
	w.ok(w.h.Customers.RegisterTargetCustomer(ctx, customerRep, customerRegistration))
	w.ok(w.other.Customers.LogContact(ctx, customerRep, logContact("a"))) // both processes know c-1
	for g := range goroutines {
		registerOutings(t, w.store, w.codec, "rep-1", customerNow, visitOutings(fmt.Sprintf("visit-%d", g), visits)...)
	}

	results := map[string][]commands.Result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, h := range []*commands.Handler{w.h, w.other} {
		for g := range goroutines {
			wg.Go(func() {
				for i := range visits {
					key := fmt.Sprintf("visit-%d-%d", g, i)
					res, err := h.Customers.RecordVisit(ctx, keyedMeta(customerRep, key), commands.RecordVisit{CustomerID: "c-1",
						Visit: customer.Visit{OutingRegistrationID: key, Purpose: "follow up", Outcome: customer.OutcomeContinueVisiting}})
					if err != nil && !errors.Is(err, domain.ErrConflict) { // heavy contention may exhaust the retries
						t.Errorf("RecordVisit(%s) error = %v", key, err)
					}
					if err == nil {
						mu.Lock()
						results[key] = append(results[key], res)
						mu.Unlock()
					}
				}
			})
		}
	}
	wg.Wait()

	checkVisitSequence(t, w)
	for key, rs := range results {
		if n := w.keyed(c1, key); n != 1 {
			t.Errorf("events under %s = %d, want 1", key, n)
		}
		for _, r := range rs[1:] {
			if r.Version != rs[0].Version || r.Position != rs[0].Position {
				t.Errorf("results under %s = %+v, want one result", key, rs)
			}
		}
	}
}

// checkVisitSequence fails the test unless the visits of c-1 are numbered
// 1, 2, 3… in stream order.
func checkVisitSequence(t *testing.T, w *cacheWorld) {
	t.Helper()
	events, _ := w.events(c1)
	n := 0
	for _, e := range events {
		if v, ok := e.(customer.Visited); ok {
			n++
			if v.VisitNo != n {
				t.Fatalf("visit %d of the stream has number %d: decided on a stale state", n, v.VisitNo)
			}
		}
	}
	if n == 0 {
		t.Fatal("no visit recorded")
	}
}

// TestAggregateCache_EvolveInPlace races commands on one employee, whose
// Evolve updates maps in place: run with -race, it shows that no two
// commands ever share a cached state.
func TestAggregateCache_EvolveInPlace(t *testing.T) {
	const goroutines, leaves = 4, 6
	w := newCacheWorld(t, memory.New(), commands.DefaultAggregateCache)
	ctx := context.Background()
	w.seedEmployee("e-1")
	self := employeeMeta("e-1", domain.RoleSalesRep)
	request := func(h *commands.Handler, id string) (commands.Result, error) {
		return h.Employees.RequestLeave(ctx, self, commands.RequestLeave{EmployeeID: "e-1", LeaveID: id,
			From: customerNow.AddDate(0, 0, 7), To: customerNow.AddDate(0, 0, 8), Reason: "family"})
	}

	var wg sync.WaitGroup
	for _, h := range []*commands.Handler{w.h, w.other} {
		for g := range goroutines {
			wg.Go(func() {
				for i := range leaves {
					if _, err := request(h, fmt.Sprintf("l-%d-%d", g, i)); err != nil && !errors.Is(err, domain.ErrConflict) {
						t.Errorf("RequestLeave() error = %v", err)
					}
				}
			})
		}
	}
	wg.Wait()

	events, _ := w.events(employee.Stream("e-1"))
	seen := map[string]bool{}
	for _, e := range events {
		if l, ok := e.(employee.LeaveRequested); ok {
			if seen[l.LeaveID] {
				t.Errorf("leave %s requested twice", l.LeaveID)
			}
			seen[l.LeaveID] = true
		}
	}
	for id := range seen {
		if res, err := request(w.h, id); err != nil || res.Events != 0 {
			t.Errorf("repeated RequestLeave(%s) = %+v, %v; want a no-op", id, res, err)
		}
	}
}

// seedEmployee appends the history of an employee at work on probation.
func (w *cacheWorld) seedEmployee(id string) {
	w.t.Helper()
	for i, e := range []domain.Event{
		employee.QualificationChecked{EmployeeID: id, CandidateName: "Li Lei", Passed: true, CheckedBy: "hr-1", CheckedAt: customerNow},
		employee.Hired{EmployeeID: id, Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "ou-1", ProbationMonths: 3, HiredBy: "hr-1", HiredAt: customerNow},
		employee.StartedWork{EmployeeID: id, StartedAt: customerNow, ProbationEndsOn: customerNow.AddDate(0, 3, 0)},
	} {
		data, err := w.codec.Encode(fmt.Sprintf("seed-%s-%d", id, i), e, eventstore.Metadata{ActorID: "seed"})
		if err == nil {
			_, err = w.store.Append(context.Background(), employee.Stream(id), eventstore.Any, data)
		}
		if err != nil {
			w.t.Fatal(err)
		}
	}
}
