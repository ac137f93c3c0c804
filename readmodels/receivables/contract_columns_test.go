package receivables_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

type instalmentOwner struct{ Instalment, Customer, Owner, OrgUnit string }

// instalmentOwners are the contract's columns each instalment row
// carries, by instalment.
func instalmentOwners(t *testing.T, f readmodeltest.Fixture[*receivables.Queries]) []instalmentOwner {
	t.Helper()
	rows, err := f.Pool.Query(context.Background(), "SELECT instalment_id, contract_customer_id, contract_owner_id, contract_org_unit_id FROM "+
		pgx.Identifier{string(f.NS), "receivables"}.Sanitize()+" ORDER BY contract_id, instalment_id")
	if err != nil {
		t.Fatalf("instalments: %v", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[instalmentOwner])
	if err != nil {
		t.Fatalf("instalments: %v", err)
	}
	return out
}

func TestReceivables_InstalmentsCarryTheirContractsOwner(t *testing.T) {
	// Given k1, drafted by rep-1 of sales-1 for c1, whose one instalment
	// is paid in part before a new plan keeps it and adds i2.
	i1 := contract.Instalment{ID: "i1", DueDate: dueOn(2026, 9, 1), Amount: domain.Fen(900000)}
	i2 := contract.Instalment{ID: "i2", DueDate: dueOn(2026, 10, 1), Amount: domain.Fen(900000)}
	f := readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(contract.Events()...), receivables.New(), receivables.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(contract.Stream("k1"), contract.Drafted{ContractID: "k1", CustomerID: "c1", DrafterID: "rep-1",
				DrafterRole: domain.RoleSalesRep, DrafterOrgUnitID: "sales-1", DraftedAt: dueOn(2026, 8, 1)},
				contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{i1}},
				contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1", Amount: domain.Fen(100000), ReceivedAt: dueOn(2026, 9, 1)},
				contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{i1, i2}})
		})
	// When the read model has applied them, then both instalments, the
	// paid one and the new one, carry k1's customer, owner and
	// the owner's org unit, so R7 groups them without joining k1.
	want := []instalmentOwner{{"i1", "c1", "rep-1", "sales-1"}, {"i2", "c1", "rep-1", "sales-1"}}
	if got := instalmentOwners(t, f); !cmp.Equal(got, want) {
		t.Errorf("instalments' contract columns: diff %s", cmp.Diff(want, got))
	}
	// And a rebuild writes the same rows.
	f.RebuildMatches(t)
}
