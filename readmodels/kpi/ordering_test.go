package kpi_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/kpi"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// seedOrdering: c1 (rep-1, sales-1, east), visited by rep-1 on 11-03,
// ordered on 10-05, 11-06 and 11-07; c2 (rep-2, sales-1, west) on 11-01 at 01:00 company time (still
// 10-31 in UTC) and once more on 11-08, an order cancelled; c3 has no file
// yet and ordered on 11-09.
func seedOrdering(add func(string, ...domain.Event)) {
	for _, c := range [][3]string{{"c1", "rep-1", "east"}, {"c2", "rep-2", "west"}} {
		add(customer.Stream(c[0]), customer.Registered{CustomerID: c[0], Number: "N-" + c[0], Name: "客户 " + c[0], OwnerRepID: c[1],
			OrgUnitID: "sales-1", Region: c[2], RegisteredBy: c[1], RegisteredAt: oct(1)})
	}
	add(customer.Stream("c1"), customer.Visited{CustomerID: "c1", VisitNo: 1, Purpose: "intro", Outcome: customer.VisitOutcome("POSITIVE"),
		RepID: "rep-1", VisitedAt: nov(3, 2)})
	ordered := func(id, c string, at time.Time) {
		add(order.Stream(id), orderCreated(id, "k-"+c, c, "rep-1", 10000, at.AddDate(0, 1, 0), at))
	}
	ordered("o1", "c1", oct(5))
	ordered("o2", "c1", nov(6, 0))
	ordered("o3", "c1", nov(7, 0))
	ordered("o4", "c2", time.Date(2026, 10, 31, 17, 0, 0, 0, time.UTC))
	ordered("o5", "c2", nov(8, 0))
	add(order.Stream("o5"), order.Cancelled{OrderID: "o5", Reason: "changed mind", CancelledBy: "rep-2", CancelledAt: nov(8, 5)})
	ordered("o6", "c3", nov(9, 0))
}

var orderingCols = []string{"ordering_customers", "retained", "retention_rate", "repeat_customers"}

func orderingRow(group, key string, ordering, retained int64, rate any, repeat int64) queries.KPIRow {
	return queries.KPIRow{group: key, "ordering_customers": ordering, "retained": retained, "retention_rate": rate, "repeat_customers": repeat}
}

func TestKPIs_R9CountsTheOrderingCustomersOfTheirFileNowAndMovesThemWithIt(t *testing.T) {
	// Given the ordering history of seedOrdering.
	f := newKPIFixtureOf(t, seedOrdering)
	r9 := func(period, group string) []queries.KPIRow {
		return rows(f.report(t, "satisfaction-retention", period, group, all), append([]string{group}, orderingCols...)...)
	}
	// Then in November c1 ordered twice and in October too (retained,
	// repeat); c2 once (its order of 10-31 UTC is November's, the
	// cancelled one does not count); c3 counts nowhere without a file.
	same(t, "November by person", r9("2026-11", queries.DimensionPerson), []queries.KPIRow{
		orderingRow("person", "rep-1", 1, 1, 100.0, 1), orderingRow("person", "rep-2", 1, 0, nil, 0)})
	// And in the fourth quarter both ordered, none in the third.
	same(t, "Q4 by region", r9("2026-Q4", queries.DimensionRegion), []queries.KPIRow{
		orderingRow("region", "east", 1, 0, nil, 1), orderingRow("region", "west", 1, 0, nil, 0)})
	// And December counts October's customers nowhere, and November's as
	// the period before.
	same(t, "December by person", r9("2026-12", queries.DimensionPerson), []queries.KPIRow{
		orderingRow("person", "rep-1", 0, 0, 0.0, 0), orderingRow("person", "rep-2", 0, 0, 0.0, 0)})
	// And R3 credits rep-1's visit to the region of c1's file.
	visits := func() []queries.KPIRow {
		return rows(f.report(t, "pipeline", "2026-11", queries.DimensionRegion, all), "region", "visits")
	}
	same(t, "R3 visits", visits(), []queries.KPIRow{{"region": "east", "visits": int64(1)}, {"region": "west", "visits": int64(0)}})

	// When c3 is registered for rep-3 in the east, alone in its batch.
	codec := eventstore.NewCodec(customer.Events()...)
	readmodeltest.Append(t, f.store, codec, customer.Stream("c3"), customer.Registered{CustomerID: "c3", Number: "N-c3", Name: "客户 c3",
		OwnerRepID: "rep-3", OrgUnitID: "sales-2", Region: "east", RegisteredBy: "rep-3", RegisteredAt: nov(17, 0)})
	f.catchUp(t)
	// Then its order of 11-09 counts for rep-3.
	same(t, "November by person, c3 registered", r9("2026-11", queries.DimensionPerson), []queries.KPIRow{
		orderingRow("person", "rep-1", 1, 1, 100.0, 1), orderingRow("person", "rep-2", 1, 0, nil, 0), orderingRow("person", "rep-3", 1, 0, nil, 0)})

	// When c1 is reassigned to rep-2 and moves to the north.
	readmodeltest.Append(t, f.store, codec, customer.Stream("c1"),
		customer.Reassigned{CustomerID: "c1", FromRepID: "rep-1", ToRepID: "rep-2", Reason: "rep left", ReassignedBy: "head-1", ReassignedAt: nov(15, 0)},
		customer.ProfileUpdated{CustomerID: "c1", Changes: []customer.FieldChange{{Field: customer.FieldRegion, Old: "east", New: "north"}},
			Reason: "moved", UpdatedBy: "rep-2", UpdatedAt: nov(16, 0)})
	f.catchUp(t)
	// Then c1's figures are rep-2's and the north's; rep-1 has no row any
	// more.
	same(t, "November by person, moved", r9("2026-11", queries.DimensionPerson), []queries.KPIRow{
		orderingRow("person", "rep-2", 2, 1, 100.0, 1), orderingRow("person", "rep-3", 1, 0, nil, 0)})
	same(t, "November by region, moved", r9("2026-11", queries.DimensionRegion), []queries.KPIRow{
		orderingRow("region", "east", 1, 0, nil, 0), orderingRow("region", "north", 1, 1, 100.0, 1), orderingRow("region", "west", 1, 0, nil, 0)})
	same(t, "November by department, moved", r9("2026-11", queries.DimensionDepartment), []queries.KPIRow{
		orderingRow("department", "sales-1", 2, 1, 100.0, 1), orderingRow("department", "sales-2", 1, 0, nil, 0)})
	same(t, "R3 visits, moved", visits(), []queries.KPIRow{{"region": "east", "visits": int64(0)}, {"region": "north", "visits": int64(1)},
		{"region": "west", "visits": int64(0)}})
	// And applying the log again changes nothing, and a rebuild gives the
	// rows kept live.
	readmodeltest.Reapply(t, f.pool, f.store, f.ns, kpi.New())
	same(t, "November by region, applied again", r9("2026-11", queries.DimensionRegion), []queries.KPIRow{
		orderingRow("region", "east", 1, 0, nil, 0), orderingRow("region", "north", 1, 1, 100.0, 1), orderingRow("region", "west", 1, 0, nil, 0)})
	readmodeltest.RebuildMatches(t, f.pool, f.store, f.ns, kpi.New())
}
