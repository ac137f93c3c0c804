package receivables_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

func dueOn(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var receivablesNow = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

// receivablesFixture: k1 (c1, rep-1) replans, keeping i1 with its payment
// and dunning and dropping another instalment; k2 (c2, rep-2) has one
// instalment long overdue and one paid.
func receivablesFixture(t *testing.T) readmodeltest.Fixture[*receivables.Queries] {
	return readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(contract.Events()...), receivables.New(), receivables.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(contract.Stream("k1"), readmodeltest.SignedContractEvents("k1", "c1", "rep-1", 3000000)...)
			add(contract.Stream("k1"),
				contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
					{ID: "i1", DueDate: dueOn(2026, 9, 1), Amount: domain.Fen(900000)},
					{ID: "dropped", DueDate: dueOn(2026, 9, 2), Amount: domain.Fen(1800000)}}},
				contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1", Amount: domain.Fen(100000), ReceivedAt: dueOn(2026, 9, 1)},
				contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
					{ID: "i1", DueDate: dueOn(2026, 9, 1), Amount: domain.Fen(900000)},
					{ID: "i2", DueDate: dueOn(2026, 10, 15), Amount: domain.Fen(900000)},
					{ID: "i3", DueDate: dueOn(2026, 12, 31), Amount: domain.Fen(900000)}}},
				contract.DunningLetterSent{ContractID: "k1", Dunning: readmodeltest.DunningStep("i1", dueOn(2026, 10, 1))},
				contract.CollectionVisitMade{ContractID: "k1", Dunning: readmodeltest.DunningStep("i1", dueOn(2026, 10, 20))},
				contract.PaymentReceived{ContractID: "k1", InstalmentID: "i2", Amount: domain.Fen(100050), ReceivedAt: dueOn(2026, 10, 16)},
			)
			add(contract.Stream("k2"), readmodeltest.SignedContractEvents("k2", "c2", "rep-2", 500000)...)
			add(contract.Stream("k2"),
				contract.CollectionPlanSet{ContractID: "k2", Instalments: []contract.Instalment{
					{ID: "j1", DueDate: dueOn(2026, 6, 1), Amount: domain.Fen(200000)},
					{ID: "j2", DueDate: dueOn(2026, 7, 1), Amount: domain.Fen(250000)}}},
				contract.PaymentReceived{ContractID: "k2", InstalmentID: "j2", Amount: domain.Fen(250000), ReceivedAt: dueOn(2026, 7, 1)},
			)
		})
}

func TestReceivables_Receivable(t *testing.T) {
	f := receivablesFixture(t)
	ctx := context.Background()
	i1, err := f.Q.Receivable(ctx, "k1", "i1", receivablesNow)
	if err != nil {
		t.Fatalf("Receivable(k1, i1): %v", err)
	}
	if i1.Paid != 100000 || i1.Outstanding != 800000 || i1.DaysOverdue != 80 || i1.AgingBucket != "61-90" ||
		i1.DunningStage != "ON_SITE_VISIT" || i1.OwnerID != "rep-1" || i1.CustomerID != "c1" || i1.ContractStatus != "SIGNED" ||
		i1.DueDate != "2026-09-01" || i1.Payments != 1 {
		t.Errorf("Receivable(i1) = %+v", i1)
	}
	body, _ := json.Marshal(i1)
	for _, s := range []string{`"amount":"9000.00"`, `"paid":"1000.00"`, `"outstanding":"8000.00"`, `"currency":"CNY"`, `"days_overdue":80`} {
		if !strings.Contains(string(body), s) {
			t.Errorf("JSON lacks %s: %s", s, body)
		}
	}
	// The same instalment a month later has moved bucket without any event.
	if later, _ := f.Q.Receivable(ctx, "k1", "i1", receivablesNow.AddDate(0, 1, 0)); later.AgingBucket != "90+" || later.DaysOverdue != 110 {
		t.Errorf("a month later: %d days, bucket %s; want 110, 90+", later.DaysOverdue, later.AgingBucket)
	}
	for _, missing := range [][2]string{{"k1", "dropped"}, {"k9", "i1"}} {
		if _, err := f.Q.Receivable(ctx, missing[0], missing[1], receivablesNow); !errors.Is(err, queries.ErrReceivableNotFound) {
			t.Errorf("Receivable(%v) error = %v, want not found", missing, err)
		}
	}
}

