package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func TestContract_Sign(t *testing.T) {
	sig := contract.Signature{Place: contract.PlaceCompany, CustomerSignatory: "Mr Li", DocumentHash: hash}
	elsewhere := sig
	elsewhere.Place = "CUSTOMER_OFFICE"
	otherText := sig
	otherText.DocumentHash = "sha256:text-v2"
	headDraft := drafted
	headDraft.DrafterID, headDraft.DrafterRole = "e-head2", domain.RoleDeptHead
	sign := func(s contract.Signature, by contract.Actor) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.Sign(s, by, contract.DefaultRegulation(), t1)
		}
	}
	runDecide(t, "Sign", []decideCase{
		{name: "a manager signs an approved contract at the company",
			given: approvedChain, when: sign(sig, head), want: []domain.Event{signed}},
		{name: "a sales rep may not sign (K3)",
			given: approvedChain, when: sign(sig, rep), wantErr: domain.ErrRejected, wantRule: "K3"},
		{name: "signing away from the company is refused (K3)",
			given: approvedChain, when: sign(elsewhere, head), wantErr: domain.ErrRejected, wantRule: "K3"},
		{name: "signing before the legal review passed is refused (K1)",
			given: []domain.Event{drafted, registered, deptApproved}, when: sign(sig, head), wantErr: domain.ErrRejected, wantRule: "K1"},
		{name: "signing a draft is refused (K1)",
			given: []domain.Event{drafted}, when: sign(sig, gm), wantErr: domain.ErrRejected, wantRule: "K1"},
		{name: "signing after legal but before the GM's approval is refused (K2)",
			given: history(approvedChain[:4]), when: sign(sig, head), wantErr: domain.ErrRejected, wantRule: "K2"},
		{name: "the drafter may not sign (K11)",
			given: []domain.Event{headDraft, registered, deptApproved, legalPassed, gmApproved},
			when:  sign(sig, head2), wantErr: domain.ErrRejected, wantRule: "K11"},
		{name: "a text other than the reviewed one is refused",
			given: approvedChain, when: sign(otherText, head), wantErr: contract.ErrDocumentChanged},
		{name: "signing a signed contract records nothing", given: signedChain, when: sign(sig, gm)},
	})
}

func TestContract_Evolve_signedState(t *testing.T) {
	ct := domain.Fold(contract.Contract.Evolve, signedChain...)
	if !ct.IsSigned() || ct.DepositSatisfied() {
		t.Fatalf("after signing: IsSigned = %v, DepositSatisfied = %v, want true, false", ct.IsSigned(), ct.DepositSatisfied())
	}
	ct = ct.Evolve(depositIn).Evolve(started)
	if ct.Status != contract.StatusInExecution || !ct.IsSigned() || !ct.DepositSatisfied() {
		t.Errorf("in execution: Status = %s, IsSigned = %v, DepositSatisfied = %v", ct.Status, ct.IsSigned(), ct.DepositSatisfied())
	}
	if ct.ID != "c-1" || ct.CustomerID != "cu-1" || !ct.Value.Equal(price) || !ct.DepositRequired.Equal(deposit) {
		t.Errorf("state = %+v, want c-1 for cu-1 at %s with deposit %s", ct, price, deposit)
	}
}
