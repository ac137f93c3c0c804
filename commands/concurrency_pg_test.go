package commands_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// The concurrency rules of the command layer, held on the real PostgreSQL
// store: its unique (stream, version) constraint decides the races.

func TestApproveContractByDeptHead_raceOnPostgres(t *testing.T) {
	contractRacingApprovals(t, &contractBarrierStore{Store: pgtest.Store(t), stream: contract.Stream("k-1")})
}

func TestIdempotencyKey_parallelRepeatsOnPostgres(t *testing.T) {
	const parallel = 8
	store := &contractBarrierStore{Store: pgtest.Store(t), stream: contract.Stream("k-1")}
	w := newContractWorldOn(t, store)
	ctx := context.Background()
	w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
	commands.ForgetAggregates(w.h) // every copy must read the stream for the barrier to line them up
	store.arm(parallel)            // every copy of the request decides on the same version

	m := contractRep
	m.IdempotencyKey = "submit-k-1-once"
	var wg sync.WaitGroup
	results := make([]commands.Result, parallel)
	errs := make([]error, parallel)
	for i := range parallel {
		wg.Go(func() {
			results[i], errs[i] = w.h.Contracts.SubmitContract(ctx, m, commands.SubmitContract{ContractID: "k-1", RegistrationNo: "REG-1", DocumentHash: contractHash})
		})
	}
	wg.Wait()

	if n := w.count("contract.registered"); n != 1 {
		t.Fatalf("registered events after %d parallel repeats = %d, want exactly 1", parallel, n)
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("repeat %d error = %v, want success (a replay)", i, err)
			continue
		}
		if results[i].Version != results[0].Version || results[i].Position != results[0].Position {
			t.Errorf("repeat %d = %+v, want the same result as %+v", i, results[i], results[0])
		}
	}
}

// Given a customer file, when 100 clients change its profile at once
// without If-Match, then every change is decided again on the fresh file
// until it lands: 100 changes, each recorded once, and no client is told
// of a conflict its own decision never had.
func TestUpdateCustomerProfile_hundredRacingClientsOnPostgres(t *testing.T) {
	const clients = 100
	w := newCacheWorld(t, pgtest.Store(t), commands.DefaultAggregateCache)
	ctx := context.Background()
	w.ok(w.h.Customers.RegisterTargetCustomer(ctx, customerRep, customerRegistration))

	errs := make([]error, clients)
	var wg sync.WaitGroup
	for i := range clients {
		h := w.h
		if i%2 == 1 {
			h = w.other // two processes, so the cache cannot serialise them
		}
		wg.Go(func() {
			m := customerRep
			m.Reason = fmt.Sprintf("change %d", i)
			_, errs[i] = h.Customers.UpdateCustomerProfile(ctx, m, commands.UpdateCustomerProfile{
				CustomerID: "c-1", Changes: map[string]string{"phone": fmt.Sprintf("025-%07d", i)}})
		})
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("client %d error = %v, want success", i, err)
		}
	}
	_, metas := w.events(customer.Stream("c-1"))
	recorded := map[string]int{}
	for _, m := range metas[1:] {
		recorded[m.Reason]++
	}
	for i := range clients {
		if n := recorded[fmt.Sprintf("change %d", i)]; n != 1 {
			t.Errorf("change %d recorded %d times, want once", i, n)
		}
	}
}

// Given a customer file at version 1, when 100 clients change its profile
// at once, each naming version 1 (If-Match), then exactly one change
// lands and every other client is told the file moved on: a stale version
// (412) or a change while deciding (409), never a success on a version it
// did not see.
func TestUpdateCustomerProfile_hundredRacingIfMatchOnPostgres(t *testing.T) {
	const clients = 100
	w := newCacheWorld(t, pgtest.Store(t), commands.DefaultAggregateCache)
	ctx := context.Background()
	w.ok(w.h.Customers.RegisterTargetCustomer(ctx, customerRep, customerRegistration))

	errs := make([]error, clients)
	var wg sync.WaitGroup
	for i := range clients {
		h := w.h
		if i%2 == 1 {
			h = w.other
		}
		wg.Go(func() {
			m := ifVersion(customerRep, 1)
			m.Reason = fmt.Sprintf("change %d", i)
			_, errs[i] = h.Customers.UpdateCustomerProfile(ctx, m, commands.UpdateCustomerProfile{
				CustomerID: "c-1", Changes: map[string]string{"phone": fmt.Sprintf("025-%07d", i)}})
		})
	}
	wg.Wait()

	succeeded := 0
	for i, err := range errs {
		var changed *commands.ChangedMeanwhile
		switch {
		case err == nil:
			succeeded++
		case errors.Is(err, commands.ErrStaleVersion), errors.As(err, &changed):
		default:
			t.Errorf("client %d error = %v, want success, a stale version or a change while deciding", i, err)
		}
	}
	if n := len(w.mustEvents(customer.Stream("c-1"))); succeeded != 1 || n != 2 {
		t.Errorf("%d clients succeeded and the file holds %d events, want 1 and 2", succeeded, n)
	}
}
