package kpi_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

// seedAgingEdges: k1 (c1, rep-1 of sales-1) has an instalment due on
// each side of every aging bucket's edge counted to kpiNow (2026-11-20),
// each of a different amount, and one paid.
func seedAgingEdges(add func(string, ...domain.Event)) {
	add(contract.Stream("k1"), contractEvents("k1", "c1", "rep-1", "sales-1", 10000000, oct(1), true)...)
	due := func(id string, m time.Month, d int, yuan int64) contract.Instalment {
		return contract.Instalment{ID: id, DueDate: time.Date(2026, m, d, 0, 0, 0, 0, time.UTC), Amount: domain.Fen(yuan * 100)}
	}
	add(contract.Stream("k1"), contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
		due("today", 11, 20, 1), due("1-day", 11, 19, 2), due("30-days", 10, 21, 4), due("31-days", 10, 20, 8),
		due("60-days", 9, 21, 16), due("61-days", 9, 20, 32), due("90-days", 8, 22, 64), due("91-days", 8, 21, 128),
		due("paid", 8, 1, 256)}},
		contract.PaymentReceived{ContractID: "k1", InstalmentID: "paid", Amount: domain.Fen(25600), RecordedBy: "fin-1", ReceivedAt: nov(2, 2)})
}

func TestKPIs_R7BucketsTurnOnTheDaysGETReceivablesCounts(t *testing.T) {
	// Given instalments due on each side of every bucket's edge.
	f := newKPIFixtureOf(t, seedAgingEdges)
	// When R7 is grouped by bucket today.
	rep := f.report(t, "receivables", "2026-11", "", all)
	// Then each bucket holds the instalments overdue by its days: none
	// today, 1-30, 31-60, 61-90, then more; the paid one apart.
	same(t, "buckets", rows(rep, "bucket", "instalments", "outstanding", "overdue", "due_in_period"), []queries.KPIRow{
		{"bucket": "0-30", "instalments": int64(2), "outstanding": "6.00", "overdue": "6.00", "due_in_period": "2.00"},
		{"bucket": "31-60", "instalments": int64(2), "outstanding": "24.00", "overdue": "24.00", "due_in_period": "0.00"},
		{"bucket": "61-90", "instalments": int64(2), "outstanding": "96.00", "overdue": "96.00", "due_in_period": "0.00"},
		{"bucket": "90+", "instalments": int64(1), "outstanding": "128.00", "overdue": "128.00", "due_in_period": "0.00"},
		{"bucket": "not_due", "instalments": int64(1), "outstanding": "1.00", "overdue": "0.00", "due_in_period": "1.00"},
		{"bucket": "paid", "instalments": int64(0), "outstanding": "0.00", "overdue": "0.00", "due_in_period": "0.00"},
	})
	// And GET /receivables puts every instalment in the same bucket.
	list, err := receivables.NewQueries(readmodeltest.DB(f.pool, f.ns)).Receivables(context.Background(),
		queries.ReceivableFilter{Now: kpiNow}, queries.PageRequest{Limit: 100})
	if err != nil {
		t.Fatalf("Receivables: %v", err)
	}
	listed := map[string]int64{}
	for _, r := range list.Items {
		if r.AgingBucket != queries.BucketPaid {
			listed[r.AgingBucket]++
		}
	}
	for _, row := range rep.Rows {
		if b := row["bucket"].(string); b != queries.BucketPaid && listed[b] != row["instalments"] {
			t.Errorf("bucket %s: R7 counts %v instalments, GET /receivables lists %d", b, row["instalments"], listed[b])
		}
	}
}

// seedPaidAcrossMonths: k1 (c1, rep-1 of sales-1) has instalments due on
// each side of November's edges, three of them paid, by payments received
// on each side of the company month's edges (UTC+8).
func seedPaidAcrossMonths(add func(string, ...domain.Event)) {
	add(contract.Stream("k1"), contractEvents("k1", "c1", "rep-1", "sales-1", 10000000, oct(1), true)...)
	due := func(id string, m time.Month, d int, yuan int64) contract.Instalment {
		return contract.Instalment{ID: id, DueDate: time.Date(2026, m, d, 0, 0, 0, 0, time.UTC), Amount: domain.Fen(yuan * 100)}
	}
	pay := func(id string, yuan int64, at time.Time) contract.PaymentReceived {
		return contract.PaymentReceived{ContractID: "k1", InstalmentID: id, Amount: domain.Fen(yuan * 100), RecordedBy: "fin-1", ReceivedAt: at}
	}
	add(contract.Stream("k1"), contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
		due("oct-31", 10, 31, 1), due("nov-1", 11, 1, 2), due("nov-30", 11, 30, 4), due("dec-1", 12, 1, 8)}},
		pay("oct-31", 1, time.Date(2026, 10, 31, 16, 30, 0, 0, time.UTC)), // 1 November, 00:30
		pay("nov-1", 2, time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)),
		pay("dec-1", 8, time.Date(2026, 11, 30, 15, 59, 0, 0, time.UTC)), // 30 November, 23:59
		pay("nov-30", 1, time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC))) // 1 December, 00:00
}

func TestKPIs_R7ReadsThePaidInstalmentsAndThePaymentsByMonthAsByRegion(t *testing.T) {
	// Given instalments due and paid on each side of November's edges.
	f := newKPIFixtureOf(t, seedPaidAcrossMonths)
	// When R7 is asked for November by person (the monthly counters) and
	// by region (every instalment and payment).
	keys := []string{"instalments", "outstanding", "due_in_period", "collected"}
	byPerson := f.report(t, "receivables", "2026-11", queries.DimensionPerson, all)
	byRegion := f.report(t, "receivables", "2026-11", queries.DimensionRegion, all)
	// Then what fell due in November is nov-1 (paid) and nov-30 (owed),
	// and what was collected in it the three payments received in it
	// (the last one, of 1 December, is not).
	want := queries.KPIRow{"instalments": int64(1), "outstanding": "3.00", "due_in_period": "6.00", "collected": "11.00"}
	same(t, "by person", rows(byPerson, append(keys, queries.DimensionPerson)...), []queries.KPIRow{
		{"person": "rep-1", "instalments": int64(1), "outstanding": "3.00", "due_in_period": "6.00", "collected": "11.00"}})
	same(t, "totals by person", pick(byPerson.Totals, keys...), want)
	// And by region the same totals.
	same(t, "totals by region", pick(byRegion.Totals, keys...), want)
	// And grouped by bucket, the paid instalments have their row.
	byBucket := f.report(t, "receivables", "2026-11", queries.GroupingBucket, all)
	same(t, "by bucket", rows(byBucket, "bucket", "instalments", "due_in_period"), []queries.KPIRow{
		{"bucket": "not_due", "instalments": int64(1), "due_in_period": "4.00"},
		{"bucket": "paid", "instalments": int64(0), "due_in_period": "2.00"},
	})
}
