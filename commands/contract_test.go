package commands_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func TestContract_WholeChainToSigned(t *testing.T) {
	w := newContractWorld(t).approved()
	ctx := context.Background()

	res := w.must(w.h.Contracts.SignContract(ctx, contractHead2, contractSign))

	want := []string{"contract.drafted", "contract.registered", "contract.dept_head_approved",
		"contract.legal_review_passed", "contract.approved_by_gm", "contract.signed"}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Fatalf("contract k-1 events mismatch (-want +got):\n%s", diff)
	}
	if res.Events != 1 || res.Version != 6 {
		t.Errorf("SignContract() = %+v, want 1 event at version 6", res)
	}
	recs := w.records()
	signed, meta := recs[5], recs[5].Metadata
	if meta.ActorID != "head-2" || meta.ActorRole != domain.RoleDeptHead || meta.RegulationVersion != "contract/default" || meta.Reason != "test head-2" {
		t.Errorf("contract.signed metadata = %+v, want head-2 as DEPT_HEAD under contract/default with the reason", meta)
	}
	e, err := w.codec.DecodeRecorded(signed)
	if err != nil {
		t.Fatalf("DecodeRecorded() error = %v", err)
	}
	if s := e.(contract.Signed); s.SignerID != "head-2" || s.Place != contract.PlaceCompany || !s.Value.Equal(contractPrice) {
		t.Errorf("contract.signed = %+v, want head-2 at COMPANY for %s", s, contractPrice)
	}
	if review := recs[3].Metadata; review.ActorID != "legal-1" || review.ActorRole != domain.RoleLegal {
		t.Errorf("legal review metadata = %+v, want legal-1 as LEGAL", review)
	}
}

func TestContract_ExecutionToClosed(t *testing.T) {
	w := newContractWorld(t).approved()
	ctx := context.Background()
	w.must(w.h.Contracts.SignContract(ctx, contractHead, contractSign))

	if _, err := w.h.Contracts.StartContractExecution(ctx, contractRep, commands.StartContractExecution{ContractID: "k-1"}); !isContractRule(err, "K8") {
		t.Fatalf("StartContractExecution() before the deposit error = %v, want K8", err)
	}
	w.must(w.h.Contracts.RecordDepositReceived(ctx, contractFinance, commands.RecordDepositReceived{ContractID: "k-1", Amount: domain.Yuan(20000)}))
	w.must(w.h.Contracts.StartContractExecution(ctx, contractRep, commands.StartContractExecution{ContractID: "k-1"}))
	plan := []contract.Instalment{
		{ID: "i-1", DueDate: contractNow.AddDate(0, 1, 0), Amount: domain.Yuan(40000)},
		{ID: "i-2", DueDate: contractNow.AddDate(0, 2, 0), Amount: domain.Yuan(40000)},
	}
	w.must(w.h.Contracts.SetCollectionPlan(ctx, contractRep, commands.SetCollectionPlan{ContractID: "k-1", Instalments: plan}))
	for _, id := range []string{"i-1", "i-2"} {
		w.must(w.h.Contracts.RecordContractPayment(ctx, contractFinance, commands.RecordContractPayment{ContractID: "k-1", InstalmentID: id, Amount: domain.Yuan(40000)}))
	}
	w.must(w.h.Contracts.CompleteContract(ctx, contractRep, commands.CompleteContract{ContractID: "k-1"}))
	w.must(w.h.Contracts.RecordCompletionFeedback(ctx, contractRep, commands.RecordCompletionFeedback{ContractID: "k-1", Feedback: "on time", Satisfied: true}))
	w.must(w.h.Contracts.CloseContract(ctx, contractHead, commands.CloseContract{ContractID: "k-1"}))

	want := []string{"contract.signed", "contract.deposit_received", "contract.execution_started", "contract.collection_plan_set",
		"contract.payment_received", "contract.payment_received", "contract.completed", "contract.customer_feedback_recorded", "contract.closed"}
	if diff := cmp.Diff(want, w.types()[5:]); diff != "" {
		t.Errorf("contract k-1 events after GM approval mismatch (-want +got):\n%s", diff)
	}
}

func TestSignContract(t *testing.T) {
	elsewhere := contractSign
	elsewhere.Place = "RESTAURANT"
	tests := []struct {
		name     string
		world    func(*contractWorld)
		meta     commands.Meta
		cmd      commands.SignContract
		wantErr  error
		wantRule string
	}{
		{name: "a sales rep trying to sign is refused", world: func(w *contractWorld) { w.approved() },
			meta: contractRep, cmd: contractSign, wantErr: domain.ErrForbidden},
		{name: "signing before the legal review is refused (K1)", world: func(w *contractWorld) { w.beforeLegal() },
			meta: contractHead2, cmd: contractSign, wantErr: domain.ErrRejected, wantRule: "K1"},
		{name: "signing away from the company is refused (K3)", world: func(w *contractWorld) { w.approved() },
			meta: contractHead2, cmd: elsewhere, wantErr: domain.ErrRejected, wantRule: "K3"},
		{name: "an unknown contract is not found", world: func(*contractWorld) {},
			meta: contractHead, cmd: contractSign, wantErr: domain.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			tt.world(w)
			before := len(w.records())

			_, err := w.h.Contracts.SignContract(context.Background(), tt.meta, tt.cmd)

			if !errors.Is(err, tt.wantErr) || (tt.wantRule != "" && !isContractRule(err, tt.wantRule)) {
				t.Fatalf("SignContract() error = %v, want %v %s", err, tt.wantErr, tt.wantRule)
			}
			if after := len(w.records()); after != before {
				t.Errorf("SignContract() refused but the stream grew from %d to %d events", before, after)
			}
		})
	}
}

