package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

var (
	amendedTerms = func() contract.Terms {
		tm := terms
		tm.DeliveryDate = t0.AddDate(0, 2, 0)
		return tm
	}()
	amendmentRequested = contract.AmendmentRequested{ContractID: "c-1", AmendmentID: "a-1", Terms: amendedTerms,
		Reason: "customer asked for a later delivery", QuotationID: "q-1", PriceLinked: true,
		RequestedBy: "e-rep", RequestedRole: domain.RoleSalesRep, RequestedByOrgUnitID: "ou-sales", RequestedAt: t2}
	amendmentChain = []domain.Event{
		amendmentRequested,
		contract.Registered{ContractID: "c-1", AmendmentID: "a-1", RegistrationNo: "REG-1A", DocumentHash: "sha256:amend-1"},
		contract.DeptHeadApproved{ContractID: "c-1", AmendmentID: "a-1", Review: approval(head, contract.DecisionApproved)},
		contract.LegalReviewPassed{ContractID: "c-1", AmendmentID: "a-1", Review: approval(legal, contract.DecisionPassed)},
	}
	amendmentApproved = contract.AmendmentApproved{ContractID: "c-1", AmendmentID: "a-1", Review: approval(gm, contract.DecisionApproved)}
)

func TestContract_RequestAmendment(t *testing.T) {
	in := contract.AmendmentInput{AmendmentID: "a-1", Terms: amendedTerms, Reason: "customer asked for a later delivery"}
	dearer := in
	dearer.Terms.Price = domain.Yuan(110000)
	request := func(in contract.AmendmentInput, q contract.QuoteFacts) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.RequestAmendment(in, q, rep, t2) }
	}
	unlinkedDearer := amendmentRequested
	unlinkedDearer.Terms, unlinkedDearer.PriceLinked = dearer.Terms, false
	runDecide(t, "RequestAmendment", []decideCase{
		{name: "a change at the same price keeps the approved quote",
			given: executing, when: request(in, contract.QuoteFacts{}), want: []domain.Event{amendmentRequested}},
		{name: "a new price without a new approved quote is not linked",
			given: executing, when: request(dearer, contract.QuoteFacts{}), want: []domain.Event{unlinkedDearer}},
		{name: "an unsigned contract is revised, not amended",
			given: approvedChain, when: request(in, contract.QuoteFacts{}), wantErr: contract.ErrWrongState},
		{name: "a second amendment waits for the first",
			given:   history(executing, []domain.Event{amendmentRequested}),
			when:    request(contract.AmendmentInput{AmendmentID: "a-2", Terms: terms, Reason: "x"}, contract.QuoteFacts{}),
			wantErr: contract.ErrAmendmentPending},
	})
}

func TestContract_amendmentChain(t *testing.T) {
	ct := domain.Fold(contract.Contract.Evolve, history(executing, amendmentChain[:1])...)
	if !ct.IsSigned() || !ct.AmendmentInReview() {
		t.Fatalf("with an amendment drafted: IsSigned = %v, AmendmentInReview = %v, want true, true", ct.IsSigned(), ct.AmendmentInReview())
	}
	if _, err := ct.ApproveByDeptHead(head, "", t2); !isRule(err, "K2") {
		t.Errorf("ApproveByDeptHead() on an unregistered amendment error = %v, want K2", err)
	}
	ct = domain.Fold(contract.Contract.Evolve, history(executing, amendmentChain)...)
	got, err := ct.ApproveByGM(gm, "", t1)
	if err != nil || len(got) != 1 || got[0] != domain.Event(amendmentApproved) {
		t.Fatalf("ApproveByGM() on an amendment = %v, %v, want AmendmentApproved", got, err)
	}
	if !ct.Value.Equal(price) || !ct.Paper.Terms.DeliveryDate.Equal(terms.DeliveryDate) {
		t.Errorf("before it is signed the amendment changed the terms in force: %+v", ct.Paper.Terms)
	}
}

func TestContract_ApplyAmendment(t *testing.T) {
	sig := contract.Signature{Place: contract.PlaceCompany, DocumentHash: "sha256:amend-1"}
	apply := func(by contract.Actor) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.ApplyAmendment(sig, by, contract.DefaultRegulation(), t2)
		}
	}
	approved := history(executing, amendmentChain, []domain.Event{amendmentApproved})
	runDecide(t, "ApplyAmendment", []decideCase{
		{name: "a manager signs the approved amendment and its terms take effect", given: approved, when: apply(head),
			want: []domain.Event{contract.Amended{ContractID: "c-1", AmendmentID: "a-1", Before: terms, After: amendedTerms,
				SignerID: "e-head", SignerRole: domain.RoleDeptHead, Place: contract.PlaceCompany, DocumentHash: "sha256:amend-1", AmendedAt: t2}}},
		{name: "an amendment not yet approved by the GM does not take effect (K2)",
			given: history(executing, amendmentChain), when: apply(head), wantErr: domain.ErrRejected, wantRule: "K2"},
		{name: "an amendment before legal review does not take effect (K1)",
			given: history(executing, amendmentChain[:3]), when: apply(head), wantErr: domain.ErrRejected, wantRule: "K1"},
		{name: "a sales rep may not sign an amendment (K3)", given: approved, when: apply(rep), wantErr: domain.ErrRejected, wantRule: "K3"},
		{name: "without an amendment there is nothing to apply", given: executing, when: apply(head), wantErr: contract.ErrNoAmendment},
	})
	ct := domain.Fold(contract.Contract.Evolve, history(approved, []domain.Event{contract.Amended{ContractID: "c-1", AmendmentID: "a-1", After: amendedTerms}})...)
	if ct.AmendmentInReview() || !ct.Paper.Terms.DeliveryDate.Equal(amendedTerms.DeliveryDate) {
		t.Errorf("after Amended: AmendmentInReview = %v, delivery = %v, want false, %v", ct.AmendmentInReview(), ct.Paper.Terms.DeliveryDate, amendedTerms.DeliveryDate)
	}
}

func TestContract_WithdrawAmendment(t *testing.T) {
	withdraw := func(id string, by contract.Actor) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) {
			return ct.WithdrawAmendment(id, "customer changed mind", by, t2)
		}
	}
	pending := history(executing, amendmentChain[:2])
	runDecide(t, "WithdrawAmendment", []decideCase{
		{name: "the requester withdraws an amendment under review", given: pending, when: withdraw("a-1", rep),
			want: []domain.Event{contract.AmendmentWithdrawn{ContractID: "c-1", AmendmentID: "a-1",
				Reason: "customer changed mind", WithdrawnBy: "e-rep", WithdrawnAt: t2}}},
		{name: "legal may not withdraw someone's amendment", given: pending, when: withdraw("a-1", legal), wantErr: domain.ErrForbidden},
		{name: "another amendment id is not under way", given: pending, when: withdraw("a-9", rep), wantErr: contract.ErrNoAmendment},
	})
	ct := domain.Fold(contract.Contract.Evolve, history(pending, []domain.Event{contract.AmendmentWithdrawn{ContractID: "c-1", AmendmentID: "a-1"}})...)
	if ct.AmendmentInReview() || !ct.IsSigned() {
		t.Errorf("after withdrawal: AmendmentInReview = %v, IsSigned = %v, want false, true", ct.AmendmentInReview(), ct.IsSigned())
	}
}
