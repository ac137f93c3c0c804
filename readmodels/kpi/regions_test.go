package kpi_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

// seedTwoRegions: c1 (rep-1, east) and c2 (rep-2, west); k1 (c1, rep-1)
// signed 11-05 at 10000.00 with i1 (100.00, due 11-10, paid that day)
// and i2 (200.00, due 11-25, owed); k2 (c2, rep-2) signed 11-06 at
// 5000.00 with j1 (300.00, due 11-12, owed).
func seedTwoRegions(add func(string, ...domain.Event)) {
	for _, c := range [][3]string{{"c1", "rep-1", "east"}, {"c2", "rep-2", "west"}} {
		add(customer.Stream(c[0]), customer.Registered{CustomerID: c[0], Number: "N-" + c[0], Name: "客户 " + c[0], OwnerRepID: c[1],
			OrgUnitID: "sales-1", Region: c[2], RegisteredBy: c[1], RegisteredAt: oct(1)})
	}
	add(contract.Stream("k1"), contractEvents("k1", "c1", "rep-1", "sales-1", 1000000, nov(1, 0), true)...)
	add(contract.Stream("k2"), contractEvents("k2", "c2", "rep-2", "sales-1", 500000, nov(2, 0), true)...)
	due := func(id string, d int, yuan int64) contract.Instalment {
		return contract.Instalment{ID: id, DueDate: time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC), Amount: domain.Fen(yuan * 100)}
	}
	add(contract.Stream("k1"), contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{due("i1", 10, 100), due("i2", 25, 200)}},
		contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1", Amount: domain.Fen(10000), RecordedBy: "fin-1", ReceivedAt: nov(10, 2)})
	add(contract.Stream("k2"), contract.CollectionPlanSet{ContractID: "k2", Instalments: []contract.Instalment{due("j1", 12, 300)}})
}

func TestKPIs_ACustomersRegionChangeMovesItsFiguresByRegion(t *testing.T) {
	// Given c1 in the east and c2 in the west, each with a contract.
	f := newKPIFixtureOf(t, seedTwoRegions)
	r7 := []string{"region", "instalments", "outstanding", "due_in_period", "collected"}
	r1 := []string{"region", "signed_contracts", "signed_value", "collected"}
	// Then R7 and R1 by region credit each customer's figures to its region.
	same(t, "R7 before", rows(f.report(t, "receivables", "2026-11", queries.DimensionRegion, all), r7...), []queries.KPIRow{
		{"region": "east", "instalments": int64(1), "outstanding": "200.00", "due_in_period": "300.00", "collected": "100.00"},
		{"region": "west", "instalments": int64(1), "outstanding": "300.00", "due_in_period": "300.00", "collected": "0.00"},
	})
	same(t, "R1 before", rows(f.report(t, "sales-performance", "2026-11", queries.DimensionRegion, all), r1...), []queries.KPIRow{
		{"region": "east", "signed_contracts": int64(1), "signed_value": "10000.00", "collected": "100.00"},
		{"region": "west", "signed_contracts": int64(1), "signed_value": "5000.00", "collected": "0.00"},
	})
	// When c1 moves to the west.
	codec := eventstore.NewCodec(customer.Events()...)
	readmodeltest.Append(t, f.store, codec, customer.Stream("c1"), customer.ProfileUpdated{CustomerID: "c1",
		Changes: []customer.FieldChange{{Field: customer.FieldRegion, Old: "east", New: "west"}}, Reason: "moved", UpdatedBy: "rep-1",
		UpdatedAt: nov(15, 2)})
	f.catchUp(t)
	// Then its paid and owed instalments, its payment and its sale are
	// the west's, and the east has no row any more.
	same(t, "R7 after", rows(f.report(t, "receivables", "2026-11", queries.DimensionRegion, all), r7...), []queries.KPIRow{
		{"region": "west", "instalments": int64(2), "outstanding": "500.00", "due_in_period": "600.00", "collected": "100.00"},
	})
	same(t, "R1 after", rows(f.report(t, "sales-performance", "2026-11", queries.DimensionRegion, all), r1...), []queries.KPIRow{
		{"region": "west", "signed_contracts": int64(2), "signed_value": "15000.00", "collected": "100.00"},
	})
	// And the totals by region are those by person.
	for _, name := range []string{"receivables", "sales-performance"} {
		same(t, name+" totals", f.report(t, name, "2026-11", queries.DimensionRegion, all).Totals,
			f.report(t, name, "2026-11", queries.DimensionPerson, all).Totals)
	}
	// And rebuilding the receivables read model gives the rows it kept live.
	readmodeltest.RebuildMatches(t, f.pool, f.store, f.ns, receivables.New())
}
