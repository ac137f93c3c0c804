package receivables_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

// Given k1 signed with i1 (1,000.00) and i2 (500.00) due, 400.00 paid on
// i1, then a new plan replacing i2 by i3, then the rest of i1 paid ten
// days after the new plan took effect but filed only now (a retroactive
// filing: effective 30 days before it was recorded), and k2 of another rep with one instalment unpaid, when the
// receivables and their aging are read as of a time on either axis, then
// each shows what was outstanding then: the paid amounts and the plan of
// then, not today's; the late-filed payment in force from its effective
// day as known now, but not as known before it was filed. Rebuilding
// gives the same versions.
func TestReceivables_AsOfListsAndAging(t *testing.T) {
	store := memory.New()
	codec := eventstore.NewCodec(contract.Events()...)
	now := time.Now().UTC()
	daysAgo := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	add := func(stream string, effective time.Time, events ...domain.Event) time.Time {
		return readmodeltest.AppendEffective(t, store, codec, stream, effective, events...)
	}
	add(contract.Stream("k2"), daysAgo(90), readmodeltest.SignedContractEvents("k2", "c2", "rep-2", 500000)...)
	add(contract.Stream("k2"), daysAgo(90), contract.CollectionPlanSet{ContractID: "k2", Instalments: []contract.Instalment{
		{ID: "j1", DueDate: daysAgo(40), Amount: domain.Fen(20000)}}})
	add(contract.Stream("k1"), daysAgo(90), readmodeltest.SignedContractEvents("k1", "c1", "rep-1", 3000000)...)
	add(contract.Stream("k1"), daysAgo(90), contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
		{ID: "i1", DueDate: daysAgo(60), Amount: domain.Fen(100000)}, {ID: "i2", DueDate: daysAgo(50), Amount: domain.Fen(50000)}}})
	firstPaid := add(contract.Stream("k1"), daysAgo(45),
		contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1", Amount: domain.Fen(40000), ReceivedAt: daysAgo(45)})
	replanned := add(contract.Stream("k1"), daysAgo(40), contract.CollectionPlanSet{ContractID: "k1", Instalments: []contract.Instalment{
		{ID: "i1", DueDate: daysAgo(60), Amount: domain.Fen(100000)}, {ID: "i3", DueDate: daysAgo(10), Amount: domain.Fen(50000)}}})
	add(contract.Stream("k1"), daysAgo(30),
		contract.PaymentReceived{ContractID: "k1", InstalmentID: "i1", Amount: domain.Fen(60000), ReceivedAt: daysAgo(30)})
	f := readmodeltest.NewFixture(t, store, codec, receivables.New(), receivables.NewQueries, func(func(string, ...domain.Event)) {})
	ctx := context.Background()

	list := func(t *testing.T, filter queries.ReceivableFilter, page queries.PageRequest) queries.Page[queries.ReceivableView] {
		t.Helper()
		p, err := f.Q.Receivables(ctx, filter, page)
		if err != nil {
			t.Fatalf("Receivables(%+v): %v", filter, err)
		}
		return p
	}
	show := func(p queries.Page[queries.ReceivableView]) string {
		var s []string
		for _, v := range p.Items {
			s = append(s, fmt.Sprintf("%s paid %d owes %d %s", v.InstalmentID, v.Paid, v.Outstanding, v.AgingBucket))
		}
		return strings.Join(s, ", ")
	}
	for _, tc := range []struct {
		name   string
		filter queries.ReceivableFilter
		want   string
	}{
		{"as known after the first payment", queries.ReceivableFilter{ContractID: "k1", Now: daysAgo(25), At: queries.Bitemporal{AsOf: firstPaid}},
			"i1 paid 40000 owes 60000 31-60, i2 paid 0 owes 50000 0-30"},
		{"as known after the new plan", queries.ReceivableFilter{ContractID: "k1", Now: daysAgo(5), At: queries.Bitemporal{AsOf: replanned}},
			"i1 paid 40000 owes 60000 31-60, i3 paid 0 owes 50000 0-30"},
		{"today", queries.ReceivableFilter{ContractID: "k1", Now: now},
			"i1 paid 100000 owes 0 paid, i3 paid 0 owes 50000 0-30"},
		{"in force 42 days ago: the first plan and payment", queries.ReceivableFilter{ContractID: "k1", Now: daysAgo(42), At: queries.Bitemporal{ValidAt: daysAgo(42)}},
			"i1 paid 40000 owes 60000 0-30, i2 paid 0 owes 50000 0-30"},
		{"in force 35 days ago: the new plan", queries.ReceivableFilter{ContractID: "k1", Now: daysAgo(35), At: queries.Bitemporal{ValidAt: daysAgo(35)}},
			"i1 paid 40000 owes 60000 0-30, i3 paid 0 owes 50000 not_due"},
		{"in force 25 days ago: the late-filed payment in", queries.ReceivableFilter{ContractID: "k1", Now: daysAgo(25), At: queries.Bitemporal{ValidAt: daysAgo(25)}},
			"i1 paid 100000 owes 0 paid, i3 paid 0 owes 50000 not_due"},
		{"in force 25 days ago as known before the filing", queries.ReceivableFilter{ContractID: "k1", Now: daysAgo(25), At: queries.Bitemporal{ValidAt: daysAgo(25), AsOf: replanned}},
			"i1 paid 40000 owes 60000 31-60, i3 paid 0 owes 50000 not_due"},
		{"nothing in force before the contracts", queries.ReceivableFilter{Now: daysAgo(100), At: queries.Bitemporal{ValidAt: daysAgo(100)}}, ""},
		{"outstanding only, by owner", queries.ReceivableFilter{OwnerID: "rep-1", OutstandingOnly: true, Now: daysAgo(25), At: queries.Bitemporal{ValidAt: daysAgo(25)}},
			"i3 paid 0 owes 50000 not_due"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(list(t, tc.filter, queries.PageRequest{})); got != tc.want {
				t.Errorf("listed %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("sorted and paged by cursor", func(t *testing.T) {
		filter := queries.ReceivableFilter{Now: daysAgo(5), Sort: "-outstanding", At: queries.Bitemporal{AsOf: replanned}}
		var pages []string
		cursor := ""
		for range 4 {
			p := list(t, filter, queries.PageRequest{Limit: 2, Cursor: cursor})
			pages = append(pages, show(p))
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		want := "i1 paid 40000 owes 60000 31-60, i3 paid 0 owes 50000 0-30|j1 paid 0 owes 20000 31-60"
		if got := strings.Join(pages, "|"); got != want {
			t.Errorf("pages %q, want %q", got, want)
		}
	})
	t.Run("aging at a quarter end gives what was outstanding then", func(t *testing.T) {
		quarterEnd := daysAgo(25)
		got, err := f.Q.ReceivablesAging(ctx, queries.ReceivableFilter{Now: quarterEnd, At: queries.Bitemporal{AsOf: firstPaid}}, queries.AgingByOwner)
		if err != nil {
			t.Fatalf("ReceivablesAging: %v", err)
		}
		want := "rep-1 total 110000 (0-30 50000, 31-60 60000); rep-2 total 20000 (0-30 20000, 31-60 0)"
		var s []string
		for _, a := range got {
			s = append(s, fmt.Sprintf("%s total %d (0-30 %d, 31-60 %d)", a.Key, a.Total, a.Days0, a.Days31))
		}
		if strings.Join(s, "; ") != want {
			t.Errorf("aging %q, want %q", strings.Join(s, "; "), want)
		}
	})
	f.RebuildMatches(t)
}
