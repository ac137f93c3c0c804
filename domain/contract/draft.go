package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Actor is who takes a decision: the employee, the role the command is
// recorded under, and their org unit.
type Actor struct {
	EmployeeID string
	Role       domain.Role
	OrgUnitID  string
}

// QuoteFacts is what a decision needs to know of the quotation a contract's
// price comes from. The command layer builds it from the quotation stream.
type QuoteFacts struct {
	QuotationID   string
	Found         bool
	ApprovedFinal bool // an approved WRITTEN_FINAL quotation
	Price         domain.Money
	CustomerID    string // empty when unknown; otherwise must match
}

// CustomerFacts is what drafting needs to know of the customer.
type CustomerFacts struct {
	Exists bool
}

// DraftInput is the content of a new contract draft.
type DraftInput struct {
	ContractID      string
	CustomerID      string
	Terms           Terms
	DepositRequired domain.Money // zero when none is required
}

// Draft drafts a new contract. It refuses an existing contract, an unknown
// customer (C6), missing mandatory clauses (K4), a deposit above the price
// and a named quotation that does not exist. Missing recommended clauses
// (K5) are listed in the event. A price that differs from the named
// quotation's approved final price is recorded with
// UnauthorisedQuotationDetected (K6); such a draft cannot be registered.
func (ct Contract) Draft(in DraftInput, quote QuoteFacts, customer CustomerFacts, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(in.Terms.texts(), domain.Text("contract_id", in.ContractID), domain.Text("customer_id", in.CustomerID), domain.Text("quotation_id", quote.QuotationID))...); err != nil {
		return nil, err
	}
	if ct.Exists() {
		return nil, ErrAlreadyExists
	}
	if in.ContractID == "" {
		return nil, domain.InvalidField("contract_id", "is required")
	}
	if in.CustomerID == "" {
		return nil, domain.InvalidField("customer_id", "is required")
	}
	if !customer.Exists {
		return nil, ErrCustomerNotFound
	}
	if err := in.Terms.Validate(); err != nil {
		return nil, err
	}
	if err := validDeposit(in.DepositRequired, in.Terms.Price); err != nil {
		return nil, err
	}
	linked, detected, err := checkPrice(quote, in.Terms.Price, in.CustomerID)
	if err != nil {
		return nil, err
	}
	events := []domain.Event{Drafted{
		ContractID: in.ContractID, CustomerID: in.CustomerID, Terms: in.Terms,
		DepositRequired: in.DepositRequired, QuotationID: quote.QuotationID, PriceLinked: linked,
		MissingRecommendedClauses: in.Terms.MissingRecommended(),
		DrafterID:                 by.EmployeeID, DrafterRole: by.Role, DrafterOrgUnitID: by.OrgUnitID, DraftedAt: now,
	}}
	if detected != "" {
		events = append(events, unauthorised(in.ContractID, "", in.CustomerID, quote, in.Terms.Price, detected, by, now))
	}
	return events, nil
}

func validDeposit(deposit, price domain.Money) error {
	switch {
	case deposit.IsZero():
		return nil
	case deposit.IsNegative():
		return domain.InvalidField("deposit_required", "must not be negative")
	case deposit.Currency != price.Currency:
		return domain.InvalidField("deposit_required", "must be in the currency of the price")
	case deposit.Cmp(price) > 0:
		return domain.InvalidField("deposit_required", "must not exceed the price")
	}
	return nil
}

// checkPrice tells whether price is tied to the named quotation (K6). With
// no quotation named it is simply not linked yet; otherwise reason says why
// the quotation does not authorise the price.
func checkPrice(quote QuoteFacts, price domain.Money, customerID string) (linked bool, reason string, err error) {
	switch {
	case quote.QuotationID == "":
		return false, "", nil
	case !quote.Found:
		return false, "", ErrQuotationNotFound
	case !quote.ApprovedFinal:
		return false, "the quotation is not an approved final quotation", nil
	case quote.CustomerID != "" && quote.CustomerID != customerID:
		return false, "the quotation is for another customer", nil
	case !quote.Price.Equal(price):
		return false, "the contract price differs from the approved final quotation price", nil
	}
	return true, "", nil
}

func unauthorised(contractID, amendmentID, customerID string, quote QuoteFacts, price domain.Money, reason string, by Actor, now time.Time) UnauthorisedQuotationDetected {
	return UnauthorisedQuotationDetected{
		ContractID: contractID, AmendmentID: amendmentID, CustomerID: customerID,
		QuotationID: quote.QuotationID, ContractPrice: price, QuotePrice: quote.Price,
		Reason: reason, DrafterID: by.EmployeeID, DetectedAt: now,
	}
}

// draftPaper returns the paper that is in DRAFT (the contract or the
// amendment under way), or why there is none.
func (ct Contract) draftPaper() (Paper, string, error) {
	if !ct.Exists() {
		return Paper{}, "", ErrNotFound
	}
	p, amendmentID, ok := ct.subject()
	if !ok || p.Stage != StatusDraft {
		return Paper{}, "", ErrWrongState
	}
	return p, amendmentID, nil
}
