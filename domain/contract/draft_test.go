package contract_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

func TestContract_Draft(t *testing.T) {
	in := contract.DraftInput{ContractID: "c-1", CustomerID: "cu-1", Terms: terms, DepositRequired: deposit}
	bare := terms
	bare.ReturnsClause, bare.LateDeliveryClause = "", ""
	noPrice := terms
	noPrice.PaymentTerms = ""
	cheaper := quote
	cheaper.Price = domain.Yuan(90000)
	notFinal := quote
	notFinal.ApprovedFinal = false
	withWarning := drafted
	withWarning.Terms = bare
	withWarning.MissingRecommendedClauses = []string{contract.ClauseReturns, contract.ClauseLateDelivery}
	unlinked := drafted
	unlinked.PriceLinked = false
	detected := contract.UnauthorisedQuotationDetected{ContractID: "c-1", CustomerID: "cu-1", QuotationID: "q-1",
		ContractPrice: price, QuotePrice: domain.Yuan(90000), DrafterID: rep.EmployeeID, DetectedAt: t0,
		Reason: "the contract price differs from the approved final quotation price"}
	detectedNotFinal := detected
	detectedNotFinal.QuotePrice, detectedNotFinal.Reason = price, "the quotation is not an approved final quotation"
	draft := func(in contract.DraftInput, q contract.QuoteFacts, c contract.CustomerFacts) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.Draft(in, q, c, rep, t0) }
	}
	runDecide(t, "Draft", []decideCase{
		{name: "a complete draft priced at the approved final quote is recorded linked",
			when: draft(in, quote, customer), want: []domain.Event{drafted}},
		{name: "missing recommended clauses are a warning in the event (K5)",
			when: draft(contract.DraftInput{ContractID: "c-1", CustomerID: "cu-1", Terms: bare, DepositRequired: deposit}, quote, customer),
			want: []domain.Event{withWarning}},
		{name: "a missing mandatory clause is invalid (K4)",
			when:    draft(contract.DraftInput{ContractID: "c-1", CustomerID: "cu-1", Terms: noPrice}, quote, customer),
			wantErr: domain.ErrInvalid},
		{name: "an unknown customer is refused (C6)",
			when: draft(in, quote, contract.CustomerFacts{}), wantErr: contract.ErrCustomerNotFound},
		{name: "a price other than the approved final quote's is recorded as unauthorised (K6)",
			when: draft(in, cheaper, customer), want: []domain.Event{unlinked, detected}},
		{name: "a quote that is not an approved final one is recorded as unauthorised (K6)",
			when: draft(in, notFinal, customer), want: []domain.Event{unlinked, detectedNotFinal}},
		{name: "a named quotation that does not exist is not found",
			when: draft(in, contract.QuoteFacts{QuotationID: "q-x"}, customer), wantErr: domain.ErrNotFound},
		{name: "a deposit above the price is invalid",
			when:    draft(contract.DraftInput{ContractID: "c-1", CustomerID: "cu-1", Terms: terms, DepositRequired: domain.Yuan(200000)}, quote, customer),
			wantErr: domain.ErrInvalid},
		{name: "an existing contract cannot be drafted again",
			given: []domain.Event{drafted}, when: draft(in, quote, customer), wantErr: domain.ErrConflict},
	})
}

func TestContract_LinkFinalQuotation(t *testing.T) {
	unlinked := drafted
	unlinked.PriceLinked, unlinked.QuotationID = false, ""
	other := quote
	other.CustomerID = "cu-2"
	link := func(q contract.QuoteFacts) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.LinkFinalQuotation(q, rep, t1) }
	}
	runDecide(t, "LinkFinalQuotation", []decideCase{
		{name: "an approved final quote at the contract price is linked",
			given: []domain.Event{unlinked}, when: link(quote),
			want: []domain.Event{contract.PriceLinked{ContractID: "c-1", QuotationID: "q-1", Price: price, LinkedBy: "e-rep", LinkedAt: t1}}},
		{name: "linking the linked quote again records nothing", given: []domain.Event{drafted}, when: link(quote)},
		{name: "another customer's quote is recorded as unauthorised",
			given: []domain.Event{unlinked}, when: link(other),
			want: []domain.Event{contract.UnauthorisedQuotationDetected{ContractID: "c-1", CustomerID: "cu-1", QuotationID: "q-1",
				ContractPrice: price, QuotePrice: price, Reason: "the quotation is for another customer", DrafterID: "e-rep", DetectedAt: t1}}},
		{name: "a registered contract is no longer a draft",
			given: []domain.Event{drafted, registered}, when: link(quote), wantErr: contract.ErrWrongState},
	})
}

func TestContract_Submit(t *testing.T) {
	unlinked := drafted
	unlinked.PriceLinked = false
	sub := contract.Submission{RegistrationNo: "REG-1", DocumentHash: hash}
	submit := func(s contract.Submission) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.Submit(s, rep, t0) }
	}
	runDecide(t, "Submit", []decideCase{
		{name: "a linked draft is registered", given: []domain.Event{drafted}, when: submit(sub), want: []domain.Event{registered}},
		{name: "a draft whose price is not linked to an approved final quote is refused (K6)",
			given: []domain.Event{unlinked}, when: submit(sub), wantErr: domain.ErrRejected, wantRule: "K6"},
		{name: "registration needs the contract text",
			given: []domain.Event{drafted}, when: submit(contract.Submission{RegistrationNo: "REG-1"}), wantErr: domain.ErrInvalid},
		{name: "submitting the registered text again records nothing",
			given: []domain.Event{drafted, registered}, when: submit(sub)},
		{name: "an unknown contract is not found", when: submit(sub), wantErr: contract.ErrNotFound},
	})
}

func TestContract_ReviseDraft(t *testing.T) {
	returned := contract.Returned{ContractID: "c-1", Stage: contract.StatusRegistered, Review: approval(head, contract.DecisionReturned)}
	dearer := terms
	dearer.Price = domain.Yuan(120000)
	revise := func(tm contract.Terms, q contract.QuoteFacts, by contract.Actor) func(contract.Contract) ([]domain.Event, error) {
		return func(ct contract.Contract) ([]domain.Event, error) { return ct.ReviseDraft(tm, q, by, t1) }
	}
	runDecide(t, "ReviseDraft", []decideCase{
		{name: "a returned draft is revised; a new price without a quote is no longer linked",
			given: []domain.Event{drafted, registered, returned}, when: revise(dearer, contract.QuoteFacts{}, rep),
			want: []domain.Event{contract.DraftRevised{ContractID: "c-1", Terms: dearer, QuotationID: "q-1",
				PriceLinked: false, RevisedBy: "e-rep", RevisedByRole: rep.Role, RevisedAt: t1}}},
		{name: "only the drafter revises", given: []domain.Event{drafted}, when: revise(terms, quote, head), wantErr: contract.ErrNotDrafter},
		{name: "a draft under review is not revised", given: []domain.Event{drafted, registered},
			when: revise(terms, quote, rep), wantErr: contract.ErrWrongState},
	})
}
