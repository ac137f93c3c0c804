package commands_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func TestContractAmendment_rerunsTheChain(t *testing.T) {
	w := newContractWorld(t).inExecution()
	ctx := context.Background()
	later := contractTerms
	later.DeliveryDate = contractNow.AddDate(0, 2, 0)
	amendHash := "sha256:k-1-amendment-1"
	w.must(w.h.Contracts.RequestContractAmendment(ctx, contractRep, commands.RequestContractAmendment{
		ContractID: "k-1", AmendmentID: "a-1", Terms: later, Reason: "customer moved the delivery"}))
	w.must(w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: amendHash}))
	apply := commands.ApplyContractAmendment{ContractID: "k-1", Place: contract.PlaceCompany, DocumentHash: amendHash}

	if _, err := w.h.Contracts.ApplyContractAmendment(ctx, contractHead2, apply); !isContractRule(err, "K1") {
		t.Fatalf("ApplyContractAmendment() before the reviews error = %v, want K1", err)
	}
	w.must(w.h.Contracts.ApproveContractByDeptHead(ctx, contractHead, commands.ApproveContractByDeptHead{ContractID: "k-1"}))
	w.must(w.h.Contracts.PassContractLegalReview(ctx, contractLegal, commands.PassContractLegalReview{ContractID: "k-1"}))
	if _, err := w.h.Contracts.ApplyContractAmendment(ctx, contractHead2, apply); !isContractRule(err, "K2") {
		t.Fatalf("ApplyContractAmendment() before the GM's approval error = %v, want K2", err)
	}
	w.must(w.h.Contracts.ApproveContractByGM(ctx, contractGM, commands.ApproveContractByGM{ContractID: "k-1"}))
	w.must(w.h.Contracts.ApplyContractAmendment(ctx, contractHead2, apply))

	want := []string{"contract.amendment_requested", "contract.registered", "contract.dept_head_approved",
		"contract.legal_review_passed", "contract.amendment_approved", "contract.amended"}
	types := w.types()
	if diff := cmp.Diff(want, types[len(types)-6:]); diff != "" {
		t.Errorf("amendment events mismatch (-want +got):\n%s", diff)
	}
	e, _ := w.codec.DecodeRecorded(w.records()[len(types)-1])
	if a := e.(contract.Amended); !a.After.DeliveryDate.Equal(later.DeliveryDate) || a.SignerRole != domain.RoleDeptHead {
		t.Errorf("contract.amended = %+v, want the later delivery date signed by a DEPT_HEAD", a)
	}
}

func TestRequestContractAmendment_newPriceNeedsApprovedQuote(t *testing.T) {
	w := newContractWorld(t).inExecution()
	ctx := context.Background()
	w.quote("q-2", domain.Yuan(120000), false) // drafted, never approved
	dearer := contractTerms
	dearer.Price = domain.Yuan(120000)

	w.must(w.h.Contracts.RequestContractAmendment(ctx, contractRep, commands.RequestContractAmendment{
		ContractID: "k-1", AmendmentID: "a-1", QuotationID: "q-2", Terms: dearer, Reason: "scope grew"}))

	if n := w.count("contract.unauthorised_quotation_detected"); n != 1 {
		t.Fatalf("unauthorised_quotation_detected events = %d, want 1", n)
	}
	_, err := w.h.Contracts.SubmitContract(ctx, contractRep, commands.SubmitContract{ContractID: "k-1", DocumentHash: "sha256:a-1"})
	if !isContractRule(err, "K6") {
		t.Errorf("SubmitContract() of an amendment at an unapproved price error = %v, want K6", err)
	}
}