// beforeLegal drives k-1 up to the department head's approval.
func (w *contractWorld) beforeLegal() {
	ctx := context.Background()
	w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
	w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))
	w.must(w.h.Contracts.ApproveContractByDeptHead(ctx, contractHead, commands.ApproveContractByDeptHead{ContractID: "k-1"}))
}

func TestApproveContractByDeptHead_drafterRefused(t *testing.T) {
	w := newContractWorld(t)
	ctx := context.Background()
	// a department head who also works as sales management drafts the contract
	drafter := contractMeta("head-1", "ou-sales", domain.RoleSalesMgmt, domain.RoleDeptHead)
	w.must(w.h.Contracts.DraftContract(ctx, drafter, contractDraft))
	w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))

	_, err := w.h.Contracts.ApproveContractByDeptHead(ctx, drafter, commands.ApproveContractByDeptHead{ContractID: "k-1"})

	if !isContractRule(err, "K11") {
		t.Fatalf("ApproveContractByDeptHead() by the drafter error = %v, want K11", err)
	}
	if n := w.count("contract.dept_head_approved"); n != 0 {
		t.Errorf("dept_head_approved events = %d, want 0", n)
	}
}

func TestDraftContract_unauthorisedPrice(t *testing.T) {
	w := newContractWorld(t)
	ctx := context.Background()
	cheaper := contractDraft
	cheaper.Terms.Price = domain.Yuan(90000)

	w.must(w.h.Contracts.DraftContract(ctx, contractRep, cheaper))

	want := []string{"contract.drafted", "contract.unauthorised_quotation_detected"}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Fatalf("contract k-1 events mismatch (-want +got):\n%s", diff)
	}
	e, _ := w.codec.DecodeRecorded(w.records()[1])
	if d := e.(contract.UnauthorisedQuotationDetected); d.QuotationID != "q-1" || !d.QuotePrice.Equal(contractPrice) || d.DrafterID != "rep-1" {
		t.Errorf("detection = %+v, want q-1 at %s drafted by rep-1", d, contractPrice)
	}
	_, err := w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash})
	if !isContractRule(err, "K6") {
		t.Errorf("SubmitContract() with an unauthorised price error = %v, want K6", err)
	}
}

func TestDraftContract_refusals(t *testing.T) {
	unknownCustomer := contractDraft
	unknownCustomer.CustomerID = "c-404"
	tests := []struct {
		name    string
		meta    commands.Meta
		cmd     commands.DraftContract
		wantErr error
	}{
		{name: "legal may not draft", meta: contractLegal, cmd: contractDraft, wantErr: domain.ErrForbidden},
		{name: "an unknown customer is refused", meta: contractRep, cmd: unknownCustomer, wantErr: domain.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newContractWorld(t)
			if _, err := w.h.Contracts.DraftContract(context.Background(), tt.meta, tt.cmd); !errors.Is(err, tt.wantErr) {
				t.Fatalf("DraftContract() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestSubmitContract_idempotency(t *testing.T) {
	w := newContractWorld(t)
	ctx := context.Background()
	w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
	m := contractRep
	m.IdempotencyKey = "submit-k-1"
	first := w.must(w.h.Contracts.SubmitContract(ctx, m, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))

	again := w.must(w.h.Contracts.SubmitContract(ctx, m, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))

	if !again.Replayed || again.Version != first.Version {
		t.Errorf("repeated SubmitContract() = %+v, want a replay of %+v", again, first)
	}
	if n := w.count("contract.registered"); n != 1 {
		t.Errorf("registered events = %d, want 1", n)
	}
}

func TestApproveContractByDeptHead_race(t *testing.T) {
	contractRacingApprovals(t, newContractBarrierStore("contract-k-1"))
}

// contractRacingApprovals has two department heads approve k-1 on the same
// version of its stream: exactly one approval is recorded, and the loser
// re-decides on the fresh state and is told the contract was reviewed.
func contractRacingApprovals(t *testing.T, store *contractBarrierStore) {
	t.Helper()
	w := newContractWorldOn(t, store)
	ctx := context.Background()
	w.must(w.h.Contracts.DraftContract(ctx, contractRep, contractDraft))
	w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: contractHash}))
	commands.ForgetAggregates(w.h) // both approvals must read the stream for the barrier to line them up
	store.arm(2)                   // both approvals read version 2 before either appends

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, m := range []commands.Meta{contractHead, contractHead2} {
		wg.Go(func() {
			_, errs[i] = w.h.Contracts.ApproveContractByDeptHead(ctx, m, commands.ApproveContractByDeptHead{ContractID: "k-1"})
		})
	}
	wg.Wait()

	if n := w.count("contract.dept_head_approved"); n != 1 {
		t.Fatalf("dept_head_approved events = %d, want exactly 1", n)
	}
	won, lost := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, contract.ErrAlreadyReviewed):
			lost++
		default:
			t.Errorf("racing approval error = %v, want nil or contract.ErrAlreadyReviewed", err)
		}
	}
	if r := store.readsSinceArmed(); r < 3 {
		t.Errorf("stream reads during the race = %d, want at least 3 (the loser re-decides after its append conflicts)", r)
	}
	if won != 1 || lost != 1 {
		t.Errorf("racing approvals: %d succeeded, %d conflicted (errors %v), want 1 and 1", won, lost, errs)
	}
}

// isContractRule reports whether err is a violation of rule.
func isContractRule(err error, rule string) bool {
	var re *domain.RuleError
	return errors.As(err, &re) && re.Rule == rule
}
