package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// TestContract_FlagCollectionStepDue: given an overdue instalment, when
// the ladder's next step, a person's, falls due, then it is flagged to
// the rep (the visit) or to the GM and legal (legal action), only while
// the instalment is owed and its dunning is one step short (K10-ladder).
func TestContract_FlagCollectionStepDue(t *testing.T) {
	overdue := t0.AddDate(0, 1, 2)
	flag := func(s contract.DunningStep) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.FlagCollectionStepDue("i-1", s, overdue) }
	}
	dunning := contract.Dunning{InstalmentID: "i-1", Outstanding: domain.Yuan(40000), DueDate: t0.AddDate(0, 1, 0),
		ByID: "system", ByRole: domain.RoleSystem, At: t0.AddDate(0, 1, 1)}
	letter := contract.DunningLetterSent{ContractID: "c-1", Dunning: dunning}
	visit := contract.CollectionVisitMade{ContractID: "c-1", Dunning: dunning}
	due := func(s contract.DunningStep, outstanding domain.Money) contract.CollectionStepDue {
		return contract.CollectionStepDue{ContractID: "c-1", InstalmentID: "i-1", Step: s, Outstanding: outstanding,
			DueDate: t0.AddDate(0, 1, 0), RepID: rep.EmployeeID, OrgUnitID: "ou-sales", FlaggedAt: overdue}
	}
	part := contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(10000)}
	paid := contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(40000), Settled: true}
	runDecide(t, "FlagCollectionStepDue", []decideCase{
		{name: "after the letter the visit falls due to the rep",
			given: history(executing, []domain.Event{letter}), when: flag(contract.DunningVisit), want: []domain.Event{due(contract.DunningVisit, domain.Yuan(40000))}},
		{name: "after the visit legal action falls due to the GM and legal",
			given: history(executing, []domain.Event{letter, visit}), when: flag(contract.DunningLegalAction), want: []domain.Event{due(contract.DunningLegalAction, domain.Yuan(40000))}},
		{name: "a part payment leaves the rest owed and the step due",
			given: history(executing, []domain.Event{letter, part}), when: flag(contract.DunningVisit), want: []domain.Event{due(contract.DunningVisit, domain.Yuan(30000))}},
		{name: "a paid instalment flags nothing",
			given: history(executing, []domain.Event{letter, paid}), when: flag(contract.DunningVisit)},
		{name: "a visit a person made already flags nothing",
			given: history(executing, []domain.Event{letter, visit}), when: flag(contract.DunningVisit)},
		{name: "legal action before the visit flags nothing",
			given: history(executing, []domain.Event{letter}), when: flag(contract.DunningLegalAction)},
		{name: "a terminated contract flags nothing",
			given: history(executing, []domain.Event{letter, contract.Terminated{ContractID: "c-1"}}), when: flag(contract.DunningVisit)},
		{name: "the letter is the system's own step, not flagged",
			given: executing, when: flag(contract.DunningLetter), wantErr: domain.ErrInvalid},
		{name: "an unknown instalment is refused",
			given: history(executing, []domain.Event{letter}), when: func(ct contract.Contract) ([]domain.Event, error) {
				return ct.FlagCollectionStepDue("i-7", contract.DunningVisit, overdue)
			}, wantErr: contract.ErrUnknownInstalment},
		{name: "an unknown contract is not found", when: flag(contract.DunningVisit), wantErr: contract.ErrNotFound},
	})
}

// TestContract_RecordPayment_settles: the payment that clears an
// instalment says so, and only that one (K10-overdue: it cancels the
// dunning steps still scheduled).
func TestContract_RecordPayment_settles(t *testing.T) {
	pay := func(amount domain.Money) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.RecordPayment("i-1", amount, "", fin, t2)
		}
	}
	received := func(amount domain.Money, settled bool) contract.PaymentReceived {
		return contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: amount, RecordedBy: "e-fin", ReceivedAt: t2, Settled: settled}
	}
	runDecide(t, "RecordPayment", []decideCase{
		{name: "the full outstanding amount settles the instalment", given: executing, when: pay(domain.Yuan(40000)),
			want: []domain.Event{received(domain.Yuan(40000), true)}},
		{name: "one fen less does not", given: executing, when: pay(domain.Fen(3999999)),
			want: []domain.Event{received(domain.Fen(3999999), false)}},
		{name: "the last part of it does", given: history(executing, []domain.Event{received(domain.Yuan(10000), false)}), when: pay(domain.Yuan(30000)),
			want: []domain.Event{received(domain.Yuan(30000), true)}},
	})
}
