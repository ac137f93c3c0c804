package contract_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func TestContract_SetCollectionPlan(t *testing.T) {
	set := func(in ...contract.Instalment) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.SetCollectionPlan(in, rep, t1) }
	}
	due := t0.AddDate(0, 1, 0)
	paidOnFirst := contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(10000)}
	runDecide(t, "SetCollectionPlan", []decideCase{
		{name: "instalments adding up to the value less the deposit are set",
			given: history(signedChain, []domain.Event{depositIn}), when: set(planSet.Instalments...), want: []domain.Event{planSet}},
		{name: "instalments adding up to the full value, deposit included, are refused",
			given: signedChain, when: set(contract.Instalment{ID: "i-1", DueDate: due, Amount: price}), wantErr: contract.ErrPlanMismatch},
		{name: "duplicate instalment ids are invalid",
			given: signedChain, when: set(contract.Instalment{ID: "i-1", DueDate: due, Amount: domain.Yuan(40000)},
				contract.Instalment{ID: "i-1", DueDate: due, Amount: domain.Yuan(40000)}), wantErr: domain.ErrInvalid},
		{name: "a replacement may not drop an instalment with payments",
			given: history(executing, []domain.Event{paidOnFirst}),
			when:  set(contract.Instalment{ID: "i-9", DueDate: due, Amount: domain.Yuan(80000)}), wantErr: contract.ErrPaidInstalment},
		{name: "an unsigned contract has no plan yet", given: approvedChain, when: set(planSet.Instalments...), wantErr: contract.ErrWrongState},
	})
}

func TestContract_RecordPayment(t *testing.T) {
	pay := func(id string, amount domain.Money) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.RecordPayment(id, amount, "bank-1", fin, t2)
		}
	}
	runDecide(t, "RecordPayment", []decideCase{
		{name: "finance records a payment against an instalment", given: executing, when: pay("i-1", domain.Yuan(15000)),
			want: []domain.Event{contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(15000),
				Reference: "bank-1", RecordedBy: "e-fin", ReceivedAt: t2}}},
		{name: "more than is outstanding is refused", given: executing, when: pay("i-1", domain.Yuan(40001)), wantErr: contract.ErrOverpayment},
		{name: "an unknown instalment is not found", given: executing, when: pay("i-7", domain.Yuan(1)), wantErr: contract.ErrUnknownInstalment},
		{name: "without a plan there is nothing to pay against", given: signedChain, when: pay("i-1", domain.Yuan(1)), wantErr: contract.ErrNoPlan},
	})
}

