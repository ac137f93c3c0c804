package deadlines_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// TestDerive_dunningLadder: given the dunning ladder in force, when an
// instalment's plan is set and each step is taken, then the next step
// falls due when the ladder lets it be taken and never before the step
// before it; a payment settling the instalment cancels every step still
// to come on it (K10-overdue, K10-ladder).
func TestDerive_dunningLadder(t *testing.T) {
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	ladder := deadlines.Rules{DunningLadder: func(time.Time) contract.DunningLadder {
		return contract.DunningLadder{LetterAfterDays: 10, VisitAfterDays: 20, LegalActionAfterDays: 45}
	}}
	taken := func(at time.Time) contract.Dunning {
		return contract.Dunning{InstalmentID: "i-1", DueDate: dec1, ByRole: domain.RoleSystem, At: at}
	}
	tests := []struct {
		name  string
		event domain.Event
		rules deadlines.Rules
		want  []deadlines.Change
	}{
		{"the letter falls due when the ladder lets it go", contract.CollectionPlanSet{ContractID: "k-1", Instalments: []contract.Instalment{{ID: "i-1", DueDate: dec1}}},
			ladder, []deadlines.Change{due(deadlines.InstalmentOverdue, "k-1", "i-1@2026-12-01", dec1.Add(10*day+time.Second))}},
		{"under the default ladder the visit falls due just after the letter", contract.DunningLetterSent{ContractID: "k-1", Dunning: taken(dec1.Add(time.Second))},
			deadlines.Rules{}, []deadlines.Change{due(deadlines.InstalmentOverdue, "k-1", "i-1@2026-12-01@ON_SITE_VISIT", dec1.Add(2*time.Second))}},
		{"after the letter the visit falls due at the ladder's day for it", contract.DunningLetterSent{ContractID: "k-1", Dunning: taken(dec1.Add(10 * day))},
			ladder, []deadlines.Change{due(deadlines.InstalmentOverdue, "k-1", "i-1@2026-12-01@ON_SITE_VISIT", dec1.Add(20*day+time.Second))}},
		{"a letter sent late moves the visit to just after it", contract.DunningLetterSent{ContractID: "k-1", Dunning: taken(dec1.Add(30 * day))},
			ladder, []deadlines.Change{due(deadlines.InstalmentOverdue, "k-1", "i-1@2026-12-01@ON_SITE_VISIT", dec1.Add(30*day+time.Second))}},
		{"after the visit legal action falls due at the ladder's day for it", contract.CollectionVisitMade{ContractID: "k-1", Dunning: taken(dec1.Add(21 * day))},
			ladder, []deadlines.Change{due(deadlines.InstalmentOverdue, "k-1", "i-1@2026-12-01@LEGAL_ACTION", dec1.Add(45*day+time.Second))}},
		{"legal action ends the ladder", contract.LegalActionInitiated{ContractID: "k-1", Dunning: taken(dec1.Add(50 * day))}, ladder, nil},
		{"a payment settling the instalment cancels its steps still to come",
			contract.PaymentReceived{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(1), Settled: true},
			ladder, []deadlines.Change{{CancelPrefix: "instalment_overdue:k-1:i-1@"}}},
		{"a part payment leaves them", contract.PaymentReceived{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(1)}, ladder, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := deadlines.Derive(deadlines.Source{Event: tt.event, EventID: "ev-1", CorrelationID: "corr-1"}, tt.rules)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Derive() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDerive_settledCancelsOnlyItsInstalment: the cancellation of i-1's
// steps does not reach i-10's, whose keys share the characters "i-1".
func TestDerive_settledCancelsOnlyItsInstalment(t *testing.T) {
	got := deadlines.Derive(deadlines.Source{Event: contract.PaymentReceived{ContractID: "k-1", InstalmentID: "i-1", Settled: true}}, deadlines.Rules{})
	other := deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-10@2026-12-01@ON_SITE_VISIT"}
	if len(got) != 1 || len(got[0].CancelPrefix) == 0 || strings.HasPrefix(other.Key(), got[0].CancelPrefix) {
		t.Errorf("Derive() = %+v, which cancels %s too", got, other.Key())
	}
}
