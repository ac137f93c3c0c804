package receivables_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

// regionMonths lists the counters per region (receivable_region_months)
// as "region owner month paid=… due=… payments=… collected=… sales=… signed=…".
func regionMonths[Q any](t *testing.T, f readmodeltest.Fixture[Q]) string {
	t.Helper()
	rows, err := f.Pool.Query(context.Background(), fmt.Sprintf(`SELECT region, owner_id, month, paid_instalments, paid_due_minor, payments, collected_minor,
			sales, signed_minor FROM %s ORDER BY region, owner_id, month`, pgx.Identifier{string(f.NS), "receivable_region_months"}.Sanitize()))
	if err != nil {
		t.Fatalf("receivable_region_months: %v", err)
	}
	var out []string
	for rows.Next() {
		var region, owner, month string
		var paid, due, payments, collected, sales, signed int64
		if err := rows.Scan(&region, &owner, &month, &paid, &due, &payments, &collected, &sales, &signed); err != nil {
			t.Fatalf("receivable_region_months: %v", err)
		}
		out = append(out, fmt.Sprintf("%s %s %s paid=%d due=%d payments=%d collected=%d sales=%d signed=%d",
			region, owner, month, paid, due, payments, collected, sales, signed))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("receivable_region_months: %v", err)
	}
	return strings.Join(out, "; ")
}

// assertRegions checks the counters per region, a row each.
func assertRegions[Q any](t *testing.T, f readmodeltest.Fixture[Q], what string, want ...string) {
	t.Helper()
	if got := regionMonths(t, f); got != strings.Join(want, "; ") {
		t.Errorf("%s: counters = %s, want %s", what, got, strings.Join(want, "; "))
	}
}

func regionChange(id, from, to string) customer.ProfileUpdated {
	return customer.ProfileUpdated{CustomerID: id, Changes: []customer.FieldChange{{Field: customer.FieldRegion, Old: from, New: to}},
		Reason: "moved", UpdatedBy: "rep-1", UpdatedAt: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)}
}

func TestReceivableRegionMonths_FollowTheCustomersRegion(t *testing.T) {
	// Given customers c1 and c2 registered in the east, k1 of c1 with an
	// instalment paid in July, k2 of c2 with one paid in August, both
	// drafted by rep-1, and k3 of c3, a customer never registered, with
	// a payment in September.
	codec := eventstore.NewCodec(append(contract.Events(), customer.Events()...)...)
	paid := func(k, i string, due time.Time, fen int64) []domain.Event {
		return []domain.Event{
			contract.CollectionPlanSet{ContractID: k, Instalments: []contract.Instalment{{ID: i, DueDate: due, Amount: domain.Fen(fen)}}},
			contract.PaymentReceived{ContractID: k, InstalmentID: i, Amount: domain.Fen(fen), ReceivedAt: due},
		}
	}
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	f := readmodeltest.NewFixture(t, memory.New(), codec, receivables.New(), receivables.NewQueries, func(add func(string, ...domain.Event)) {
		add(customer.Stream("c1"), readmodeltest.RegCustomer("c1", "N1", "rep-1", at))
		add(customer.Stream("c2"), readmodeltest.RegCustomer("c2", "N2", "rep-1", at))
		add(contract.Stream("k1"), readmodeltest.SignedContractEvents("k1", "c1", "rep-1", 1000000)...)
		add(contract.Stream("k1"), paid("k1", "i1", dueOn(2026, 7, 10), 100000)...)
		add(contract.Stream("k2"), readmodeltest.SignedContractEvents("k2", "c2", "rep-1", 1000000)...)
		add(contract.Stream("k2"), paid("k2", "j1", dueOn(2026, 8, 10), 200000)...)
		add(contract.Stream("k3"), readmodeltest.SignedContractEvents("k3", "c3", "rep-1", 1000000)...)
		add(contract.Stream("k3"), contract.PaymentReceived{ContractID: "k3", InstalmentID: "none", Amount: domain.Fen(300),
			ReceivedAt: dueOn(2026, 9, 10)})
	})
	// Then both paid instalments count in the east, in their months, and
	// k3's payment in region '' (no file); the three sales in September,
	// the month signed.
	assertRegions(t, f, "registered",
		" rep-1 2026-09 paid=0 due=0 payments=1 collected=300 sales=1 signed=1000000",
		"east rep-1 2026-07 paid=1 due=100000 payments=1 collected=100000 sales=0 signed=0",
		"east rep-1 2026-08 paid=1 due=200000 payments=1 collected=200000 sales=0 signed=0",
		"east rep-1 2026-09 paid=0 due=0 payments=0 collected=0 sales=2 signed=2000000")
	// When c1 moves to the west.
	readmodeltest.Append(t, f.Store, codec, customer.Stream("c1"), regionChange("c1", "east", "west"))
	readmodeltest.WaitHead(t, f.Pool, f.Store, f.NS, f.P)
	// Then k1's July figures and its sale have moved with it; the east
	// keeps k2's.
	assertRegions(t, f, "moved",
		" rep-1 2026-09 paid=0 due=0 payments=1 collected=300 sales=1 signed=1000000",
		"east rep-1 2026-08 paid=1 due=200000 payments=1 collected=200000 sales=0 signed=0",
		"east rep-1 2026-09 paid=0 due=0 payments=0 collected=0 sales=1 signed=1000000",
		"west rep-1 2026-07 paid=1 due=100000 payments=1 collected=100000 sales=0 signed=0",
		"west rep-1 2026-09 paid=0 due=0 payments=0 collected=0 sales=1 signed=1000000")
	// When c3 registers in the north and c1's name (not its region)
	// changes, then a later payment of k1 arrives.
	readmodeltest.Append(t, f.Store, codec, customer.Stream("c3"), customer.Registered{CustomerID: "c3", Number: "N3", Name: "c3",
		OwnerRepID: "rep-1", OrgUnitID: "sales-1", Region: "north", RegisteredBy: "rep-1", RegisteredAt: at})
	readmodeltest.Append(t, f.Store, codec, customer.Stream("c1"), customer.ProfileUpdated{CustomerID: "c1",
		Changes: []customer.FieldChange{{Field: customer.FieldName, Old: "客户 c1", New: "c1 Ltd"}}, UpdatedBy: "rep-1", UpdatedAt: at})
	readmodeltest.Append(t, f.Store, codec, contract.Stream("k1"), contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1",
		Amount: domain.Fen(50), ReceivedAt: dueOn(2026, 7, 20)})
	readmodeltest.WaitHead(t, f.Pool, f.Store, f.NS, f.P)
	// Then k3's payment and sale are the north's, and the new payment the
	// west's.
	late := []string{"east rep-1 2026-08 paid=1 due=200000 payments=1 collected=200000 sales=0 signed=0",
		"east rep-1 2026-09 paid=0 due=0 payments=0 collected=0 sales=1 signed=1000000",
		"north rep-1 2026-09 paid=0 due=0 payments=1 collected=300 sales=1 signed=1000000",
		"west rep-1 2026-07 paid=1 due=100000 payments=2 collected=100050 sales=0 signed=0",
		"west rep-1 2026-09 paid=0 due=0 payments=0 collected=0 sales=1 signed=1000000"}
	assertRegions(t, f, "registered late", late...)
	// And applying the log again, or rebuilding it in other batches,
	// gives the counters the live runner kept.
	readmodeltest.Reapply(t, f.Pool, f.Store, f.NS, f.P)
	assertRegions(t, f, "applied again", late...)
	f.RebuildMatches(t)
}
