package river_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
)

// TestDeadlines_aSettledInstalmentsNextStepNeverFires: given two
// instalments overdue for ten days, each with its letter, when the first
// is settled, then the visit falls due on the second only: the first's
// is cancelled and never fires (K10-ladder, K10-overdue).
func TestDeadlines_aSettledInstalmentsNextStepNeverFires(t *testing.T) {
	w := newWorld(t)
	s, _ := w.scheduler(t)
	dueDate := time.Now().UTC().AddDate(0, 0, -10)
	letter := func(instalment string) contract.DunningLetterSent {
		return contract.DunningLetterSent{ContractID: "k-1", Dunning: contract.Dunning{InstalmentID: instalment, DueDate: dueDate,
			ByRole: domain.RoleSystem, At: dueDate.AddDate(0, 0, 1)}}
	}
	w.given(t, contract.Stream("k-1"),
		contract.CollectionPlanSet{ContractID: "k-1", Instalments: []contract.Instalment{{ID: "i-1", DueDate: dueDate}, {ID: "i-2", DueDate: dueDate}}},
		letter("i-1"), letter("i-2"),
		contract.PaymentReceived{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(1), Settled: true})
	recs, err := w.store.ReadStream(context.Background(), contract.Stream("k-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := pgx.BeginFunc(context.Background(), w.pool, func(tx pgx.Tx) error {
		return s.Follower().Apply(context.Background(), tx, recs)
	}); err != nil {
		t.Fatal(err)
	}
	visit := func(instalment string) string {
		return deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1",
			Item: instalment + "@" + dueDate.Format(time.DateOnly) + "@" + string(contract.DunningVisit)}.Key()
	}

	w.fired.waitFor(t, visit("i-2"))
	time.Sleep(500 * time.Millisecond)
	if n := len(w.fired.of(visit("i-1"))); n != 0 {
		t.Errorf("the settled instalment's visit fired %d times, want never", n)
	}
	if got := w.jobStates(t, visit("i-1")); !slices.Equal(got, []string{"cancelled"}) {
		t.Errorf("the settled instalment's visit jobs = %v, want one cancelled", got)
	}
	if n := len(w.fired.of(visit("i-2"))); n != 1 {
		t.Errorf("the owed instalment's visit fired %d times, want once", n)
	}
}