func TestContract_EscalateCollection(t *testing.T) {
	overdue := t0.AddDate(0, 1, 1) // i-1 fell due a day earlier
	escalate := func(s contract.DunningStep, by contract.Actor, now time.Time) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.EscalateCollection("i-1", s, "", by, now)
		}
	}
	dunning := func(by contract.Actor) contract.Dunning {
		return contract.Dunning{InstalmentID: "i-1", Outstanding: domain.Yuan(40000), DueDate: t0.AddDate(0, 1, 0),
			ByID: by.EmployeeID, ByRole: by.Role, At: overdue}
	}
	letter := contract.DunningLetterSent{ContractID: "c-1", Dunning: dunning(rep)}
	visit := contract.CollectionVisitMade{ContractID: "c-1", Dunning: dunning(rep)}
	paid := contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(40000)}
	approved := func(by contract.Actor) contract.LegalActionApproved {
		return contract.LegalActionApproved{ContractID: "c-1", InstalmentID: "i-1", ApproverID: by.EmployeeID, ApproverRole: by.Role, ApprovedAt: overdue}
	}
	runDecide(t, "EscalateCollection", []decideCase{
		{name: "an overdue instalment gets a dunning letter first",
			given: executing, when: escalate(contract.DunningLetter, rep, overdue), want: []domain.Event{letter}},
		{name: "an instalment not yet due is not escalated (K10)",
			given: executing, when: escalate(contract.DunningLetter, rep, t1), wantErr: domain.ErrRejected, wantRule: "K10"},
		{name: "a paid instalment is not escalated (K10)",
			given: history(executing, []domain.Event{paid}), when: escalate(contract.DunningLetter, rep, overdue), wantErr: contract.ErrNotOverdue},
		{name: "a visit before the letter skips a step (K10)",
			given: executing, when: escalate(contract.DunningVisit, rep, overdue), wantErr: contract.ErrStepOutOfOrder},
		{name: "the visit follows the letter",
			given: history(executing, []domain.Event{letter}), when: escalate(contract.DunningVisit, rep, overdue), want: []domain.Event{visit}},
		{name: "legal action before the visit skips a step",
			given: history(executing, []domain.Event{letter}), when: escalate(contract.DunningLegalAction, gm, overdue), wantErr: contract.ErrStepOutOfOrder},
		{name: "a sales rep may not start legal action",
			given: history(executing, []domain.Event{letter, visit}), when: escalate(contract.DunningLegalAction, rep, overdue), wantErr: domain.ErrForbidden},
		// legal action needs both the GM and legal (§2.2.4 EscalateCollection:
		// "lawsuit needs GM + LEGAL"): the first approval alone starts nothing
		{name: "the GM alone only approves legal action after letter and visit",
			given: history(executing, []domain.Event{letter, visit}), when: escalate(contract.DunningLegalAction, gm, overdue),
			want: []domain.Event{approved(gm)}},
		{name: "legal alone only approves legal action",
			given: history(executing, []domain.Event{letter, visit}), when: escalate(contract.DunningLegalAction, legal, overdue),
			want: []domain.Event{approved(legal)}},
		{name: "legal's approval after the GM's starts legal action",
			given: history(executing, []domain.Event{letter, visit, approved(gm)}), when: escalate(contract.DunningLegalAction, legal, overdue),
			want: []domain.Event{approved(legal), contract.LegalActionInitiated{ContractID: "c-1", Dunning: dunning(legal)}}},
		{name: "the GM's approval after legal's starts legal action",
			given: history(executing, []domain.Event{letter, visit, approved(legal)}), when: escalate(contract.DunningLegalAction, gm, overdue),
			want: []domain.Event{approved(gm), contract.LegalActionInitiated{ContractID: "c-1", Dunning: dunning(gm)}}},
		{name: "a second approval by the same role records nothing",
			given: history(executing, []domain.Event{letter, visit, approved(gm)}), when: escalate(contract.DunningLegalAction, gm, overdue)},
		{name: "one person cannot give both approvals",
			given:   history(executing, []domain.Event{letter, visit, approved(gm)}),
			when:    escalate(contract.DunningLegalAction, contract.Actor{EmployeeID: gm.EmployeeID, Role: domain.RoleLegal}, overdue),
			wantErr: contract.ErrSameApprover},
		{name: "an approval does not outlive the instalment's payment",
			given: history(executing, []domain.Event{letter, visit, approved(gm), paid}), when: escalate(contract.DunningLegalAction, legal, overdue),
			wantErr: contract.ErrNotOverdue},
		{name: "after legal action there is no further step",
			given:   history(executing, []domain.Event{letter, visit, approved(gm), approved(legal), contract.LegalActionInitiated{ContractID: "c-1", Dunning: dunning(legal)}}),
			when:    escalate(contract.DunningLegalAction, gm, overdue),
			wantErr: contract.ErrStepOutOfOrder},
	})
}

func TestContract_Evolve_replanKeepsPayments(t *testing.T) {
	paid := contract.PaymentReceived{ContractID: "c-1", InstalmentID: "i-1", Amount: domain.Yuan(10000)}
	replanned := contract.CollectionPlanSet{ContractID: "c-1", Instalments: []contract.Instalment{
		{ID: "i-1", DueDate: t0.AddDate(0, 1, 0), Amount: domain.Yuan(30000)},
		{ID: "i-3", DueDate: t0.AddDate(0, 4, 0), Amount: domain.Yuan(50000)},
	}}
	before := domain.Fold(contract.Contract.Evolve, history(executing, []domain.Event{paid})...)

	after := before.Evolve(replanned)

	if len(after.Plan) != 2 || !after.Plan[0].Paid.Equal(domain.Yuan(10000)) || !after.Plan[0].Outstanding().Equal(domain.Yuan(20000)) {
		t.Errorf("replanned i-1 = %+v, want 10000 paid and 20000 outstanding", after.Plan)
	}
	if !before.Plan[1].Amount.Equal(domain.Yuan(40000)) {
		t.Errorf("Evolve changed the earlier state's plan: %+v", before.Plan)
	}
}
