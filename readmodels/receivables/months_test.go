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
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/receivables"
)

// months lists rep's counters (receivable_months) by month as
// "month paid=… due=… payments=… collected=…".
func months[Q any](t *testing.T, f readmodeltest.Fixture[Q], rep string) string {
	t.Helper()
	rows, err := f.Pool.Query(context.Background(), fmt.Sprintf(`SELECT month, paid_instalments, paid_due_minor, payments, collected_minor
		FROM %s WHERE owner_id = $1 ORDER BY month`, pgx.Identifier{string(f.NS), "receivable_months"}.Sanitize()), rep)
	if err != nil {
		t.Fatalf("receivable_months: %v", err)
	}
	var out []string
	for rows.Next() {
		var month string
		var paid, due, payments, collected int64
		if err := rows.Scan(&month, &paid, &due, &payments, &collected); err != nil {
			t.Fatalf("receivable_months: %v", err)
		}
		out = append(out, fmt.Sprintf("%s paid=%d due=%d payments=%d collected=%d", month, paid, due, payments, collected))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("receivable_months: %v", err)
	}
	return strings.Join(out, "; ")
}

func TestReceivableMonths_CountThePaidInstalmentsByDueMonthAndThePaymentsByCompanyMonth(t *testing.T) {
	// Given k1 (rep-1) with two instalments part paid, one dropped by a
	// new plan, and k2 (rep-2) with one instalment paid in full.
	f := receivablesFixture(t)
	// Then rep-1 has no paid instalment, only the payments of September
	// and October; rep-2 the paid instalment in its due month, July, and
	// the payment that paid it.
	for rep, want := range map[string]string{
		"rep-1": "2026-09 paid=0 due=0 payments=1 collected=100000; 2026-10 paid=0 due=0 payments=1 collected=100050",
		"rep-2": "2026-07 paid=1 due=250000 payments=1 collected=250000",
	} {
		if got := months(t, f, rep); got != want {
			t.Errorf("%s: counters = %s, want %s", rep, got, want)
		}
	}
}

func TestReceivableMonths_FollowTheEventsThatMoveAnAmountToAnotherMonth(t *testing.T) {
	// Given k3 (rep-3) whose instalment p1, due on 30 June, is paid by a
	// payment received at 00:30 on 1 July, company time (UTC+8).
	codec := eventstore.NewCodec(contract.Events()...)
	plan := func(due time.Time, yuan int64) contract.CollectionPlanSet {
		return contract.CollectionPlanSet{ContractID: "k3", Instalments: []contract.Instalment{{ID: "p1", DueDate: due, Amount: domain.Fen(yuan * 100)}}}
	}
	f := readmodeltest.NewFixture(t, memory.New(), codec, receivables.New(), receivables.NewQueries, func(add func(string, ...domain.Event)) {
		add(contract.Stream("k3"), readmodeltest.SignedContractEvents("k3", "c3", "rep-3", 1000000)...)
		add(contract.Stream("k3"), plan(dueOn(2026, 6, 30), 1000),
			contract.PaymentReceived{ContractID: "k3", InstalmentID: "p1", Amount: domain.Fen(100000),
				ReceivedAt: time.Date(2026, 6, 30, 16, 30, 0, 0, time.UTC)})
	})
	// Then the paid instalment counts in June and its payment in July.
	want := "2026-06 paid=1 due=100000 payments=0 collected=0; 2026-07 paid=0 due=0 payments=1 collected=100000"
	if got := months(t, f, "rep-3"); got != want {
		t.Errorf("paid: counters = %s, want %s", got, want)
	}
	// When a new plan moves p1's due day to 1 July.
	readmodeltest.Append(t, f.Store, codec, contract.Stream("k3"), plan(dueOn(2026, 7, 1), 1000))
	readmodeltest.WaitHead(t, f.Pool, f.Store, f.NS, f.P)
	// Then the paid instalment has moved from June, which counts nothing
	// any more, to July.
	want = "2026-07 paid=1 due=100000 payments=1 collected=100000"
	if got := months(t, f, "rep-3"); got != want {
		t.Errorf("moved: counters = %s, want %s", got, want)
	}
	// When a new plan raises p1 beyond what was paid.
	readmodeltest.Append(t, f.Store, codec, contract.Stream("k3"), plan(dueOn(2026, 7, 1), 1500))
	readmodeltest.WaitHead(t, f.Pool, f.Store, f.NS, f.P)
	// Then p1 is owed again and counts as paid nowhere; its payment stays.
	want = "2026-07 paid=0 due=0 payments=1 collected=100000"
	if got := months(t, f, "rep-3"); got != want {
		t.Errorf("owed again: counters = %s, want %s", got, want)
	}
	// And applying the log again, or rebuilding it in other batches,
	// gives the counters the live runner kept.
	f.RebuildMatches(t)
}
