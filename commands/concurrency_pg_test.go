package commands_test

import (
	"context"
	"sync"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/contract"
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
