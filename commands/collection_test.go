package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// inExecution drives k-1 to execution with a plan of two instalments of
// 40000, due one and two months after contractNow.
func (w *contractWorld) inExecution() *contractWorld {
	w.t.Helper()
	ctx := context.Background()
	w.approved()
	w.must(w.h.Contracts.SignContract(ctx, contractHead, contractSign))
	w.must(w.h.Contracts.RecordDepositReceived(ctx, contractFinance, commands.RecordDepositReceived{ContractID: "k-1", Amount: domain.Yuan(20000)}))
	w.must(w.h.Contracts.StartContractExecution(ctx, contractRep, commands.StartContractExecution{ContractID: "k-1"}))
	w.must(w.h.Contracts.SetCollectionPlan(ctx, contractRep, commands.SetCollectionPlan{ContractID: "k-1", Instalments: []contract.Instalment{
		{ID: "i-1", DueDate: contractNow.AddDate(0, 1, 0), Amount: domain.Yuan(40000)},
		{ID: "i-2", DueDate: contractNow.AddDate(0, 2, 0), Amount: domain.Yuan(40000)},
	}}))
	return w
}

func TestEscalateCollection(t *testing.T) {
	w := newContractWorld(t).inExecution()
	ctx := context.Background()
	escalate := func(m commands.Meta, step contract.DunningStep) error {
		_, err := w.h.Contracts.EscalateCollection(ctx, m, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: step})
		return err
	}

	if err := escalate(contractRep, contract.DunningLetter); !isContractRule(err, "K10") {
		t.Fatalf("EscalateCollection() before the due date error = %v, want K10", err)
	}
	w.now = contractNow.AddDate(0, 1, 2) // i-1 is now overdue
	if err := escalate(contractRep, contract.DunningVisit); !errors.Is(err, contract.ErrStepOutOfOrder) {
		t.Fatalf("EscalateCollection(visit) before a letter error = %v, want ErrStepOutOfOrder", err)
	}
	w.must(w.h.Contracts.EscalateCollection(ctx, contractRep, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningLetter}))
	w.must(w.h.Contracts.EscalateCollection(ctx, contractRep, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningVisit}))
	if err := escalate(contractRep, contract.DunningLegalAction); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("EscalateCollection(legal action) by a sales rep error = %v, want ErrForbidden", err)
	}
	// legal action needs the GM and legal both (§2.2.4): the GM approves, legal's approval starts it
	w.must(w.h.Contracts.EscalateCollection(ctx, contractGM, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningLegalAction}))
	w.must(w.h.Contracts.EscalateCollection(ctx, contractLegal, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningLegalAction}))

	want := []string{"contract.dunning_letter_sent", "contract.collection_visit_made",
		"contract.legal_action_approved", "contract.legal_action_approved", "contract.legal_action_initiated"}
	types := w.types()
	if diff := cmp.Diff(want, types[len(types)-5:]); diff != "" {
		t.Errorf("escalation events mismatch (-want +got):\n%s", diff)
	}
}

func TestEscalateCollection_legalActionNeedsGMAndLegal(t *testing.T) {
	legalAction := commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningLegalAction}
	tests := []struct {
		name          string
		first, second commands.Meta
	}{
		{name: "the GM first, then legal", first: contractGM, second: contractLegal},
		{name: "legal first, then the GM", first: contractLegal, second: contractGM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w := newContractWorld(t).inExecution()
			w.now = contractNow.AddDate(0, 1, 2) // i-1 is overdue
			for _, step := range []contract.DunningStep{contract.DunningLetter, contract.DunningVisit} {
				w.must(w.h.Contracts.EscalateCollection(ctx, contractRep, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: step}))
			}

			w.must(w.h.Contracts.EscalateCollection(ctx, tt.first, legalAction))

			if n := w.count("contract.legal_action_initiated"); n != 0 {
				t.Fatalf("legal_action_initiated after one approval = %d, want 0", n)
			}
			w.must(w.h.Contracts.EscalateCollection(ctx, tt.second, legalAction))
			if n := w.count("contract.legal_action_initiated"); n != 1 {
				t.Errorf("legal_action_initiated after both approvals = %d, want 1", n)
			}
		})
	}
}

func TestRecordContractPayment(t *testing.T) {
	tests := []struct {
		name    string
		meta    commands.Meta
		cmd     commands.RecordContractPayment
		wantErr error
	}{
		{name: "finance records a partial payment", meta: contractFinance,
			cmd: commands.RecordContractPayment{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(10000), Reference: "bank-7"}},
		{name: "a sales rep may not record payments", meta: contractRep,
			cmd: commands.RecordContractPayment{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(10000)}, wantErr: domain.ErrForbidden},
		{name: "more than the instalment is refused", meta: contractFinance,
			cmd: commands.RecordContractPayment{ContractID: "k-1", InstalmentID: "i-1", Amount: domain.Yuan(40001)}, wantErr: contract.ErrOverpayment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t).inExecution()

			_, err := w.h.Contracts.RecordContractPayment(context.Background(), tt.meta, tt.cmd)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RecordContractPayment() error = %v, want %v", err, tt.wantErr)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.wantErr == nil]; w.count("contract.payment_received") != want {
				t.Errorf("payment_received events = %d, want %d", w.count("contract.payment_received"), want)
			}
		})
	}
}
