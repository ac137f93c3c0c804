package commands_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
)

func contractStore(w *contractWorld) eventstore.Store { return w.store }

// The contract's own steps follow §2.2.4's issuers: the rep (not sales
// management) links the final quotation, starts execution and records the
// completion feedback; only the drafter reworks a draft; a head of another
// unit is refused even once the department step is done; and dunning
// letters and visits are the sales side's, not the GM's or legal's.
func TestContractCommands_issuerScope(t *testing.T) {
	ctx := context.Background()
	forbidden := domain.ErrForbidden
	drafted := func(t *testing.T) *contractWorld {
		w := newContractWorld(t)
		w.must(w.h.Contracts.DraftContract(ctx, contractRep, commands.DraftContract{ContractID: "k-1", CustomerID: "c-1",
			Terms: contractTerms, DepositRequired: domain.Yuan(20000)}))
		return w
	}
	signedWithDeposit := func(t *testing.T) *contractWorld {
		w := newContractWorld(t).approved()
		w.must(w.h.Contracts.SignContract(ctx, contractHead, contractSign))
		w.must(w.h.Contracts.RecordDepositReceived(ctx, contractFinance, commands.RecordDepositReceived{ContractID: "k-1", Amount: domain.Yuan(20000)}))
		return w
	}
	link := func(w *contractWorld, m commands.Meta) error {
		_, err := w.h.Contracts.LinkFinalQuotation(ctx, m, commands.LinkFinalQuotation{ContractID: "k-1", QuotationID: "q-1"})
		return err
	}
	revise := func(w *contractWorld, m commands.Meta) error {
		_, err := w.h.Contracts.ReviseContractDraft(ctx, m, commands.ReviseContractDraft{ContractID: "k-1", Terms: contractTerms})
		return err
	}
	execute := func(w *contractWorld, m commands.Meta) error {
		_, err := w.h.Contracts.StartContractExecution(ctx, m, commands.StartContractExecution{ContractID: "k-1"})
		return err
	}
	feedback := func(w *contractWorld, m commands.Meta) error {
		_, err := w.h.Contracts.RecordCompletionFeedback(ctx, m, commands.RecordCompletionFeedback{ContractID: "k-1", Feedback: "fine"})
		return err
	}
	headApproves := func(w *contractWorld, m commands.Meta) error {
		_, err := w.h.Contracts.ApproveContractByDeptHead(ctx, m, commands.ApproveContractByDeptHead{ContractID: "k-1"})
		return err
	}
	otherRep := contractMeta("rep-2", "ou-sales", domain.RoleSalesRep)
	t.Run("drafted", func(t *testing.T) {
		// given k-1 drafted by rep-1 of ou-sales
		checkScope(t, drafted, contractStore, contract.Stream("k-1"), []scopeCase[*contractWorld]{
			{name: "the rep links the final quotation", meta: contractRep, run: link},
			{name: "sales management links no quotation", meta: contractSalesMgmt, run: link, wantErr: forbidden},
			{name: "the drafter reworks the draft", meta: contractRep, run: revise},
			{name: "another rep reworks nothing", meta: otherRep, run: revise, wantErr: forbidden},
		})
	})
	t.Run("signed with the deposit in", func(t *testing.T) {
		checkScope(t, signedWithDeposit, contractStore, contract.Stream("k-1"), []scopeCase[*contractWorld]{
			{name: "the rep starts execution", meta: contractRep, run: execute},
			{name: "sales management starts no execution", meta: contractSalesMgmt, run: execute, wantErr: forbidden},
			{name: "another unit's head is refused after the department step, not told the step is done",
				meta: contractMeta("head-9", "ou-north", domain.RoleDeptHead), run: headApproves, wantErr: forbidden},
			{name: "sales management records no completion feedback", meta: contractSalesMgmt, run: feedback, wantErr: forbidden},
		})
	})
	t.Run("an overdue instalment", func(t *testing.T) {
		overdue := func(t *testing.T) *contractWorld {
			w := newContractWorld(t).inExecution()
			w.now = contractNow.AddDate(0, 1, 2)
			return w
		}
		letter := func(w *contractWorld, m commands.Meta) error {
			_, err := w.h.Contracts.EscalateCollection(ctx, m, commands.EscalateCollection{ContractID: "k-1", InstalmentID: "i-1", Step: contract.DunningLetter})
			return err
		}
		checkScope(t, overdue, contractStore, contract.Stream("k-1"), []scopeCase[*contractWorld]{
			{name: "sales management sends the dunning letter", meta: contractSalesMgmt, run: letter},
			{name: "the GM sends no dunning letter", meta: contractGM, run: letter, wantErr: forbidden},
			{name: "legal sends no dunning letter", meta: contractLegal, run: letter, wantErr: forbidden},
		})
	})
}

// A department head approves or rejects only quotations for customers of
// their own unit (§1.5); the GM office and the GM approve company-wide.
func TestQuotationApproval_issuerScope(t *testing.T) {
	ctx := context.Background()
	submitted := func(t *testing.T) quotationWorld {
		w := newQuotationWorld(t)
		w.submitted("q-1", 6500) // 35% margin: the department head's tier
		return w
	}
	approve := func(w quotationWorld, m commands.Meta) error {
		_, err := w.h.Quotations.ApproveQuotation(ctx, m, commands.ApproveQuotation{QuotationID: "q-1"})
		return err
	}
	reject := func(w quotationWorld, m commands.Meta) error {
		_, err := w.h.Quotations.RejectQuotation(ctx, m, commands.RejectQuotation{QuotationID: "q-1"})
		return err
	}
	farHead := inOrgUnit(quotationMeta("head-9", domain.RoleDeptHead), "branch-sh")
	// given q-1 for customer c-1 of branch-nj, waiting for approval
	checkScope(t, submitted, func(w quotationWorld) eventstore.Store { return w.store }, quotation.Stream("q-1"), []scopeCase[quotationWorld]{
		{name: "the customer's unit's head approves", meta: quoteHead, run: approve},
		{name: "another unit's head approves nothing", meta: farHead, run: approve, wantErr: domain.ErrForbidden},
		{name: "another unit's head rejects nothing", meta: farHead, run: reject, wantErr: domain.ErrForbidden},
		{name: "the GM office approves company-wide", meta: quoteGMOffice, run: approve},
	})
}
