package readmodels_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/internal/cputime"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

// TestSalesProjections_RebuildThroughput rebuilds the sales read models
// from a log of 4,000 customers, quotations, contracts and orders and
// reports events per CPU-second (this process plus its PostgreSQL
// backends, so other load on the machine does not skew it). It runs only
// with SALES_THROUGHPUT=1; SALES_INTERLEAVE=1 spreads every aggregate's
// events over the whole log (the worst case: each batch touches every
// row again). The floor catches a return to per-event round trips.
func TestSalesProjections_RebuildThroughput(t *testing.T) {
	if os.Getenv("SALES_THROUGHPUT") != "1" {
		t.Skip("set SALES_THROUGHPUT=1 to measure rebuild throughput")
	}
	_, ns := projectiontest.Pool(t)
	cfg, err := pgxpool.ParseConfig(os.Getenv("TEST_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "sales-throughput"
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := memory.New()
	n := seedSalesLog(t, store, 4000, os.Getenv("SALES_INTERLEAVE") == "1")
	var cpuTotal time.Duration
	for _, p := range []projections.Projection{customers.New(), quotations.New(), contracts.New(), receivables.New(), orders.New()} {
		goBefore, pgBefore := cputime.Self(), backendsCPU(t, pool)
		var applied int64
		start := time.Now()
		_, err := projections.NewRunner(pool, store, ns, p, projections.Options{}).Rebuild(context.Background(),
			func(a int64, _ eventstore.Position) { applied = a })
		if err != nil {
			t.Fatalf("Rebuild %s: %v", p.Name(), err)
		}
		cpu := cputime.Self() - goBefore + backendsCPU(t, pool) - pgBefore
		cpuTotal += cpu
		t.Logf("%s: %d events in %v, %v CPU (PostgreSQL %v): %.0f events per CPU-second", p.Name(), applied,
			time.Since(start).Round(time.Millisecond), cpu.Round(time.Millisecond), backendsCPU(t, pool)-pgBefore, float64(applied)/cpu.Seconds())
	}
	rate := float64(n) / cpuTotal.Seconds()
	t.Logf("all sales read models: %d events of the log, %v CPU: %.0f log events per CPU-second", n, cpuTotal.Round(time.Millisecond), rate)
	if rate < 20000 {
		t.Errorf("rebuild rate %.0f log events per CPU-second, want at least 20,000", rate)
	}
}

// seedSalesLog appends n customers, quotations, contracts (with a plan,
// a payment and dunning) and orders; it returns the number of events.
func seedSalesLog(t *testing.T, store eventstore.Store, n int, interleave bool) int {
	type stream struct {
		name   string
		codec  *eventstore.Codec
		events []domain.Event
	}
	cc, qc := eventstore.NewCodec(customer.Events()...), eventstore.NewCodec(quotation.Events()...)
	kc, oc := eventstore.NewCodec(contract.Events()...), eventstore.NewCodec(order.Events()...)
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var streams []stream
	for i := range n {
		c, q, k, o := fmt.Sprint("c", i), fmt.Sprint("q", i), fmt.Sprint("k", i), fmt.Sprint("o", i)
		streams = append(streams,
			stream{customer.Stream(c), cc, []domain.Event{readmodeltest.RegCustomer(c, "N"+c, "rep-1", day),
				customer.KeyContactAdded{CustomerID: c, ContactID: "k", RoleInOrg: customer.ContactHead, Personal: customer.PersonalData{Name: "x"}},
				customer.ContactLogged{CustomerID: c, EmployeeID: "e", ContactID: "k", At: day},
				customer.Visited{CustomerID: c, VisitNo: 1}, customer.FileReviewed{CustomerID: c, Month: "2026-03"}}},
			stream{quotation.Stream(q), qc, []domain.Event{readmodeltest.QuoteDrafted(q, c, 1000, 500, day),
				readmodeltest.QuoteMargin(q, 1000, 500, 5000, quotation.TierRep, domain.RoleSalesRep),
				quotation.ApprovalRequested{QuotationID: q}, quotation.Approved{QuotationID: q}, quotation.Issued{QuotationID: q}}},
			stream{contract.Stream(k), kc, append(readmodeltest.SignedContractEvents(k, c, "rep-1", 100000),
				contract.CollectionPlanSet{ContractID: k, Instalments: []contract.Instalment{
					{ID: "i1", DueDate: day, Amount: domain.Fen(50000)}, {ID: "i2", DueDate: day, Amount: domain.Fen(50000)}}},
				contract.PaymentReceived{ContractID: k, InstalmentID: "i1", Amount: domain.Fen(100)},
				contract.DunningLetterSent{ContractID: k, Dunning: readmodeltest.DunningStep("i2", day)})},
			stream{order.Stream(o), oc, []domain.Event{readmodeltest.OrderCreated(o, c, day, day), order.Confirmed{OrderID: o},
				order.ShipmentRequested{OrderID: o}, order.Dispatched{OrderID: o}, order.Delivered{OrderID: o}}})
	}
	total := 0
	for step := 0; ; step++ {
		appended := 0
		for _, s := range streams {
			switch {
			case !interleave && step == 0:
				readmodeltest.Append(t, store, s.codec, s.name, s.events...)
				appended += len(s.events)
			case interleave && step < len(s.events):
				readmodeltest.Append(t, store, s.codec, s.name, s.events[step])
				appended++
			}
		}
		if total += appended; appended == 0 {
			return total
		}
	}
}

// backendsCPU is the CPU time the PostgreSQL backends of pool have used
// (read from /proc: the server must run on this machine; 0 otherwise).
func backendsCPU(t *testing.T, pool *pgxpool.Pool) time.Duration {
	rows, _ := pool.Query(context.Background(), "SELECT pid FROM pg_stat_activity WHERE application_name = 'sales-throughput'")
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatalf("backend pids: %v", err)
	}
	return cputime.Sum(pids)
}