func TestReceivables_Receivables(t *testing.T) {
	f := receivablesFixture(t)
	list := func(filter queries.ReceivableFilter, page queries.PageRequest) (string, string) {
		t.Helper()
		filter.Now = receivablesNow
		p, err := f.Q.Receivables(context.Background(), filter, page)
		return readmodeltest.Listed(t, fmt.Sprintf("Receivables(%+v)", filter), p, err, func(v queries.ReceivableView) string { return v.InstalmentID + "=" + v.AgingBucket })
	}
	for name, tc := range map[string]struct {
		f    queries.ReceivableFilter
		want string
	}{
		"all by due date": {queries.ReceivableFilter{}, "j1=90+,j2=paid,i1=61-90,i2=31-60,i3=not_due"},
		"overdue only":    {queries.ReceivableFilter{OverdueOnly: true, Sort: "-days_overdue"}, "j1=90+,i1=61-90,i2=31-60"},
		"outstanding":     {queries.ReceivableFilter{OutstandingOnly: true, Sort: "-outstanding"}, "i3=not_due,i1=61-90,i2=31-60,j1=90+"},
		"owner":           {queries.ReceivableFilter{OwnerID: "rep-2"}, "j1=90+,j2=paid"},
		"customer":        {queries.ReceivableFilter{CustomerID: "c1", Bucket: queries.Bucket31To60}, "i2=31-60"},
	} {
		if got, _ := list(tc.f, queries.PageRequest{}); got != tc.want {
			t.Errorf("%s: Receivables = %s, want %s", name, got, tc.want)
		}
	}
	var pages []string
	cur := ""
	for range 5 {
		got, next := list(queries.ReceivableFilter{}, queries.PageRequest{Limit: 2, Cursor: cur})
		pages = append(pages, got)
		if cur = next; cur == "" {
			break
		}
	}
	if got := strings.Join(pages, "|"); got != "j1=90+,j2=paid|i1=61-90,i2=31-60|i3=not_due" {
		t.Errorf("pages = %s", got)
	}
	if _, err := f.Q.Receivables(context.Background(), queries.ReceivableFilter{Sort: "amount"}, queries.PageRequest{}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("unknown sort: error = %v", err)
	}
}

func TestReceivables_ReceivablesAging(t *testing.T) {
	f := receivablesFixture(t)
	ctx := context.Background()
	byOwner, err := f.Q.ReceivablesAging(ctx, queries.ReceivableFilter{Now: receivablesNow}, "owner")
	want := []queries.AgingTotals{
		{Key: "rep-1", Currency: "CNY", NotDue: 900000, Days31: 799950, Days61: 800000, Overdue: 1599950, Total: 2499950},
		{Key: "rep-2", Currency: "CNY", Over90: 200000, Overdue: 200000, Total: 200000},
	}
	if err != nil || !cmp.Equal(byOwner, want) {
		t.Errorf("ReceivablesAging(owner) = %v; diff %s", err, cmp.Diff(want, byOwner))
	}
	byCustomer, err := f.Q.ReceivablesAging(ctx, queries.ReceivableFilter{Now: receivablesNow, CustomerID: "c2"}, "customer")
	if err != nil || len(byCustomer) != 1 || byCustomer[0].Key != "c2" || byCustomer[0].Over90 != 200000 {
		t.Errorf("ReceivablesAging(customer c2) = %+v, %v", byCustomer, err)
	}
	if _, err := f.Q.ReceivablesAging(ctx, queries.ReceivableFilter{Now: receivablesNow}, "region"); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("aging by region: error = %v", err)
	}
}

func TestReceivables_Rebuild(t *testing.T) {
	receivablesFixture(t).RebuildMatches(t)
}
