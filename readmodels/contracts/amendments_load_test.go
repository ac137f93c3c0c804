package contracts_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// readsAmendments reports whether any of the statements reads the amendments.
func readsAmendments(sent []string) bool {
	return slices.ContainsFunc(sent, func(sql string) bool {
		return strings.HasPrefix(sql, "SELECT") && strings.Contains(sql, "contract_amendments")
	})
}

func TestContracts_aBatchOfPaymentsAndExecutionDoesNotReadTheAmendments_andAnAmendmentsDoes(t *testing.T) {
	// Given a contract in execution with amendments,
	f := contractsFixture(t)
	events, err := f.Store.ReadAll(context.Background(), eventstore.Start, 100, f.P.Filter())
	if err != nil {
		t.Fatal(err)
	}
	ofTypes := func(types ...string) []eventstore.Recorded {
		return slices.DeleteFunc(slices.Clone(events), func(e eventstore.Recorded) bool { return !slices.Contains(types, e.Type) })
	}
	execution := ofTypes(contract.DepositReceived{}.EventType(), contract.ExecutionStarted{}.EventType(), contract.CollectionPlanSet{}.EventType())
	amending := ofTypes(contract.AmendmentRequested{}.EventType())
	if len(execution) != 3 || len(amending) != 2 {
		t.Fatalf("fixture: %d execution and %d amendment requests, want 3 and 2", len(execution), len(amending))
	}

	// when a batch of deposits, execution and collection plans is applied,
	// and one of amendment requests,
	sentExecution := readmodeltest.ApplyOnceStatements(t, f.Pool, f.NS, f.P, execution)
	sentAmending := readmodeltest.ApplyOnceStatements(t, f.Pool, f.NS, f.P, amending)

	// then the first does not read the amendments and the second does,
	if readsAmendments(sentExecution) {
		t.Errorf("a batch of execution events read the amendments: %q", sentExecution)
	}
	if !readsAmendments(sentAmending) {
		t.Errorf("a batch of amendment requests did not read the amendments: %q", sentAmending)
	}
	// and applying them again changed nothing.
	f.RebuildMatches(t)
}

func TestContracts_eachEventAppliedAloneGivesTheLiveRows(t *testing.T) {
	// Given amendments requested, reviewed and ended between batches of
	// execution events, when the contracts are rebuilt an event a batch,
	// then they hold the live rows.
	contractsFixture(t).RebuildEventByEventMatches(t)
}
